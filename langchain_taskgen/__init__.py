"""langchain-taskgen: turn unlabelled documents into instruction-tuning task pairs.

Example:
    >>> from langchain_taskgen import TaskGenerator, TASK_TYPES
    >>> sorted(TASK_TYPES)[:3]
    ['coref', 'exqa', 'mcqa']
"""

from importlib import metadata

from langchain_taskgen.checks.answers import validate_pair
from langchain_taskgen.checks.roundtrip import RoundTripCheck
from langchain_taskgen.checks.verify import VerifyReport, verify_pairs
from langchain_taskgen.compat import Bonito, generate_tasks
from langchain_taskgen.construct.labels import LabelTask
from langchain_taskgen.embeddings import SentenceTransformerEmbeddings
from langchain_taskgen.engines import (
    Completion,
    LangChainEngine,
    OutputConstraint,
    PromptResult,
    SamplingConfig,
    TaskEngine,
    VLLMEngine,
)
from langchain_taskgen.errors import EngineDeadError, EngineError, TaskParseError
from langchain_taskgen.evaluation import EvalResult, evaluate_few_shot, split_by_source
from langchain_taskgen.export import export_pairs, read_pairs, to_dataset, write_jsonl
from langchain_taskgen.finetune import finetune
from langchain_taskgen.formats import (
    BonitoFormat,
    InstructFormat,
    StructuredFormat,
    TaskFormat,
    get_format,
)
from langchain_taskgen.generation.chunking import Chunk, DocumentChunker
from langchain_taskgen.generation.generator import TaskGenerator
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.generation.runs import ResumableRun
from langchain_taskgen.loaders import load_paths
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.selection import SelectorLoadError, TaskPairExampleSelector
from langchain_taskgen.tasks import (
    TASK_TYPES,
    AnswerKind,
    TaskType,
    get_task_type,
    register_task_type,
    unregister_task_type,
)
from langchain_taskgen.transformer import TaskPairTransformer

try:
    __version__ = metadata.version("langchain-taskgen")
except metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "TASK_TYPES",
    "AnswerKind",
    "Bonito",
    "BonitoFormat",
    "Chunk",
    "Completion",
    "DocumentChunker",
    "EngineDeadError",
    "EngineError",
    "EvalResult",
    "GenerationReport",
    "InstructFormat",
    "LabelTask",
    "LangChainEngine",
    "OutputConstraint",
    "PromptResult",
    "ResumableRun",
    "RoundTripCheck",
    "SamplingConfig",
    "SelectorLoadError",
    "SentenceTransformerEmbeddings",
    "StructuredFormat",
    "TaskEngine",
    "TaskFormat",
    "TaskGenerator",
    "TaskPair",
    "TaskPairExampleSelector",
    "TaskPairTransformer",
    "TaskParseError",
    "TaskType",
    "VLLMEngine",
    "VerifyReport",
    "__version__",
    "evaluate_few_shot",
    "export_pairs",
    "finetune",
    "generate_tasks",
    "get_format",
    "get_task_type",
    "load_paths",
    "read_pairs",
    "register_task_type",
    "split_by_source",
    "to_dataset",
    "unregister_task_type",
    "validate_pair",
    "verify_pairs",
    "write_jsonl",
]
