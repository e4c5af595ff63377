"""Saving and loading a selector index: no pickle, every field validated, memory bounded.

Format (version 2), one directory:

* ``vectors.f32``: the unit vectors, raw little-endian float32, ``count x dimension``;
* ``records.jsonl``: one JSON object per line (``id``, ``example``, ``metadata``),
  lines separated by ``"\\n"`` only (U+2028 and friends are ordinary text inside a line);
* ``config.json``: format, version, embedding model, dimension, count, settings, the
  SHA-256 of both files, ``config_sha256`` over the rest of the config and, when saved
  with a secret, ``hmac_sha256``.

What the format guarantees: without a secret, the checksums detect accidents
(truncation, bit rot, an interrupted save, a hand edit of the settings) - not tampering,
since anyone who can edit the files can recompute them. With a secret
(``save(path, secret=...)``, ``load(path, secret=...)`` or the environment variable
``LANGCHAIN_TASKGEN_INDEX_KEY``), an HMAC-SHA256 over the config (which holds the file
checksums) proves the index was written by a holder of that secret; load then refuses an
index that is unsigned or signed with another key. Loading never executes code from
the files (no pickle, no faiss deserialisation: the index is rebuilt from the vectors),
reads at most the files' own size in memory, and rejects malformed fields with a
:class:`SelectorLoadError` naming the problem. Concurrent saves and loads of one
directory are safe, and each file is checked and parsed from one read: see
:mod:`~langchain_taskgen.selection.index_files`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from langchain_taskgen.embeddings import (
    DEFAULT_EMBEDDING_MODEL,
    SentenceTransformerEmbeddings,
    embed_query,
    embedding_model_id,
)
from langchain_taskgen.selection.index_files import (
    directory_lock,
    discard,
    read_once,
    remove_stale_temporaries,
    sha256_hex,
    write_temporary,
)
from langchain_taskgen.selection.options import SelectorSettings

SAVE_FORMAT = "langchain-taskgen-selector"
SAVE_VERSION = 2
VECTORS_FILE = "vectors.f32"
RECORDS_FILE = "records.jsonl"
CONFIG_FILE = "config.json"
SECRET_ENV = "LANGCHAIN_TASKGEN_INDEX_KEY"
MAX_CONFIG_BYTES = 1 << 20
MAX_COUNT = 1 << 31
MAX_DIMENSION = 1 << 16
_CONFIG_KEYS = {
    "format",
    "version",
    "embedding_model",
    "dimension",
    "count",
    "settings",
    "metadata_filter",
    "sha256",
    "config_sha256",
    "hmac_sha256",
}


class SelectorLoadError(ValueError):
    """A saved selector is missing files, corrupt, tampered with, or does not match."""


@dataclass
class SavedIndex:
    """What a saved index holds, validated."""

    embedding_model: str
    vectors: np.ndarray
    ids: list[str]
    examples: list[dict[str, Any]]
    metadatas: list[dict[str, Any]]
    settings: SelectorSettings
    metadata_filter: dict[str, Any] | None


def _canonical(config: Mapping[str, Any]) -> bytes:
    body = {k: v for k, v in config.items() if k not in ("config_sha256", "hmac_sha256")}
    return json.dumps(body, sort_keys=True, ensure_ascii=True, allow_nan=False).encode()


def _key(secret: str | bytes | None) -> bytes | None:
    if secret is None:
        secret = os.environ.get(SECRET_ENV)
        # Set but empty is a mistake (a variable meant to hold the key), not "unsigned":
        # refuse it as an explicit empty secret is refused, never drop the signature.
        if secret is not None and not secret:
            raise ValueError(
                f"{SECRET_ENV} is set but empty: set it to the index secret, or unset it "
                "to save and load without a signature"
            )
    if secret is None:
        return None
    key = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
    if not key:
        raise ValueError("the index secret must not be empty")
    return key


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-finite number {name} is not allowed")


def _json(text: str | bytes) -> Any:
    # parse_constant rejects NaN/Infinity; RecursionError comes from deeply nested input.
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError as error:
        raise ValueError("JSON nested too deeply") from error


def save_index(
    directory: str | Path,
    *,
    vectors: np.ndarray,
    ids: Sequence[str],
    examples: Sequence[Mapping[str, Any]],
    metadatas: Sequence[Mapping[str, Any]],
    embedding_model: str,
    settings: SelectorSettings,
    metadata_filter: Mapping[str, Any] | None,
    secret: str | bytes | None = None,
) -> Path:
    """Write an index directory: unique temporaries renamed into place, ``config.json`` last.

    Saves to one directory are serialised by a lock on it (see
    :mod:`~langchain_taskgen.selection.index_files`); on a failure (a full disk) the
    temporaries are removed and the previous index is left whole.

    Raises:
        OSError: If a file cannot be written (the previous index stays).
        ValueError: For an empty secret.
    """
    key = _key(secret)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    vectors = np.ascontiguousarray(vectors, dtype="<f4")
    lines = []
    for eid, example, metadata in zip(ids, examples, metadatas, strict=True):
        record = {"id": eid, "example": dict(example), "metadata": dict(metadata)}
        # ensure_ascii=False keeps text readable; json escapes "\n" inside strings, so
        # a record is one line whatever Unicode line separators its text holds.
        lines.append(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    records = "".join(lines).encode("utf-8")
    config: dict[str, Any] = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "embedding_model": embedding_model,
        "dimension": int(vectors.shape[1]),
        "count": int(vectors.shape[0]),
        "settings": settings.to_dict(),
        "metadata_filter": dict(metadata_filter) if metadata_filter is not None else None,
        "sha256": {
            VECTORS_FILE: sha256_hex(vectors.data),
            RECORDS_FILE: sha256_hex(records),
        },
    }
    body = _canonical(config)
    config["config_sha256"] = hashlib.sha256(body).hexdigest()
    if key is not None:
        config["hmac_sha256"] = hmac.new(key, body, hashlib.sha256).hexdigest()
    text = json.dumps(config, indent=2, allow_nan=False).encode("utf-8")
    made: list[Path] = []
    with directory_lock(directory, shared=False):
        remove_stale_temporaries(directory, (VECTORS_FILE, RECORDS_FILE, CONFIG_FILE))
        try:
            tmp_vectors = write_temporary(directory, VECTORS_FILE, vectors.tofile, made)
            tmp_records = write_temporary(directory, RECORDS_FILE, lambda h: h.write(records), made)
            tmp_config = write_temporary(directory, CONFIG_FILE, lambda h: h.write(text), made)
            os.replace(tmp_vectors, directory / VECTORS_FILE)
            os.replace(tmp_records, directory / RECORDS_FILE)
            os.replace(tmp_config, directory / CONFIG_FILE)
        finally:
            discard(made)
    return directory


def _hex(name: str, value: Any) -> str:
    if not isinstance(value, str) or len(value) != 64 or set(value) - set("0123456789abcdef"):
        raise ValueError(f"{name} must be a 64-digit hex SHA-256, got {value!r:.80}")
    return value


def _count(name: str, value: Any, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= high:
        raise ValueError(f"{name} must be an integer in [1, {high}], got {value!r:.80}")
    return value


def _read_config(directory: Path, key: bytes | None) -> dict[str, Any]:
    path = directory / CONFIG_FILE
    if not path.is_file():
        raise SelectorLoadError(f"{directory} is not a saved selector: {CONFIG_FILE} missing")
    try:
        raw = read_once(path, limit=MAX_CONFIG_BYTES)
    except ValueError as error:
        raise SelectorLoadError(f"{path} is corrupt: {error}") from error
    except OSError as error:
        raise SelectorLoadError(f"cannot read {path}: {error}") from error
    try:
        config = _json(raw.decode("utf-8"))
        if not isinstance(config, dict):
            raise ValueError("not a JSON object")
        if config.get("format") != SAVE_FORMAT:
            raise ValueError("not a langchain-taskgen selector")
        if config.get("version") != SAVE_VERSION:
            raise ValueError(
                f"unsupported save version {config.get('version')!r:.40} (this library "
                f"reads version {SAVE_VERSION}; rebuild the index from its pairs)"
            )
        unknown = sorted(set(config) - _CONFIG_KEYS)
        if unknown:
            raise ValueError(f"unknown field(s) {unknown}")
        _hex("config_sha256", config.get("config_sha256"))
        if not isinstance(config.get("embedding_model"), str) or not config["embedding_model"]:
            raise ValueError("embedding_model must be a non-empty string")
        _count("count", config.get("count"), MAX_COUNT)
        _count("dimension", config.get("dimension"), MAX_DIMENSION)
        checksums = config.get("sha256")
        if not isinstance(checksums, dict) or set(checksums) != {VECTORS_FILE, RECORDS_FILE}:
            raise ValueError(f"sha256 must map {VECTORS_FILE} and {RECORDS_FILE} to checksums")
        for name, value in checksums.items():
            _hex(f"sha256[{name}]", value)
        body = _canonical(config)
    except (UnicodeDecodeError, ValueError, TypeError) as error:
        raise SelectorLoadError(f"{path} is corrupt: {error}") from error
    if not hmac.compare_digest(hashlib.sha256(body).hexdigest(), config["config_sha256"]):
        raise SelectorLoadError(
            f"{path} was edited after saving (config checksum mismatch); settings can be "
            "changed at load time instead: load(path, k=...)"
        )
    if key is not None:
        signature = config.get("hmac_sha256")
        if not isinstance(signature, str):
            raise SelectorLoadError(f"{path} is not signed, but a secret was given")
        expected = hmac.new(key, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            raise SelectorLoadError(f"{path}: signature mismatch (tampered, or another secret)")
    return config


def _read_records(
    path: Path, data: bytes | bytearray, count: int, embed_keys: Sequence[str]
) -> tuple[list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    ids: list[str] = []
    examples: list[dict[str, Any]] = []
    metadatas: list[dict[str, Any]] = []
    seen: set[str] = set()
    # Lines end at b"\n" only, never at U+2028, U+2029 or U+0085; one line is copied
    # at a time (the file is in memory once already).
    start, number = 0, 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        raw, start, number = bytes(data[start:end]), end + 1, number + 1
        if not raw.strip():
            continue
        where = f"{path} line {number}"
        if len(ids) >= count:
            raise SelectorLoadError(f"{where}: more records than the {count} in config")
        try:
            record = _json(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise SelectorLoadError(f"{where} is not valid JSON: {error}") from error
        if not isinstance(record, dict) or set(record) != {"id", "example", "metadata"}:
            raise SelectorLoadError(
                f"{where}: a record must be an object with exactly id, example, metadata"
            )
        eid, example, metadata = record["id"], record["example"], record["metadata"]
        if not isinstance(eid, str) or not eid:
            raise SelectorLoadError(f"{where}: id must be a non-empty string")
        if eid in seen:
            raise SelectorLoadError(f"{where}: duplicate id {eid!r}")
        if not isinstance(example, dict) or not isinstance(metadata, dict):
            raise SelectorLoadError(f"{where}: example and metadata must be objects")
        missing = [k for k in embed_keys if not isinstance(example.get(k), str)]
        if missing:
            raise SelectorLoadError(f"{where}: example lacks text for key(s) {missing}")
        seen.add(eid)
        ids.append(eid)
        examples.append(example)
        metadatas.append(metadata)
    if len(ids) != count:
        raise SelectorLoadError(f"{path} holds {len(ids)} records; config says {count}")
    return ids, examples, metadatas


def load_index(directory: str | Path, *, secret: str | bytes | None = None) -> SavedIndex:
    """Read and validate an index directory written by :func:`save_index`.

    Raises:
        SelectorLoadError: For a missing file, a malformed or edited field, a checksum
            or signature mismatch, or files whose sizes disagree with the config.
    """
    directory = Path(directory)
    key = _key(secret)
    with directory_lock(directory, shared=True):
        config = _read_config(directory, key)
        count, dim = config["count"], config["dimension"]
        data: dict[str, bytearray] = {}
        sizes = {VECTORS_FILE: count * dim * 4, RECORDS_FILE: None}
        for name, size in sizes.items():
            path = directory / name
            if not path.is_file():
                raise SelectorLoadError(f"incomplete save in {directory}: {name} is missing")
            try:
                # Read once: the bytes checked below are the bytes parsed below.
                data[name] = read_once(path, size=size)
            except ValueError as error:
                need = f"; {count} x {dim} float32 vectors need {size} bytes" if size else ""
                raise SelectorLoadError(f"{error}{need}") from error
            except OSError as error:
                raise SelectorLoadError(f"cannot read {path}: {error}") from error
            if sha256_hex(data[name]) != config["sha256"][name]:
                raise SelectorLoadError(f"{path} is corrupt (checksum mismatch)")
    vectors_path = directory / VECTORS_FILE
    try:
        settings = SelectorSettings.from_dict(config.get("settings") or {})
    except (ValueError, TypeError, KeyError) as error:
        raise SelectorLoadError(f"{directory / CONFIG_FILE}: bad settings: {error}") from error
    metadata_filter = config.get("metadata_filter")
    if metadata_filter is not None and not isinstance(metadata_filter, dict):
        raise SelectorLoadError(f"{directory / CONFIG_FILE}: metadata_filter must be an object")
    ids, examples, metadatas = _read_records(
        directory / RECORDS_FILE, data.pop(RECORDS_FILE), count, settings.embed_keys
    )
    vectors = np.frombuffer(data.pop(VECTORS_FILE), dtype="<f4").reshape(count, dim)
    if not np.isfinite(vectors).all():
        raise SelectorLoadError(f"{vectors_path} holds non-finite values")
    norms = np.linalg.norm(vectors, axis=1)
    if not np.all((np.abs(norms - 1.0) < 1e-3) | (norms == 0.0)):
        raise SelectorLoadError(f"{vectors_path} holds vectors that are not unit length")
    return SavedIndex(
        embedding_model=config["embedding_model"],
        vectors=np.ascontiguousarray(vectors, dtype=np.float32),
        ids=ids,
        examples=examples,
        metadatas=metadatas,
        settings=settings,
        metadata_filter=metadata_filter,
    )


def _default_embeddings_for(model_name: str) -> Embeddings:
    """The packaged model in the variant an index was built with (float32, int8, ONNX int8).

    An index built with ``precision="int8"`` records ``+int8`` (torch) or ``+onnx-int8``;
    loading it without embeddings must not fall back to the float32 model and refuse.
    """
    if model_name == DEFAULT_EMBEDDING_MODEL + "+onnx-int8":
        return SentenceTransformerEmbeddings(precision="int8", backend="onnx")
    if model_name == DEFAULT_EMBEDDING_MODEL + "+int8":
        return SentenceTransformerEmbeddings(precision="int8", backend="torch")
    return SentenceTransformerEmbeddings()


def embeddings_for(saved: SavedIndex, embeddings: Embeddings | None) -> Embeddings:
    """The embeddings to query a loaded index with, checked against what built it.

    Args:
        saved: The loaded index.
        embeddings: The caller's embeddings (default: the packaged model, in the variant
            the index records).

    Raises:
        SelectorLoadError: If the embeddings name another model than the index records,
            or give vectors of another dimension.
    """
    if embeddings is None:
        embeddings = _default_embeddings_for(saved.embedding_model)
    model = embedding_model_id(embeddings)
    if model != saved.embedding_model:
        raise SelectorLoadError(
            f"the index was built with {saved.embedding_model!r}, not with the given {model!r}"
        )
    dim = saved.vectors.shape[1]
    probe = embed_query(embeddings, "dimension probe")
    if probe.shape[0] != dim:
        raise SelectorLoadError(f"embeddings give {probe.shape[0]} dimensions; the index has {dim}")
    return embeddings
