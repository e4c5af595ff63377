"""Load files into Documents with langchain-community's loaders (the one place we use it)."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.documents import Document

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".rst": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


@dataclass
class LoadResult:
    """Documents loaded from paths, and one message per file that could not be loaded."""

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: int = 0


def _is_binary(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(8192)
    return b"\x00" in head


def _loader(path: Path, kind: str) -> Any:
    with warnings.catch_warnings():
        # langchain-community announces its sunset on import; it is still the loader set
        # users have, kept behind this one module.
        warnings.simplefilter("ignore", DeprecationWarning)
        from langchain_community import document_loaders as loaders
    if kind == "text":
        return loaders.TextLoader(str(path), autodetect_encoding=True)
    if kind == "html":
        return loaders.BSHTMLLoader(
            str(path), open_encoding="utf-8", bs_kwargs={"features": "html.parser"}
        )
    return loaders.PyPDFLoader(str(path), mode="single")


def iter_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand directories recursively; returns the files and problems with the paths."""
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            supported = [p for p in found if p.suffix.lower() in SUPPORTED_SUFFIXES]
            if not supported:
                problems.append(f"{path}: no supported files (.txt, .md, .html, .pdf) inside")
            files += supported
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or directory")
    return files, problems


def load_paths(paths: Iterable[str | Path]) -> LoadResult:
    """Load txt, md, html and pdf files (directories recursively) into Documents.

    A file that cannot be loaded (unsupported extension, binary, unreadable, broken)
    is reported in ``problems`` and the rest still load. Each document's metadata has
    ``source`` (the file path) and whatever the loader adds (e.g. PDF page counts).

    Example:
        >>> result = load_paths(["samples/corpus/bsd-3-clause.txt"])
        >>> result.documents[0].metadata["source"], result.problems
        ('samples/corpus/bsd-3-clause.txt', [])
    """
    files, problems = iter_files(paths)
    result = LoadResult(problems=problems, files=len(files))
    for path in files:
        kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
        if kind is None:
            result.problems.append(
                f"{path}: unsupported extension {path.suffix or '(none)'!r} "
                f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})"
            )
            continue
        try:
            if kind != "pdf" and _is_binary(path):
                result.problems.append(f"{path}: binary file, not {kind}")
                continue
            docs = _loader(path, kind).load()
        except PermissionError:
            result.problems.append(f"{path}: unreadable (permission denied)")
            continue
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the others
            result.problems.append(f"{path}: cannot load: {type(error).__name__}: {error}")
            continue
        for doc in docs:
            doc.metadata["source"] = str(path)
        result.documents += docs
    return result
