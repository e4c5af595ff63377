"""Segments: contiguous runs of generation batches, each done end to end by one Ray task.

A local run cuts the chunks of all inputs, in order, into batches of ``batch_chunks``;
the Ray path cuts the same batches. Rather than shuffling chunks into batches, the
driver reads each input's chunk count (a few numbers per input), cuts the batches into
a few contiguous segments (:func:`cut_segments`) and tells each segment which inputs
hold its chunks (:func:`segment_inputs`). One task then loads and chunks those inputs,
plans, builds and judges its batches and writes them to the manifest
(:func:`run_segment`): no shuffle, and the work spreads over the workers. Only the
inputs that straddle two segments are chunked twice.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from typing import Any

from langchain_taskgen.cluster.batches import batch_rows
from langchain_taskgen.cluster.rows import frame, records
from langchain_taskgen.cluster.spec import GeneratorSpec
from langchain_taskgen.cluster.stages import load_file
from langchain_taskgen.generation.chunking import Chunk

SEGMENTS_PER_CPU = 4
"""Segments per cluster CPU: enough to even out the workers' load, few enough that the
fixed cost per task and the inputs chunked twice stay small."""


def cut_segments(total_chunks: int, batch_chunks: int, cpus: int) -> list[tuple[int, int]]:
    """Contiguous batch ranges ``[first, end)`` of nearly equal size covering every batch.

    Example:
        >>> cut_segments(10, 2, 1)
        [(0, 1), (1, 2), (2, 3), (3, 5)]
        >>> cut_segments(0, 2, 4)
        []
    """
    batches = -(-total_chunks // batch_chunks)
    count = max(1, min(batches, SEGMENTS_PER_CPU * max(1, cpus)))
    if not batches:
        return []
    return [(batches * i // count, batches * (i + 1) // count) for i in range(count)]


def segment_inputs(
    segments: Sequence[tuple[int, int]],
    inputs: Sequence[tuple[int, int, Any]],
    batch_chunks: int,
    total_chunks: int,
) -> list[list[tuple[int, Any]]]:
    """For each segment, the inputs holding its chunks: ``(first position, input)``.

    ``inputs`` are ``(first position, chunk count, input)`` in input order; inputs with
    no chunk hold no segment's chunks.

    Example:
        >>> segment_inputs([(0, 1), (1, 2)], [(0, 3, "a"), (3, 0, "e"), (3, 2, "b")], 2, 5)
        [[(0, 'a')], [(0, 'a'), (3, 'b')]]
    """
    held = [(first, count, item) for first, count, item in inputs if count > 0]
    starts = [first for first, _, _ in held]
    out = []
    for first_batch, end_batch in segments:
        lo, hi = first_batch * batch_chunks, min(end_batch * batch_chunks, total_chunks)
        i = max(0, bisect.bisect_right(starts, lo) - 1)
        mine = []
        while i < len(held) and held[i][0] < hi:
            first, count, item = held[i]
            if first + count > lo:
                mine.append((first, item))
            i += 1
        out.append(mine)
    return out


def run_segment(
    spec: GeneratorSpec,
    manifest: str | None,
    batch_chunks: int,
    total_chunks: int,
    segment: tuple[int, int],
    pieces: Sequence[tuple[int, Sequence[Chunk]]],
) -> list[dict[str, Any]]:
    """Plan, build and judge (or prompt) each batch of one segment from its inputs' chunks.

    Args:
        spec: The generator's settings.
        manifest: The manifest folder (``None``: none).
        batch_chunks: Chunks per generation batch.
        total_chunks: Chunks of the whole corpus (the last batch may be short).
        segment: The batch range ``[first, end)``.
        pieces: ``(first position, chunks)`` of the inputs holding the segment's chunks.

    Raises:
        RuntimeError: If the inputs do not hold the segment's chunks (an input changed
            between counting and generating).
    """
    first_batch, end_batch = segment
    lo, hi = first_batch * batch_chunks, min(end_batch * batch_chunks, total_chunks)
    chunks: list[Chunk] = []
    for first, held in sorted(pieces, key=lambda piece: piece[0]):
        wanted = lo + len(chunks)  # the next position the segment needs
        if first > wanted:
            break
        chunks.extend(held[wanted - first : hi - first])
    if len(chunks) != hi - lo:
        raise RuntimeError(
            f"batches {first_batch}-{end_batch - 1}: the inputs gave {len(chunks)} of "
            f"{hi - lo} chunks (did an input change during the job?)"
        )
    out: list[dict[str, Any]] = []
    for batch in range(first_batch, end_batch):
        start = batch * batch_chunks - lo
        part = chunks[start : start + batch_chunks]
        positions = list(range(lo + start, lo + start + len(part)))
        out.extend(batch_rows(spec, manifest, batch, positions, part))
    return out


def file_segments(
    batch: Any,
    spec: GeneratorSpec,
    manifest: str | None,
    batch_chunks: int,
    total_chunks: int,
    encoding: str | None = None,
) -> Any:
    """Map stage over segment rows (``first``, ``end``, ``inputs``: JSON ``[[pos, path]]``).

    Each segment loads and chunks its files here, on the worker, as the counting stage
    did (with the same ``encoding``; its warnings were already counted there): only the
    numbers crossed the driver.
    """
    chunker = spec.generator().chunker()
    out: list[dict[str, Any]] = []
    for item in records(batch):
        pieces = []
        for first, path in json.loads(item["inputs"]):
            loaded = load_file(str(path), encoding)
            chunks, _ = chunker.split(loaded.documents)
            pieces.append((int(first), chunks))
        segment = (int(item["first"]), int(item["end"]))
        out.extend(run_segment(spec, manifest, batch_chunks, total_chunks, segment, pieces))
    return frame(out)


def document_pieces(batch: Any, segments: dict[Any, list[tuple[int, int]]]) -> Any:
    """Map stage: each chunked document's chunks, cut at segment bounds, tagged by segment.

    ``segments`` maps an input key to the segments its chunks fall in (with its first
    position): the rows then meet their segment in one hash shuffle.
    """
    import pandas as pd

    out = []
    for item in records(batch):
        for segment, first in segments.get(item["key"], []):
            out.append({"segment": segment, "first": first, "chunks": item["chunks"]})
    return pd.DataFrame(out, columns=["segment", "first", "chunks"])


def document_segment(
    group: Any,
    spec: GeneratorSpec,
    manifest: str | None,
    batch_chunks: int,
    total_chunks: int,
    bounds: dict[int, tuple[int, int]],
) -> Any:
    """``by_group`` stage over one segment's document pieces: its batches, done."""
    items = records(group)
    if not items:
        return frame([])
    pieces = [
        (int(item["first"]), [Chunk(text, meta) for text, meta in json.loads(item["chunks"])])
        for item in items
    ]
    segment = bounds[int(items[0]["segment"])]
    return frame(run_segment(spec, manifest, batch_chunks, total_chunks, segment, pieces))


__all__ = [
    "cut_segments",
    "document_pieces",
    "document_segment",
    "file_segments",
    "run_segment",
    "segment_inputs",
]
