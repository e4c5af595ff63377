"""``taskgen select``: the few-shot examples the selector picks for a query."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from langchain_taskgen.cli.options import exit_status, fail, read_pairs_or_exit


@click.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.argument("query")
@click.option("-k", type=int, default=4, show_default=True)
@click.option("-t", "--task-type", "task_types", multiple=True, help="Only these task types.")
@click.option(
    "--search",
    type=click.Choice(["hybrid", "dense", "lexical"]),
    default="hybrid",
    show_default=True,
    help="hybrid = embeddings fused with BM25 (recommended).",
)
@click.option("--mmr", is_flag=True, help="Diversify with maximal marginal relevance.")
@click.option(
    "--min-quality",
    type=click.FloatRange(0, 1),
    help="Skip pairs whose metadata['quality'] (from `taskgen check`) is lower; "
    "pairs without a score stay selectable.",
)
@click.option(
    "--save-index",
    type=click.Path(file_okay=False, path_type=Path),
    help="Save the built index here (load it later by passing the folder).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def select(
    source: Path,
    query: str,
    k: int,
    task_types: tuple[str, ...],
    search: str,
    mmr: bool,
    min_quality: float | None,
    save_index: Path | None,
    as_json: bool,
) -> None:
    """Show the K examples the selector picks for QUERY.

    SOURCE is a pairs JSONL file or an index folder saved with --save-index.

    \b
    Examples:
      taskgen select out/pairs.jsonl "Must I keep the NOTICE file?" -k 3
      taskgen select out/pairs.jsonl "warranty" --save-index out/index
      taskgen select out/index "warranty" -t ynqa --mmr
      taskgen select out/kept.jsonl "warranty" --min-quality 0.8
    """
    from langchain_taskgen.selection import SelectorLoadError, TaskPairExampleSelector

    settings: dict[str, Any] = {
        "k": k,
        "search": search,
        "mmr": mmr,
        "task_types": list(task_types) or None,
        "min_quality": min_quality,
    }
    broken = False
    try:
        if source.is_dir():
            selector = TaskPairExampleSelector.load(source, **settings)
        else:
            pairs, broken = read_pairs_or_exit(source)
            selector = TaskPairExampleSelector(**settings, show_progress=True)
            selector.add_pairs(pairs)
    except (SelectorLoadError, ValueError) as error:
        fail(str(error))
    if save_index:
        try:
            selector.save(save_index)
        except OSError as error:
            # The save removed its temporaries; an index already there is left whole.
            fail(f"cannot save the index to {save_index}: {error.strerror or error}")
        except ValueError as error:
            fail(str(error))
        click.echo(f"saved index of {len(selector)} pairs to {save_index}", err=True)
    chosen = selector.search_with_scores(query)
    if not chosen:
        # An empty answer said nothing: a filter that matches no stored pair looked like
        # a search that found nothing.
        held = ", ".join(f"{t} {n}" for t, n in selector.task_type_counts().items())
        filters = [f"task types {', '.join(task_types)}"] if task_types else []
        filters += [f"min quality {min_quality}"] if min_quality is not None else []
        click.echo(
            f"no example selected{' with ' + ' and '.join(filters) if filters else ''}; "
            f"{source} holds {len(selector)} pairs{': ' + held if held else ''}",
            err=True,
        )
    if as_json:
        click.echo(json.dumps([{**e, "score": s} for e, s in chosen], ensure_ascii=False, indent=2))
    else:
        for i, (example, value) in enumerate(chosen, 1):
            click.echo(f"#{i} [{example.get('task_type', '?')}] score={value:.4f}")
            for key, text in _fields(example):
                click.echo(f"  {key}: {_short(str(text))}")
    exit_status(broken)


def _fields(example: dict[str, Any]) -> list[tuple[str, Any]]:
    """A pair's input and output; any other example (saved from the API) all its fields."""
    if "input" in example and "output" in example:
        return [("input ", example["input"]), ("output", example["output"])]
    return [(key, value) for key, value in example.items() if key != "task_type"]


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else "..." + text[-limit:]
