"""The rows that travel between the Ray Data stages: one flat schema for every kind.

Every stage after chunking emits rows with the same columns, so blocks of different
kinds can be unioned and shuffled: ``kind`` says what a row is, ``data`` holds its JSON.

* ``pair``: a judged pair (``data``: the JSON line a local run writes; ``id``: the
  pair's content id; ``pos``/``seq``: global chunk position and place in the chunk,
  the order a local run writes them in; ``label``: the normalised output).
* ``report``: one generation batch's :class:`GenerationReport` (``data``) and what the
  batch did (``extra``: failed chunks, engine errors, whether it came from the manifest).
* ``prompt``: one sample to ask the engine (``pos``: the prompt's index in its batch's
  plan, ``seq``: the sample; ``data``: the prompt and its constraint; ``extra``: the
  batch's chunks, on the batch's first prompt row only).
* ``duplicate``: a pair dropped because an earlier batch made the same pair (``data``:
  its input, the example the report keeps).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

COLUMNS = ("kind", "batch", "pos", "seq", "id", "task", "label", "data", "extra")
INT_COLUMNS = frozenset({"batch", "pos", "seq"})


def row(kind: str, **values: Any) -> dict[str, Any]:
    """A row of the shared schema; missing columns get their empty value.

    Example:
        >>> row("report", batch=3)["pos"], row("report", batch=3)["data"]
        (0, '')
    """
    out: dict[str, Any] = {c: (0 if c in INT_COLUMNS else "") for c in COLUMNS}
    out["kind"] = kind
    out.update(values)
    return out


def frame(rows: Iterable[Mapping[str, Any]]) -> Any:
    """Rows as a pandas DataFrame with exactly the shared columns (also when empty)."""
    import pandas as pd

    data = pd.DataFrame(list(rows), columns=list(COLUMNS))
    for column in INT_COLUMNS:
        data[column] = data[column].astype("int64")
    return data


def records(batch: Any) -> list[dict[str, Any]]:
    """A pandas batch as a list of plain dicts (numpy scalars turned into Python ones)."""
    return [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()}
        for r in batch.to_dict("records")
    ]


def dumps(value: Any) -> str:
    """JSON the way the journal writes it (non-ASCII kept, unknown types as strings)."""
    return json.dumps(value, ensure_ascii=False, default=str)
