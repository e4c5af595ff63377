"""The selector's settings: grouped, validated, and serialisable for saved indexes."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Generic, Literal, Protocol, TypeVar, overload

from langchain_taskgen.tasks import get_task_type

SearchMode = Literal["dense", "hybrid", "lexical"]
IndexKind = Literal["flat", "hnsw"]
T = TypeVar("T")


def _number(name: str, value: Any, low: float, high: float) -> float:
    # bool is an int subclass; a saved `true` must not pass as 1.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {value!r}")
    return float(value)


def _integer(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {value!r}")
    return value


def _strings(name: str, value: Any, *, allow_empty: bool) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be a list of strings, got {value!r}")
    if not value and not allow_empty:
        raise ValueError(f"{name} must name at least one key")
    return list(value)


@dataclass
class SelectorSettings:
    """Every setting of a :class:`TaskPairExampleSelector`, grouped by what it controls.

    Ranking: ``k``, ``search``, ``lexical_weight``, ``lexical_min_confidence``,
    ``lexical_margin``, ``fetch_k``; diversity: ``mmr``,
    ``lambda_mult``; filters: ``task_types``, ``min_similarity``, ``min_quality``;
    text: ``embed_keys``, ``query_keys``; index: ``index``, ``hnsw_m``;
    caching: ``query_cache_size``. Built and checked by the selector's constructor and by
    :meth:`TaskPairExampleSelector.load` (a saved ``config.json`` with an unknown key or
    an out-of-range value is rejected, not silently used).

    Example:
        >>> SelectorSettings(k=2).k
        2
        >>> SelectorSettings.from_dict({"k": 0})
        Traceback (most recent call last):
        ...
        ValueError: k must be in [1, 10000], got 0
    """

    k: int = 4
    search: SearchMode = "hybrid"
    lexical_weight: float = 1.0
    lexical_min_confidence: float = 0.5
    lexical_margin: float = 0.05
    fetch_k: int = 20
    mmr: bool = False
    lambda_mult: float = 0.5
    task_types: list[str] | None = None
    min_similarity: float | None = None
    min_quality: float | None = None
    embed_keys: list[str] = field(default_factory=lambda: ["input"])
    query_keys: list[str] | None = None
    index: IndexKind = "flat"
    hnsw_m: int = 16
    query_cache_size: int = 256

    def __post_init__(self) -> None:
        self.k = _integer("k", self.k, 1, 10_000)
        if self.search not in ("dense", "hybrid", "lexical"):
            raise ValueError(f"search must be 'dense', 'hybrid' or 'lexical', got {self.search!r}")
        self.lexical_weight = _number("lexical_weight", self.lexical_weight, 0.0, 10.0)
        self.lexical_min_confidence = _number(
            "lexical_min_confidence", self.lexical_min_confidence, 0.0, 1.0
        )
        self.lexical_margin = _number("lexical_margin", self.lexical_margin, 0.0, 1.0)
        self.fetch_k = max(_integer("fetch_k", self.fetch_k, 1, 100_000), self.k)
        if not isinstance(self.mmr, bool):
            raise ValueError(f"mmr must be true or false, got {self.mmr!r}")
        self.lambda_mult = _number("lambda_mult", self.lambda_mult, 0.0, 1.0)
        if self.task_types is not None:
            names = _strings("task_types", self.task_types, allow_empty=True)
            self.task_types = [get_task_type(t).name for t in names] or None
        if self.min_similarity is not None:
            self.min_similarity = _number("min_similarity", self.min_similarity, -1.0, 1.0)
        if self.min_quality is not None:
            self.min_quality = _number("min_quality", self.min_quality, 0.0, 1.0)
        self.embed_keys = _strings("embed_keys", self.embed_keys, allow_empty=False)
        if self.query_keys is not None:
            self.query_keys = _strings("query_keys", self.query_keys, allow_empty=True) or None
        if self.index not in ("flat", "hnsw"):
            raise ValueError(f"index must be 'flat' or 'hnsw', got {self.index!r}")
        self.hnsw_m = _integer("hnsw_m", self.hnsw_m, 2, 512)
        self.query_cache_size = _integer("query_cache_size", self.query_cache_size, 0, 1 << 20)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SelectorSettings:
        """Settings from a dict; unknown keys and bad values raise ``ValueError``."""
        if not isinstance(data, Mapping):
            raise ValueError(f"settings must be an object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown setting(s) {unknown}")
        return cls(**dict(data))


class _HasSettings(Protocol):
    settings: SelectorSettings


class Setting(Generic[T]):
    """An attribute kept in its owner's ``settings`` (a :class:`SelectorSettings`).

    Setting it replaces ``settings`` with a validated copy, so a bad value raises
    ``ValueError`` and leaves the old settings in place, and a search that read the
    settings before the change keeps one consistent view.

    Example:
        >>> class Owner:
        ...     k = Setting[int]("k")
        ...     def __init__(self):
        ...         self.settings = SelectorSettings()
        >>> owner = Owner()
        >>> owner.k = 2
        >>> owner.settings.k
        2
        >>> owner.k = 0
        Traceback (most recent call last):
        ...
        ValueError: k must be in [1, 10000], got 0
    """

    def __init__(self, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, obj: _HasSettings, owner: type) -> T: ...
    def __get__(self, obj: _HasSettings | None, owner: type) -> Any:
        if obj is None:
            return self
        return getattr(obj.settings, self.name)

    def __set__(self, obj: _HasSettings, value: T) -> None:
        changes: dict[str, Any] = {self.name: value}
        obj.settings = dataclasses.replace(obj.settings, **changes)
