"""Bonito-compatible entry points: switch from ``bonito`` with one import change."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.documents import Document

from langchain_taskgen.export.hf import to_dataset
from langchain_taskgen.generation.generator import TaskGenerator

__all__ = ["Bonito", "generate_tasks"]

if TYPE_CHECKING:
    from datasets import Dataset

_SAMPLING_FIELDS = ("max_tokens", "temperature", "top_p", "n", "stop", "seed")


def _sampling_kwargs(sampling_params: Any) -> dict[str, Any]:
    """Read a ``vllm.SamplingParams`` or a plain dict into generator arguments."""
    if sampling_params is None:
        return {}
    if isinstance(sampling_params, dict):
        source = sampling_params
        unknown = set(source) - set(_SAMPLING_FIELDS)
        if unknown:
            raise ValueError(f"unsupported sampling settings {sorted(unknown)}")
    else:
        source = {
            f: getattr(sampling_params, f) for f in _SAMPLING_FIELDS if hasattr(sampling_params, f)
        }
    out = {k: v for k, v in source.items() if v is not None}
    if "stop" in out:
        stop = out["stop"]
        out["stop"] = [stop] if isinstance(stop, str) else list(stop) or None
        if out["stop"] is None:
            del out["stop"]
    return out


def generate_tasks(
    text_dataset: Dataset,
    context_col: str,
    task_type: str,
    sampling_params: Any = None,
    *,
    llm: Any = None,
    format: str = "auto",
    **generator_kwargs: Any,
) -> Dataset:
    """Bonito's ``generate_tasks``: a dataset of passages in, a dataset of tasks out.

    Unlike Bonito, long passages are chunked, unparsable or truncated completions are
    counted (see the returned dataset's ``info.description`` and the log) instead of
    dropped silently, and each row keeps where it came from (``source_row`` and the
    chunk's character span).

    Args:
        text_dataset: A ``datasets.Dataset`` with the passages.
        context_col: The column holding the passages.
        task_type: Short or full task type name (``"nli"``, ``"exqa"`` ...).
        sampling_params: A ``vllm.SamplingParams`` or a dict of ``max_tokens``,
            ``temperature``, ``top_p``, ``n``, ``stop``, ``seed``.
        llm: As in :class:`TaskGenerator` (``None``: the embedded default model).
        format: ``"bonito"`` for Bonito models, ``"structured"``, ``"instruct"``, or
            ``"auto"`` (default: Bonito when the model's name says so, else structured).
        **generator_kwargs: More :class:`TaskGenerator` arguments.

    Returns:
        A dataset with ``input`` and ``output`` plus provenance columns.

    Raises:
        KeyError: If ``context_col`` is not a column of ``text_dataset``.

    Example:
        >>> from datasets import Dataset
        >>> from langchain_core.language_models import FakeListLLM
        >>> llm = FakeListLLM(responses=["{{context}}\\nIs it wet?\\n<|pipe|>\\nYes"])
        >>> ds = generate_tasks(Dataset.from_dict({"text": ["Water is wet."]}), "text", "ynqa",
        ...                     {"max_tokens": 64}, llm=llm, format="bonito")
        >>> ds[0]["output"], ds[0]["source_row"]
        ('Yes', 0)
    """
    if context_col not in text_dataset.column_names:
        raise KeyError(f"column {context_col!r} not in dataset columns {text_dataset.column_names}")
    kwargs = {**_sampling_kwargs(sampling_params), **generator_kwargs}
    generator = TaskGenerator(llm=llm, task_type=task_type, format=format, **kwargs)
    documents = [
        Document(page_content=text if isinstance(text, str) else "", metadata={"source_row": i})
        for i, text in enumerate(text_dataset[context_col])
    ]
    pairs, report = generator.generate_with_report(documents)
    dataset = to_dataset(pairs)
    rows = [int(p.metadata["source_row"]) for p in pairs]
    dataset = dataset.add_column("source_row", rows)
    dataset.info.description = f"langchain-taskgen report: {report.to_dict()}"
    return dataset


class Bonito:
    """Drop-in for ``bonito.Bonito``: the Bonito model on vLLM.

    Args:
        model_name_or_path: A Bonito model folder or hub id
            (``BatsResearch/bonito-v1``, ``BatsResearch/Llama-3.1-8B-bonito-v1``).
        **vllm_kwargs: Arguments for :class:`~langchain_taskgen.VLLMEngine`.

    Example:
        >>> bonito = Bonito("BatsResearch/bonito-v1")  # doctest: +SKIP
        >>> tasks = bonito.generate_tasks(ds, "input", "nli")  # doctest: +SKIP
    """

    def __init__(self, model_name_or_path: str | Path, **vllm_kwargs: Any) -> None:
        from langchain_taskgen.engines.vllm import VLLMEngine

        self.engine = VLLMEngine(model_name_or_path, **vllm_kwargs)

    def generate_tasks(
        self,
        text_dataset: Dataset,
        context_col: str,
        task_type: str,
        sampling_params: Any = None,
        **generator_kwargs: Any,
    ) -> Dataset:
        """See :func:`generate_tasks`."""
        return generate_tasks(
            text_dataset,
            context_col,
            task_type,
            sampling_params,
            llm=self.engine,
            **generator_kwargs,
        )
