import subprocess
import sys

import langchain_taskgen

EXPECTED = {
    "TASK_TYPES",
    "AnswerKind",
    "Bonito",
    "BonitoFormat",
    "Chunk",
    "Completion",
    "DocumentChunker",
    "EngineDeadError",
    "EngineError",
    "GenerationReport",
    "InstructFormat",
    "StructuredFormat",
    "LangChainEngine",
    "PromptResult",
    "SamplingConfig",
    "TaskEngine",
    "TaskFormat",
    "TaskGenerator",
    "TaskPair",
    "TaskPairTransformer",
    "TaskParseError",
    "TaskType",
    "VLLMEngine",
    "__version__",
    "generate_tasks",
    "get_format",
    "get_task_type",
    "read_pairs",
    "to_dataset",
    "validate_pair",
    "write_jsonl",
    "TaskPairExampleSelector",
    "SentenceTransformerEmbeddings",
    "EvalResult",
    "evaluate_few_shot",
    "split_by_source",
    "load_paths",
    "ResumableRun",
    "SelectorLoadError",
    "export_pairs",
    "finetune",
    "VerifyReport",
    "verify_pairs",
    "OutputConstraint",
    "RoundTripCheck",
    "register_task_type",
    "unregister_task_type",
    "LabelTask",
}


def test_all_is_exactly_the_public_api() -> None:
    assert set(langchain_taskgen.__all__) == EXPECTED
    for name in langchain_taskgen.__all__:
        assert hasattr(langchain_taskgen, name), name


def test_import_does_not_pull_heavy_dependencies() -> None:
    code = (
        "import sys, langchain_taskgen, langchain_taskgen.cli;"
        "print(sorted(m for m in ('vllm','torch','sentence_transformers','faiss','trl','peft')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
