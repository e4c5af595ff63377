"""langchain-taskgen: turn unlabelled documents into instruction-tuning task pairs.

The root is lazy: ``import langchain_taskgen`` loads nothing heavy, each name below is
imported on first use. Everything else lives in the subpackage of its pipeline stage
(``langchain_taskgen.engines``, ``.formats``, ``.generation``, ``.checks``, ...).

Example:
    >>> import langchain_taskgen
    >>> sorted(langchain_taskgen.TASK_TYPES)[:3]
    ['coref', 'exqa', 'mcqa']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from langchain_taskgen._deprecation import warn_moved

if TYPE_CHECKING:
    from langchain_taskgen.checks.verify import verify_pairs
    from langchain_taskgen.embeddings import SentenceTransformerEmbeddings
    from langchain_taskgen.engines.langchain import LangChainEngine
    from langchain_taskgen.engines.vllm import VLLMEngine
    from langchain_taskgen.export import export_pairs
    from langchain_taskgen.generation.compat import Bonito, generate_tasks
    from langchain_taskgen.generation.generator import TaskGenerator
    from langchain_taskgen.generation.report import GenerationReport
    from langchain_taskgen.generation.transformer import TaskPairTransformer
    from langchain_taskgen.jobs import generate_file
    from langchain_taskgen.pairs import TaskPair, read_pairs
    from langchain_taskgen.selection import TaskPairExampleSelector
    from langchain_taskgen.tasks import TASK_TYPES, TaskType, register_task_type
    from langchain_taskgen.tasks.labels import LabelTask
    from langchain_taskgen.training.evaluation import evaluate_few_shot
    from langchain_taskgen.training.finetune import finetune

_PUBLIC: dict[str, str] = {
    # documents -> pairs
    "TaskGenerator": "langchain_taskgen.generation.generator",
    "TaskPairTransformer": "langchain_taskgen.generation.transformer",
    "GenerationReport": "langchain_taskgen.generation.report",
    "generate_file": "langchain_taskgen.jobs",
    "generate_tasks": "langchain_taskgen.generation.compat",
    "Bonito": "langchain_taskgen.generation.compat",
    # engines
    "VLLMEngine": "langchain_taskgen.engines.vllm",
    "LangChainEngine": "langchain_taskgen.engines.langchain",
    # task types
    "TASK_TYPES": "langchain_taskgen.tasks",
    "TaskType": "langchain_taskgen.tasks",
    "register_task_type": "langchain_taskgen.tasks",
    "LabelTask": "langchain_taskgen.tasks.labels",
    # pairs: check, read, export, select, train, evaluate
    "TaskPair": "langchain_taskgen.pairs",
    "verify_pairs": "langchain_taskgen.checks.verify",
    "read_pairs": "langchain_taskgen.pairs",
    "export_pairs": "langchain_taskgen.export",
    "TaskPairExampleSelector": "langchain_taskgen.selection",
    "SentenceTransformerEmbeddings": "langchain_taskgen.embeddings",
    "finetune": "langchain_taskgen.training.finetune",
    "evaluate_few_shot": "langchain_taskgen.training.evaluation",
}

# Names the root exported before the redesign: still importable from here for one release,
# with a DeprecationWarning naming the module they belong to.
_MOVED: dict[str, str] = {
    "AnswerKind": "langchain_taskgen.tasks",
    "BonitoFormat": "langchain_taskgen.formats",
    "Chunk": "langchain_taskgen.generation.chunking",
    "Completion": "langchain_taskgen.engines",
    "DocumentChunker": "langchain_taskgen.generation.chunking",
    "EngineDeadError": "langchain_taskgen.errors",
    "EngineError": "langchain_taskgen.errors",
    "EvalResult": "langchain_taskgen.training.evaluation",
    "InstructFormat": "langchain_taskgen.formats",
    "OutputConstraint": "langchain_taskgen.engines",
    "PromptResult": "langchain_taskgen.engines",
    "ResumableRun": "langchain_taskgen.generation.runs",
    "RoundTripCheck": "langchain_taskgen.checks.roundtrip",
    "SamplingConfig": "langchain_taskgen.engines",
    "SelectorLoadError": "langchain_taskgen.selection",
    "StructuredFormat": "langchain_taskgen.formats",
    "TaskEngine": "langchain_taskgen.engines",
    "TaskFormat": "langchain_taskgen.formats",
    "TaskParseError": "langchain_taskgen.errors",
    "VerifyReport": "langchain_taskgen.checks.verify",
    "get_format": "langchain_taskgen.formats",
    "get_task_type": "langchain_taskgen.tasks",
    "load_paths": "langchain_taskgen.loading",
    "split_by_source": "langchain_taskgen.pairs",
    "to_dataset": "langchain_taskgen.export",
    "unregister_task_type": "langchain_taskgen.tasks",
    "validate_pair": "langchain_taskgen.checks.answers",
    "write_jsonl": "langchain_taskgen.export",
}

__all__ = [
    "TASK_TYPES",
    "Bonito",
    "GenerationReport",
    "LabelTask",
    "LangChainEngine",
    "SentenceTransformerEmbeddings",
    "TaskGenerator",
    "TaskPair",
    "TaskPairExampleSelector",
    "TaskPairTransformer",
    "TaskType",
    "VLLMEngine",
    "evaluate_few_shot",
    "export_pairs",
    "finetune",
    "generate_file",
    "generate_tasks",
    "read_pairs",
    "register_task_type",
    "verify_pairs",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is not None:
        value = getattr(import_module(module), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    module = _MOVED.get(name)
    if module is not None:
        warn_moved(f"langchain_taskgen.{name}", f"{module}.{name}")
        return getattr(import_module(module), name)
    if name == "__version__":
        from importlib import metadata

        try:
            version = metadata.version("langchain-taskgen")
        except metadata.PackageNotFoundError:  # a source tree that was never installed
            version = "0.0.0"
        globals()["__version__"] = version
        return version
    raise AttributeError(f"module 'langchain_taskgen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "__version__"})
