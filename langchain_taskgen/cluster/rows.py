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


def _each_group(batch: Any, fn: Any, key: str, fn_kwargs: dict[str, Any]) -> Any:
    """One hash partition: ``fn`` on each of its groups (an empty partition gives none)."""
    import pandas as pd

    if batch.empty or key not in batch.columns:
        return frame([])
    outs = [fn(group, **fn_kwargs) for _, group in batch.groupby(key, sort=True)]
    return pd.concat(outs, ignore_index=True) if outs else frame([])


def by_group(ds: Any, key: str, fn: Any, partitions: int, **fn_kwargs: Any) -> Any:
    """``fn`` on each group of rows sharing ``key``: a hash shuffle, one block a partition.

    ``groupby().map_groups()`` with the hash shuffle fails on a partition that got no
    rows (Ray 2.60 sorts it by a column it does not have); this is the same shuffle
    without the sort, and an empty partition is simply skipped.
    """
    return ds.repartition(partitions, keys=[key]).map_batches(
        _each_group,
        batch_size=None,
        batch_format="pandas",
        fn_kwargs={"fn": fn, "key": key, "fn_kwargs": fn_kwargs},
    )
