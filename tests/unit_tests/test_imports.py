import subprocess
import sys
import warnings

import pytest

import langchain_taskgen

EXPECTED = {
    "Bonito",
    "GenerationReport",
    "LabelTask",
    "LangChainEngine",
    "SentenceTransformerEmbeddings",
    "TASK_TYPES",
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
}


def test_all_is_the_small_public_api() -> None:
    assert set(langchain_taskgen.__all__) == EXPECTED
    assert len(langchain_taskgen.__all__) <= 20
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        for name in langchain_taskgen.__all__:
            assert getattr(langchain_taskgen, name) is not None, name
    assert callable(langchain_taskgen.finetune)  # the function, not a submodule
    assert isinstance(langchain_taskgen.__version__, str)


def test_names_the_root_exported_before_still_work_with_a_warning() -> None:
    from langchain_taskgen.engines import PromptResult

    with pytest.warns(DeprecationWarning, match=r"langchain_taskgen\.engines\.PromptResult"):
        assert langchain_taskgen.PromptResult is PromptResult
    for name in langchain_taskgen._MOVED:
        with pytest.warns(DeprecationWarning):
            getattr(langchain_taskgen, name)
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = langchain_taskgen.no_such_name  # type: ignore[attr-defined]


def _modules_after(code: str) -> set[str]:
    probe = f"import sys; {code}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


HEAVY = {"vllm", "torch", "sentence_transformers", "faiss", "trl", "peft", "ray", "datasets"}


def test_the_root_and_the_cli_load_nothing_heavy() -> None:
    # The root is lazy: not even langchain_core (its tracer pulls langsmith, ~0.6 s).
    root = _modules_after("import langchain_taskgen")
    assert not {m.split(".")[0] for m in root} & (HEAVY | {"langchain_core", "numpy"})
    cli = _modules_after("import langchain_taskgen.cli")
    assert not {m.split(".")[0] for m in cli} & (HEAVY | {"langchain_core"})
    used = _modules_after("import langchain_taskgen; langchain_taskgen.TaskGenerator")
    assert not {m.split(".")[0] for m in used} & HEAVY


def test_every_public_name_has_a_home() -> None:
    assert set(langchain_taskgen._PUBLIC) == set(langchain_taskgen.__all__)
