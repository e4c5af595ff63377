"""VLLMEngine sends shared prefixes together and answers in the caller's order (fake LLM)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from langchain_taskgen import VLLMEngine
from langchain_taskgen.engines import vllm as vllm_mod
from langchain_taskgen.engines.base import SamplingConfig
from langchain_taskgen.engines.vllm import prefix_order


class FakeTokenizer:
    def __call__(self, prompts: list[str]) -> dict[str, list[list[int]]]:
        return {"input_ids": [[ord(c) for c in p] for p in prompts]}


class FakeVLLM:
    """Stands in for vllm.LLM: answers each prompt with its own text, records the order."""

    def __init__(self, max_model_len: int = 1000, fail_on: str | None = None) -> None:
        self.llm_engine = SimpleNamespace(
            model_config=SimpleNamespace(max_model_len=max_model_len),
            vllm_config=SimpleNamespace(cache_config=SimpleNamespace(enable_prefix_caching=True)),
        )
        self.sent: list[list[str]] = []
        self.fail_on = fail_on

    def get_tokenizer(self) -> FakeTokenizer:
        return FakeTokenizer()

    def generate(self, items: list[Any], params: Any, use_tqdm: bool = False) -> list[Any]:
        texts = ["".join(chr(t) for t in item["prompt_token_ids"]) for item in items]
        self.sent.append(texts)
        if self.fail_on is not None and len(texts) > 1 and any(self.fail_on in t for t in texts):
            raise RuntimeError("one bad prompt in the batch")
        return [
            SimpleNamespace(
                prompt_token_ids=item["prompt_token_ids"],
                num_cached_tokens=3 * k,
                outputs=[SimpleNamespace(text=f"echo:{text}", finish_reason="stop", token_ids=[1])],
            )
            for k, (item, text) in enumerate(zip(items, texts, strict=True))
        ]


@pytest.fixture(autouse=True)
def no_real_vllm(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = SimpleNamespace(SamplingParams=lambda **kwargs: kwargs)
    monkeypatch.setattr(vllm_mod, "import_vllm", lambda: fake)
    monkeypatch.setattr(vllm_mod, "_on_cpu", lambda _: True)


PROMPTS = [
    "Task B. Demo. Passage: lighthouse",
    "Task A. Demo. Passage: licence",
    "Task B. Demo. Passage: licence",
    "Task A. Demo. Passage: lighthouse",
    "Task A. Demo. Passage: photosynthesis",
]


def test_shared_prefixes_are_sent_together_and_results_come_back_in_order() -> None:
    fake = FakeVLLM()
    engine = VLLMEngine(llm=fake)
    results = engine.generate(PROMPTS, SamplingConfig(max_tokens=4))
    assert [r.completions[0].text for r in results] == [f"echo:{p}" for p in PROMPTS]
    assert [r.completions[0].prompt_tokens for r in results] == [len(p) for p in PROMPTS]
    (sent,) = fake.sent
    assert sent[:3] == sorted(p for p in PROMPTS if p.startswith("Task A"))
    assert sent[3:] == sorted(p for p in PROMPTS if p.startswith("Task B"))
    # vLLM's prefix cache hits are reported per prompt.
    assert all("cached_prompt_tokens" in r.metadata for r in results)
    assert engine.prefix_caching is True


def test_order_is_restored_around_rejected_and_retried_prompts() -> None:
    fake = FakeVLLM(max_model_len=34, fail_on="lighthouse")
    engine = VLLMEngine(llm=fake)
    results = engine.generate(PROMPTS, SamplingConfig(max_tokens=4))
    for prompt, result in zip(PROMPTS, results, strict=True):
        if len(prompt) >= 34:
            assert result.error == "prompt_too_long"
        else:
            assert result.completions[0].text == f"echo:{prompt}"
    assert any(r.error == "prompt_too_long" for r in results)
    # The failed batch was retried prompt by prompt, still in prefix order.
    assert [len(batch) for batch in fake.sent] == [4, 1, 1, 1, 1]
    assert [batch[0] for batch in fake.sent[1:]] == fake.sent[0]


def test_prefix_order_is_lexicographic_and_stable() -> None:
    prompts = ["b", "a", "b", "a"]
    assert prefix_order(prompts, [0, 1, 2, 3]) == [1, 3, 0, 2]
    assert prefix_order(prompts, [2, 0]) == [2, 0]


def test_prefix_caching_option(tmp_path: Any) -> None:
    (tmp_path / "config.json").write_text("{}")
    assert VLLMEngine(str(tmp_path)).prefix_caching is None  # left to vLLM
    assert VLLMEngine(str(tmp_path), prefix_caching=False).prefix_caching is False
    engine = VLLMEngine(str(tmp_path), prefix_caching=True)
    assert engine._engine_args["enable_prefix_caching"] is True
    with pytest.raises(ValueError, match="contradicts"):
        VLLMEngine(str(tmp_path), prefix_caching=True, enable_prefix_caching=False)
