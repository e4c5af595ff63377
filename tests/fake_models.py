"""Fake models for CLI tests (`--llm tests.fake_models:make_llm`): parsing and control flow only."""

from __future__ import annotations

import hashlib
import os
import time
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseLLM
from langchain_core.outputs import Generation, LLMResult


def passage(prompt: str) -> str:
    return prompt.rsplit("Passage: ", 1)[-1].rsplit("\nInput:", 1)[0]


class EchoInstructLLM(BaseLLM):
    """Answers instruct-format prompts with a yes/no question naming the passage's hash.

    TASKGEN_FAKE_DELAY sleeps per call; TASKGEN_FAKE_LOG appends one line per prompt.
    """

    delay: float = 0.0
    log: str | None = None

    @property
    def _llm_type(self) -> str:
        return "echo-instruct"

    def _generate(
        self,
        prompts: list[str],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> LLMResult:
        if self.log:
            with open(self.log, "a", encoding="utf-8") as handle:
                for prompt in prompts:
                    handle.write(hashlib.sha256(passage(prompt).encode()).hexdigest()[:12] + "\n")
        time.sleep(self.delay)
        generations = []
        for prompt in prompts:
            tag = hashlib.sha256(passage(prompt).encode()).hexdigest()[:8]
            text = f" Is passage {tag} about licences?\nOutput: Yes"
            generations.append([Generation(text=text, generation_info={"finish_reason": "stop"})])
        return LLMResult(generations=generations)


def make_llm() -> EchoInstructLLM:
    return EchoInstructLLM(
        delay=float(os.environ.get("TASKGEN_FAKE_DELAY", "0")),
        log=os.environ.get("TASKGEN_FAKE_LOG"),
    )
