"""What the workers need to rebuild the generator: its settings, never its engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from langchain_taskgen.generation.generator import TaskGenerator
from langchain_taskgen.generation.runs import run_fingerprint

# One generator per worker process and run: planning and judging are pure, so the
# workers share nothing with the driver but these settings.
_BUILT: dict[str, TaskGenerator] = {}


@dataclass(frozen=True)
class GeneratorSpec:
    """A generator's settings, shipped to the Ray workers (cloudpickled by Ray).

    The engine stays behind: on Ray, the engine is Ray's own LLM stage. ``"auto"``
    formats are resolved on the driver, where the model is known.

    Attributes:
        settings: Keyword arguments of :class:`TaskGenerator` (without ``llm``).
        fingerprint: :func:`~langchain_taskgen.generation.runs.run_fingerprint` of the
            driver's generator: it keys the chunks and the batch manifest.
    """

    settings: dict[str, Any] = field(hash=False)
    fingerprint: str
    served: bool = False
    """Whether the driver's generator has an engine (not the embedded default model)."""

    @classmethod
    def of(cls, generator: TaskGenerator, *, fingerprint: str | None = None) -> GeneratorSpec:
        """The spec of a configured generator.

        ``fingerprint`` given: used as it is (``""`` for a stage that needs only the
        settings, such as chunking); else the generator's run fingerprint.

        Example:
            >>> spec = GeneratorSpec.of(TaskGenerator(task_type=["exqa"], format="structured"))
            >>> spec.settings["format"], spec.generator().task_types[0].name
            ('structured', 'exqa')
        """
        fmt = generator.format
        settings = {
            "task_type": generator.task_type,
            "format": generator.format_name() if fmt == "auto" else fmt,
            "n": generator.n,
            "chunk_size": generator.chunk_size,
            "chunk_overlap": generator.chunk_overlap,
            "length_function": generator.length_function,
            "max_tokens": generator.max_tokens,
            "temperature": generator.temperature,
            "top_p": generator.top_p,
            "stop": generator.stop,
            "seed": generator.seed,
            "check_answers": generator.check_answers,
            "deduplicate": generator.deduplicate,
            "checks": list(generator.checks),
            # Decided on the driver, where the engine is known: the workers' generator
            # has none, which alone would read as the embedded default model.
            # None keeps the embedded default's withholding (workers have no engine
            # either); any other engine's decision travels as a bool.
            "code_rewrites": None
            if generator.withholds_rewrites()
            else generator.rewrites_by_code(),
            "model_questions": "on" if generator.writes_questions() else "off",
        }
        return cls(
            settings,
            run_fingerprint(generator) if fingerprint is None else fingerprint,
            served=generator.llm is not None,
        )

    def generator(self) -> TaskGenerator:
        """The generator for planning and judging in this process (built once)."""
        key = f"{self.fingerprint}:{id(self.settings)}"
        built = _BUILT.get(key)
        if built is None:
            built = _BUILT[key] = TaskGenerator(llm=None, **self.settings)
            built._engine_elsewhere = self.served
        return built
