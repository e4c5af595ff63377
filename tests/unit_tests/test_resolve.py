"""engines/resolve.py (the one place that decides the engine) and engines/naming.py (fakes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import FakeListChatModel, FakeListLLM

from langchain_taskgen import TaskGenerator, VLLMEngine
from langchain_taskgen.engines import naming, resolve
from langchain_taskgen.engines.base import PromptResult, SamplingConfig
from langchain_taskgen.engines.langchain import LangChainEngine
from langchain_taskgen.engines.naming import (
    NON_BONITO_FORMAT,
    default_format_for,
    looks_like_bonito,
)
from langchain_taskgen.engines.resolve import (
    EngineOptionError,
    describe_engine,
    engine_from_options,
    resolve_engine,
)
from langchain_taskgen.errors import EngineError


class NamedLLM(FakeListLLM):
    """A completion LLM with a model name, as real LangChain models have."""

    model_name: str = "some-instruct-model"


class OwnEngine:
    """A user's own TaskEngine."""

    def generate(
        self, prompts: Any, sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        return [PromptResult() for _ in prompts]

    async def agenerate(
        self, prompts: Any, sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        return self.generate(prompts, sampling)


def model_folder(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    return folder


def test_resolve_engine_for_every_kind_of_llm_value(monkeypatch: pytest.MonkeyPatch) -> None:
    from langchain_taskgen.engines import default

    sentinel = OwnEngine()
    monkeypatch.setattr(default, "default_engine", lambda dtype="auto": sentinel)
    assert resolve_engine(None) is sentinel

    chat = FakeListChatModel(responses=["x"])
    wrapped = resolve_engine(chat)
    assert isinstance(wrapped, LangChainEngine) and wrapped.model is chat and wrapped.is_chat

    own = OwnEngine()
    assert resolve_engine(own) is own

    # A vllm.LLM is recognised by its class, without importing vllm.
    fake_vllm_llm = type("LLM", (), {"__module__": "vllm.entrypoints.llm"})()
    held = resolve_engine(fake_vllm_llm)
    assert isinstance(held, VLLMEngine) and held._llm is fake_vllm_llm

    with pytest.raises(TypeError, match="llm must be None"):
        resolve_engine("gpt-4")


def test_old_import_paths_still_work() -> None:
    from langchain_taskgen.cli import build_llm
    from langchain_taskgen.generation.generator import looks_like_bonito as old_bonito
    from langchain_taskgen.generation.generator import resolve_engine as old_resolve
    from langchain_taskgen.generation.runs import describe_engine as old_describe

    assert old_bonito is looks_like_bonito
    assert old_resolve is resolve_engine
    assert old_describe is describe_engine
    # The naming helpers moved to engines/naming.py; their old home still has them.
    for name in naming.__all__:
        assert getattr(resolve, name) is getattr(naming, name)
    assert callable(build_llm)


def test_bonito_is_recognised_on_models_and_engines(tmp_path: Path) -> None:
    assert looks_like_bonito(NamedLLM(responses=["x"], model_name="BatsResearch/bonito-v1"))
    assert not looks_like_bonito(NamedLLM(responses=["x"]))
    assert not looks_like_bonito(None)  # the embedded default model is SmolLM2
    bonito_dir = model_folder(tmp_path, "Llama-3.1-8B-Bonito-v1")
    assert looks_like_bonito(VLLMEngine(bonito_dir, dtype="float32"))
    assert looks_like_bonito(
        LangChainEngine(NamedLLM(responses=["x"], model_name="BatsResearch/bonito-v1"))
    )
    assert not looks_like_bonito(VLLMEngine(model_folder(tmp_path, "smollm2"), dtype="float32"))


def test_auto_format_follows_the_model_and_one_constant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bonito = NamedLLM(responses=["x"], model_name="bonito-v1")
    plain = NamedLLM(responses=["x"])
    assert default_format_for(bonito) == "bonito"
    assert default_format_for(plain) == NON_BONITO_FORMAT
    assert default_format_for(None) == NON_BONITO_FORMAT
    assert default_format_for(LangChainEngine(bonito)) == "bonito"
    assert default_format_for(VLLMEngine(model_folder(tmp_path, "bonito"))) == "bonito"
    assert TaskGenerator(llm=bonito)._format_obj().name == "bonito"
    # Switching the non-Bonito default is one constant; the generator and engines follow.
    monkeypatch.setattr(naming, "NON_BONITO_FORMAT", "instruct-json")
    assert TaskGenerator(llm=plain)._format_obj().style == "json"  # type: ignore[attr-defined]
    assert LangChainEngine(plain).identity()["format_hint"] == "instruct-json"
    assert TaskGenerator(llm=bonito)._format_obj().name == "bonito"


def test_an_engines_own_format_hint_wins() -> None:
    engine = OwnEngine()
    engine.format_hint = "bonito"  # type: ignore[attr-defined]
    assert default_format_for(engine) == "bonito"


def test_langchain_engine_identity() -> None:
    identity = LangChainEngine(NamedLLM(responses=["x"], model_name="m-1")).identity()
    assert identity["model"] == "m-1"
    assert identity["class"] == "NamedLLM"
    assert identity["dtype"] is None
    assert identity["chat"] is False
    assert identity["format_hint"] == NON_BONITO_FORMAT
    unnamed = LangChainEngine(FakeListChatModel(responses=["x"])).identity()
    assert unnamed["model"] is None and unnamed["chat"] is True


def test_engine_from_options_decides_like_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert engine_from_options() is None
    with pytest.raises(EngineOptionError, match="only one of"):
        engine_from_options(model_dir=tmp_path, llm_path="tests.fake_models:make_llm")
    with pytest.raises(EngineOptionError, match="module:attribute"):
        engine_from_options(llm_path="tests.fake_models")
    with pytest.raises(EngineError, match="cannot import"):
        engine_from_options(llm_path="tests.fake_models:no_such_thing")
    with pytest.raises(EngineError, match="does not exist"):
        engine_from_options(model_dir=tmp_path / "missing")
    # A function is a factory; anything else is used as it is.
    made = engine_from_options(llm_path="tests.fake_models:make_llm")
    assert type(made).__name__ == "EchoInstructLLM"
    folder = model_folder(tmp_path, "bonito-v1")
    engine = engine_from_options(model_dir=folder, chat=True, dtype="float32")
    assert isinstance(engine, VLLMEngine)
    assert engine.identity()["chat"] is True and engine.identity()["dtype"] == "float32"
    assert engine.identity()["format_hint"] == "bonito"

    from langchain_taskgen.engines import default

    asked: list[tuple[str, bool | None]] = []
    monkeypatch.setattr(
        default,
        "default_engine",
        lambda dtype="auto", prefix_caching=None: asked.append((dtype, prefix_caching)),
    )
    engine_from_options(dtype="bfloat16")
    engine_from_options(prefix_caching=False)
    assert asked == [("bfloat16", None), ("auto", False)]
    engine = engine_from_options(model_dir=folder, prefix_caching=False)
    assert engine.requested_prefix_caching is False and engine.prefix_caching is False
    assert VLLMEngine(folder).requested_prefix_caching is None
    with pytest.raises(EngineOptionError, match="vLLM models only"):
        engine_from_options(llm_path="tests.fake_models:make_llm", prefix_caching=True)
    with pytest.raises(EngineOptionError, match="vLLM models only"):
        engine_from_options(openai_base_url="http://127.0.0.1:9/v1", dtype="float32")


def test_openai_server_option_builds_a_langchain_engine() -> None:
    pytest.importorskip("langchain_openai")
    engine = engine_from_options(
        openai_base_url="http://127.0.0.1:9/v1", openai_model="served", concurrency=3
    )
    assert isinstance(engine, LangChainEngine) and engine.max_concurrency == 3
    identity = engine.identity()
    assert identity["model"] == "served"
    assert identity["base_url"] == "http://127.0.0.1:9/v1"
    assert identity["chat"] is True


def test_fingerprint_description_uses_identity_without_the_format_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = model_folder(tmp_path, "m")
    described = json.loads(describe_engine(VLLMEngine(folder, dtype="float32")))
    assert described["dtype"] == "float32" and described["model"] == str(folder)
    assert "format_hint" not in described
    engine = LangChainEngine(NamedLLM(responses=["x"]))
    before = describe_engine(engine)
    monkeypatch.setattr(naming, "NON_BONITO_FORMAT", "instruct-json")
    assert describe_engine(engine) == before
    assert describe_engine(LangChainEngine(NamedLLM(responses=["x"], model_name="m-2"))) != before
    assert describe_engine(OwnEngine()) == "OwnEngine:None"


def test_only_the_last_part_of_a_path_names_the_model(tmp_path: Path) -> None:
    parent = tmp_path / "bonito-experiments"
    parent.mkdir()
    assert not looks_like_bonito(VLLMEngine(model_folder(parent, "smollm2"), dtype="float32"))
    assert looks_like_bonito(VLLMEngine(model_folder(parent, "bonito-v1"), dtype="float32"))


def test_default_engine_restarts_when_asked_for_other_prefix_caching(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from langchain_taskgen.engines import default

    folder = model_folder(tmp_path, "m")
    monkeypatch.setattr(default, "default_model_dir", lambda: folder)
    monkeypatch.setattr(default, "_engine", None)
    first = default.default_engine()
    assert first.requested_prefix_caching is None
    assert default.default_engine(prefix_caching=None) is first  # no wish: keep it
    second = default.default_engine(prefix_caching=False)
    assert second is not first and second.requested_prefix_caching is False
    assert default.default_engine(prefix_caching=False) is second
    assert default.default_engine() is second
    monkeypatch.setattr(default, "_engine", None)
