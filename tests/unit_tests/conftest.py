from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseLLM
from langchain_core.outputs import Generation, LLMResult

Reply = str | tuple[str, str] | BaseException


class ScriptedLLM(BaseLLM):
    """A completion LLM whose reply is a function of the prompt; records every call."""

    script: Callable[[str], Reply]
    calls: list[list[str]] = []
    # The name makes format="auto" pick the Bonito format, as for real Bonito models.
    model_name: str = "fake-bonito-v1"

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(
        self,
        prompts: list[str],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> LLMResult:
        self.calls.append(list(prompts))
        generations = []
        for prompt in prompts:
            reply = self.script(prompt)
            if isinstance(reply, BaseException):
                raise reply
            text, finish = (reply, "stop") if isinstance(reply, str) else reply
            generations.append([Generation(text=text, generation_info={"finish_reason": finish})])
        return LLMResult(generations=generations)


@pytest.fixture
def scripted() -> Callable[[Callable[[str], Reply]], ScriptedLLM]:
    def make(script: Callable[[str], Reply]) -> ScriptedLLM:
        return ScriptedLLM(script=script, calls=[])

    return make


PASSAGES = [
    "The Apache License requires that redistributions include a copy of the license. "
    "Modified files must carry prominent notices stating that the files were changed.",
    "The lighthouse on the northern cape was built in 1872 and automated in 1990. Its "
    "light can be seen twenty nautical miles out to sea.",
    "Photosynthesis converts light energy into chemical energy. Plants take in carbon "
    "dioxide through pores called stomata and release oxygen.",
]
