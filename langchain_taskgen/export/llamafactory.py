"""LLaMA-Factory's ``dataset_info.json``: the registry entry that lets it read an export.

LLaMA-Factory reads ``alpaca``, ``sharegpt`` and ``openai-chat`` exports through an entry
naming the file, its formatting and its columns/role tags; :func:`update_dataset_info`
keeps one such file per export folder.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from langchain_taskgen._atomic import atomic_write_text
from langchain_taskgen.export.records import SHAREGPT_ROLES

__all__ = ["LLAMA_FACTORY_FORMATS", "dataset_info_entry", "update_dataset_info"]

logger = logging.getLogger(__name__)

LLAMA_FACTORY_FORMATS = ("alpaca", "sharegpt", "openai-chat")
"""The export formats LLaMA-Factory reads through a ``dataset_info.json`` entry."""


def dataset_info_entry(
    fmt: str, file_name: str, sharegpt_roles: str = "sharegpt", has_system: bool = False
) -> dict[str, Any]:
    """LLaMA-Factory ``dataset_info.json`` entry for an export.

    For ``alpaca``, ``sharegpt`` and ``openai-chat`` files (LLaMA-Factory reads OpenAI
    messages through its ``sharegpt`` formatting with role/content tags).

    Raises:
        ValueError: For another format.
    """
    if fmt == "alpaca":
        columns = {"prompt": "instruction", "query": "input", "response": "output"}
        if has_system:
            columns["system"] = "system"
        return {"file_name": file_name, "formatting": "alpaca", "columns": columns}
    if fmt == "sharegpt":
        names = SHAREGPT_ROLES[sharegpt_roles]
        return {
            "file_name": file_name,
            "formatting": "sharegpt",
            "columns": {"messages": "conversations"},
            "tags": {
                "role_tag": "from",
                "content_tag": "value",
                "user_tag": names["user"],
                "assistant_tag": names["assistant"],
                "system_tag": names["system"],
            },
        }
    if fmt == "openai-chat":
        return {
            "file_name": file_name,
            "formatting": "sharegpt",
            "columns": {"messages": "messages"},
            "tags": {
                "role_tag": "role",
                "content_tag": "content",
                "user_tag": "user",
                "assistant_tag": "assistant",
                "system_tag": "system",
            },
        }
    raise ValueError(f"LLaMA-Factory has no dataset_info entry for {fmt!r} here")


def update_dataset_info(
    out_dir: Path,
    fmt: str,
    file_name: str,
    sharegpt_roles: str = "sharegpt",
    has_system: bool = False,
) -> Path:
    """Add (or replace) the export's entry in ``out_dir/dataset_info.json``; returns that file.

    The entry is named ``taskgen_<format>``; other entries in the file are kept.

    Example:
        >>> import json, tempfile
        >>> from pathlib import Path
        >>> path = update_dataset_info(Path(tempfile.mkdtemp()), "alpaca", "alpaca.jsonl")
        >>> list(json.loads(path.read_text()))
        ['taskgen_alpaca']
    """
    # Merge with an existing file so several exports in one folder share one registry.
    path = out_dir / "dataset_info.json"
    info = read_dataset_info(out_dir)
    name = "taskgen_" + fmt.replace("-", "_")
    info[name] = dataset_info_entry(fmt, file_name, sharegpt_roles, has_system)
    atomic_write_text(path, json.dumps(info, indent=2) + "\n")
    return path


def read_dataset_info(out_dir: Path) -> dict[str, Any]:
    """The entries of ``out_dir/dataset_info.json`` (``{}`` when there is none).

    Raises:
        ValueError: If the file exists but is not a JSON object: it holds the user's other
            datasets, so it is never replaced by a file holding only ours.

    Example:
        >>> import tempfile
        >>> from pathlib import Path
        >>> read_dataset_info(Path(tempfile.mkdtemp()))
        {}
    """
    path = out_dir / "dataset_info.json"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read it ({error})") from error
    try:
        info = json.loads(text)
    except ValueError as error:
        raise ValueError(
            f"{path} is not valid JSON ({error}); fix or move it, it is not replaced"
        ) from error
    if not isinstance(info, dict):
        raise ValueError(f"{path} is not a JSON object; fix or move it, it is not replaced")
    return info
