"""What a model's name says: its names, whether it is a Bonito model, which format it wants.

The bottom of ``engines/``: it imports no other engines module, so the engines
(``langchain``, ``vllm``) and the factory (``resolve``) can all use it without a cycle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

BONITO_FORMAT = "bonito"
# The format "auto" picks for models that were not trained on Bonito's format.
NON_BONITO_FORMAT = "structured"


def model_names(llm: Any) -> list[str]:
    """The model names an ``llm`` value carries (on itself or on the model it wraps).

    Example:
        >>> from langchain_core.language_models import FakeListLLM
        >>> model_names(FakeListLLM(responses=["x"]))
        []
    """
    names: list[str] = []
    for obj in (llm, getattr(llm, "model", None)):
        if obj is None:
            continue
        for attr in ("model", "model_name", "model_id"):
            value = getattr(obj, attr, None)
            if isinstance(value, str | Path) and str(value) not in names:
                names.append(str(value))
    return names


def looks_like_bonito(llm: Any) -> bool:
    """Whether a model's name says it is a Bonito model (``BatsResearch/bonito-v1`` ...).

    Works on LangChain models, ``vllm.LLM``-holding engines and anything with a
    ``model`` / ``model_name`` / ``model_id`` attribute. ``None`` (the embedded default
    model, SmolLM2) is not Bonito.

    Example:
        >>> class Named:
        ...     model_name = "BatsResearch/bonito-v1"
        >>> looks_like_bonito(Named()), looks_like_bonito(None)
        (True, False)
    """
    # Only the last part of a path or hub id: a folder such as /home/bonito/models/smollm2
    # is not a Bonito model.
    return any("bonito" in name.rstrip("/").rsplit("/", 1)[-1].lower() for name in model_names(llm))


def format_hint_for(llm: Any) -> str:
    """The format a model's name asks for: ``"bonito"`` or :data:`NON_BONITO_FORMAT`."""
    return BONITO_FORMAT if looks_like_bonito(llm) else NON_BONITO_FORMAT


def default_format_for(llm: Any) -> str:
    """The format name ``format="auto"`` resolves to for this ``llm`` value.

    An engine's own ``format_hint`` (a string attribute) wins; otherwise the model's name
    decides: Bonito models get ``"bonito"``, every other model :data:`NON_BONITO_FORMAT`.

    Example:
        >>> default_format_for(None) == NON_BONITO_FORMAT
        True
    """
    hint = getattr(llm, "format_hint", None)
    if isinstance(hint, str) and hint:
        return hint
    return format_hint_for(llm)


__all__ = [
    "BONITO_FORMAT",
    "NON_BONITO_FORMAT",
    "default_format_for",
    "format_hint_for",
    "looks_like_bonito",
    "model_names",
]
