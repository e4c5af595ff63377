"""Is a folder a complete transformers model? Checked before any eval column runs.

A folder that is not a model, or one whose saving was cut short, must be refused before
the hour the other columns take, not after them with a traceback.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

__all__ = ["ModelFolderError", "check_model_folder"]

_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "tokenizer.model", "vocab.json")


class ModelFolderError(ValueError):
    """The folder is not a complete model (the message names the file and the fault)."""


def _check_safetensors(path: Path) -> None:
    # Header: 8-byte little-endian length, JSON of tensor offsets; the data must reach
    # the largest end offset (a cut-off save is shorter).
    try:
        with path.open("rb") as handle:
            raw = handle.read(8)
            if len(raw) < 8:
                raise ModelFolderError(f"{path}: truncated (no safetensors header)")
            (length,) = struct.unpack("<Q", raw)
            size = path.stat().st_size
            if length > size - 8:
                raise ModelFolderError(f"{path}: truncated safetensors header")
            header = json.loads(handle.read(length))
    except (OSError, ValueError) as error:
        if isinstance(error, ModelFolderError):
            raise
        raise ModelFolderError(f"{path}: unreadable safetensors file ({error})") from error
    if not isinstance(header, dict):
        raise ModelFolderError(f"{path}: safetensors header is not an object")
    ends = [
        int(v["data_offsets"][1])
        for k, v in header.items()
        if k != "__metadata__" and isinstance(v, dict) and "data_offsets" in v
    ]
    if not ends:
        raise ModelFolderError(f"{path}: holds no tensors")
    if 8 + length + max(ends) > size:
        raise ModelFolderError(
            f"{path}: truncated ({size} bytes, the header promises {8 + length + max(ends)})"
        )


def check_model_folder(folder: str | Path) -> Path:
    """Check that ``folder`` holds a config, a tokenizer and complete weights.

    Raises:
        ModelFolderError: Naming the missing or damaged file.

    Example:
        >>> check_model_folder("/nonexistent")
        Traceback (most recent call last):
        ...
        langchain_taskgen.training.model_folder.ModelFolderError: /nonexistent is not a folder
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelFolderError(f"{folder} is not a folder")
    config = folder / "config.json"
    try:
        if not isinstance(json.loads(config.read_text(encoding="utf-8")), dict):
            raise ModelFolderError(f"{config}: not a JSON object")
    except OSError as error:
        raise ModelFolderError(
            f"{folder} is not a model folder: no readable config.json"
        ) from error
    except ValueError as error:
        if isinstance(error, ModelFolderError):
            raise
        raise ModelFolderError(f"{config}: not valid JSON ({error})") from error
    if not any((folder / name).is_file() for name in _TOKENIZER_FILES):
        raise ModelFolderError(f"{folder}: no tokenizer ({', '.join(_TOKENIZER_FILES)})")
    shards = _weight_files(folder)
    for shard in shards:
        if shard.suffix == ".safetensors":
            _check_safetensors(shard)
        elif shard.stat().st_size == 0:
            raise ModelFolderError(f"{shard}: empty weights file")
    return folder


def _weight_files(folder: Path) -> list[Path]:
    for index_name in ("model.safetensors.index.json", "pytorch_model.bin.index.json"):
        index = folder / index_name
        if index.is_file():
            try:
                names = sorted(
                    set(json.loads(index.read_text(encoding="utf-8"))["weight_map"].values())
                )
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
                raise ModelFolderError(f"{index}: unreadable weight index ({error})") from error
            missing = [n for n in names if not (folder / n).is_file()]
            if missing:
                raise ModelFolderError(f"{index} lists missing shards: {', '.join(missing)}")
            return [folder / n for n in names]
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (folder / name).is_file():
            return [folder / name]
    raise ModelFolderError(f"{folder}: no weights (model.safetensors or pytorch_model.bin)")
