"""A sentence-transformers model exported once to ONNX and run with onnxruntime.

sentence-transformers' own ONNX and OpenVINO backends need ``optimum-onnx`` (which pins
``transformers<4.58``) or ``optimum-intel`` (which pulls another torch): neither installs
beside vLLM's pinned torch and transformers. ``onnxruntime`` and ``onnx`` alone do, so the
model is traced here with torch's exporter, once, into the user cache, and checked
against sentence-transformers' own vectors before the cache is kept. Loading a cached
export needs neither torch nor sentence-transformers: the tokenizer runs through the
``tokenizers`` library and the whole model (transformer, pooling, normalisation) is one
ONNX graph. The manifest holds each file's SHA-256, checked whenever the export is used:
a damaged file (even one edited without changing its size) is named in a warning and
the export is made again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from langchain_taskgen._paths import cache_root
from langchain_taskgen.embeddings.quantization import quantize_onnx_int8

__all__ = ["MANIFEST", "OnnxEncoder", "cache_problem", "export_onnx", "onnx_cache_dir"]

# 2: eager-attention trace, fused by onnxruntime's transformer optimizer; 3: the manifest
# holds each file's SHA-256 (a version-2 folder is left alone, for older releases).
_FORMAT_VERSION = 3
MANIFEST = "taskgen-onnx.json"
# Probe texts for the export check: short, long (truncated), padded in a batch,
# whitespace and non-ASCII, so a trace that baked in one shape or one mask is caught.
_PROBES = [
    "Which branch should a newcomer install?",
    "dpkg-divert",
    "  leading and trailing spaces  ",
    "Ünïcödé, 日本語 and émoji 🙂 in one line.",
    " ".join(["A long paragraph about package management and upgrades."] * 60),
    "x",
]
# Vectors of an fp32 export agree with sentence-transformers to ~1e-6; a dynamic int8
# export is a different model (its own check is looser and its name differs).
_MIN_COSINE = {"float32": 0.999, "int8": 0.85}


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _import_onnxruntime() -> Any:
    try:
        import onnxruntime
    except ImportError as error:
        raise ImportError(
            "backend='onnx' needs onnxruntime: pip install 'langchain-taskgen[embeddings]' "
            "(or pip install onnxruntime)"
        ) from error
    return onnxruntime


def onnx_cache_dir(model_path: str | Path, precision: str) -> Path:
    """Where the ONNX export of ``model_path`` lives (one folder per model and precision).

    The folder name holds a fingerprint of the model's files (names, sizes, mtimes), so a
    changed model gets a fresh export. The root is ``$LANGCHAIN_TASKGEN_CACHE`` or the
    user cache dir, shared with the default generator's converted model.
    """
    source = Path(model_path).resolve()
    digest = hashlib.sha256(f"{source}:{_FORMAT_VERSION}:{precision}".encode())
    for path in sorted(source.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(source)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return cache_root() / "onnx" / f"{source.name}-{precision}-{digest.hexdigest()[:16]}"


def _file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def cache_problem(folder: Path) -> str | None:
    """What is wrong with a cached export, naming the file; ``None`` when it is whole.

    Sizes first, then each file's SHA-256 against the manifest (a same-size edit of
    ``model.onnx`` gave silently wrong vectors). A file whose inode and change time are
    those recorded at export was not written since (a write sets the change time): it
    costs a ``stat``, not a hash (0.3 s for the 90 MB MiniLM graph).

    Example:
        >>> cache_problem(Path("/nonexistent"))
        '/nonexistent/taskgen-onnx.json is missing'
    """
    manifest = folder / MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        sizes, digests = data["files"], data["sha256"]
        if not sizes or not isinstance(sizes, dict) or set(sizes) != set(digests):
            return f"{manifest} lists no files"
    except FileNotFoundError:
        return f"{manifest} is missing"
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"{manifest} is unreadable ({type(error).__name__}: {error})"
    stamps = data.get("stat") if isinstance(data.get("stat"), dict) else {}
    for name, size in sizes.items():
        path = folder / name
        try:
            stat = path.stat()
            if stat.st_size != size:
                return f"{path} has {stat.st_size} bytes, not {size}"
            if stamps.get(name) == _stamp(stat):
                continue
            if _file_sha256(path) != digests[name]:
                return f"{path} does not match its checksum"
        except OSError as error:
            return f"{path} is unreadable ({error.strerror or error})"
    return None


def _stamp(stat: os.stat_result) -> list[int]:
    return [stat.st_ino, stat.st_ctime_ns]


def _cache_is_valid(folder: Path) -> bool:
    return cache_problem(folder) is None


def export_onnx(model_path: str | Path, precision: str = "float32") -> Path:
    """Export a local sentence-transformers model to ONNX once; return the cached folder.

    The folder holds ``model.onnx`` (transformer + pooling + normalisation in one graph),
    ``tokenizer.json`` and a manifest. ``precision="int8"`` adds onnxruntime's dynamic
    int8 quantisation (weights int8 per tensor, activations quantised on the fly; needs
    the ``onnx`` package). The export is checked against sentence-transformers' own
    vectors on probe texts and discarded, with an error, if they disagree. Later calls
    return the cached folder without loading torch. Nothing is downloaded.

    Args:
        model_path: A local sentence-transformers folder.
        precision: ``"float32"`` or ``"int8"``.

    Returns:
        The folder holding the export.

    Raises:
        ImportError: If torch, sentence-transformers, onnxruntime (or onnx, for int8) is
            missing.
        RuntimeError: If the exported model's vectors disagree with the original's.

    Example:
        >>> from langchain_taskgen.embeddings import packaged_model_path
        >>> folder = export_onnx(packaged_model_path())  # doctest: +SKIP
        >>> sorted(p.name for p in folder.iterdir())  # doctest: +SKIP
        ['model.onnx', 'taskgen-onnx.json', 'tokenizer.json']
    """
    if precision not in _MIN_COSINE:
        raise ValueError(f"precision must be 'float32' or 'int8', got {precision!r}")
    target = onnx_cache_dir(model_path, precision)
    problem = cache_problem(target) if target.exists() else "not exported yet"
    if problem is None:
        return target
    if target.exists():
        warnings.warn(
            f"the cached ONNX export is damaged: {problem}; exporting it again",
            RuntimeWarning,
            stacklevel=2,
        )
    _import_onnxruntime()
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise ImportError(
            "exporting to ONNX needs torch and sentence-transformers (once; the cached "
            "export runs without them)"
        ) from error
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
    try:
        try:
            # Eager attention traces to the MatMul/Softmax pattern that onnxruntime's
            # optimizer fuses into one Attention op; an SDPA trace stays unfused.
            model = SentenceTransformer(
                str(model_path), device="cpu", model_kwargs={"attn_implementation": "eager"}
            )
        except (TypeError, ValueError):
            model = SentenceTransformer(str(model_path), device="cpu")
        if getattr(model, "default_prompt_name", None):
            raise ValueError("backend='onnx' does not support models with a default prompt")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tokenize() is deprecated in 6.x, kept in 3-5
            features = model.tokenize(["a short one", "and a somewhat longer second text"])
            dimension = (
                getattr(model, "get_embedding_dimension", None)
                or model.get_sentence_embedding_dimension
            )()
        names: list[str] = [
            n for n in ("input_ids", "attention_mask", "token_type_ids") if n in features
        ]

        class _Whole(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.inner = model

            def forward(self, *tensors: Any) -> Any:
                return self.inner(dict(zip(names, tensors, strict=True)))["sentence_embedding"]

        axes: dict[str, dict[int, str]] = {n: {0: "batch", 1: "tokens"} for n in names}
        axes["embedding"] = {0: "batch"}
        fp32 = work / "model.onnx"
        with torch.inference_mode(), warnings.catch_warnings():
            # The legacy (TorchScript) exporter needs no onnxscript; its trace warnings
            # are about branches that are constant for this graph (checked below).
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Whole().eval(),
                tuple(features[n] for n in names),
                str(fp32),
                dynamo=False,
                input_names=names,
                output_names=["embedding"],
                dynamic_axes=axes,
                opset_version=17,
            )
        # int8 quantises the plain trace: the dynamic quantiser cannot type fused ops.
        fused = _fuse(fp32, model) if precision == "float32" else {}
        if precision == "int8":
            quantize_onnx_int8(fp32)
        model.tokenizer.backend_tokenizer.save(str(work / "tokenizer.json"))
        first = model[0]
        spec = {
            "format": _FORMAT_VERSION,
            "precision": precision,
            "inputs": names,
            "max_seq_length": int(model.max_seq_length or 512),
            "pad_id": int(model.tokenizer.pad_token_id or 0),
            "lower_case": bool(getattr(first, "do_lower_case", False)),
            "dimension": int(dimension or 0),
            "fused": fused,
        }
        expected = model.encode(_PROBES, normalize_embeddings=True, convert_to_numpy=True)
        got = OnnxEncoder(work, spec=spec).encode(_PROBES, batch_size=4)
        cosine = float((np.asarray(expected) * got).sum(axis=1).min())
        if cosine < _MIN_COSINE[precision]:
            raise RuntimeError(
                f"the ONNX export of {model_path} disagrees with the original model "
                f"(lowest cosine {cosine:.4f} on probe texts); use backend='torch'"
            )
        spec["probe_min_cosine"] = round(cosine, 6)
        files = sorted(p for p in work.iterdir() if p.is_file())
        spec["files"] = {p.name: p.stat().st_size for p in files}
        spec["sha256"] = {p.name: _file_sha256(p) for p in files}
        # Renaming the folder into place keeps these (same filesystem: same inodes).
        spec["stat"] = {p.name: _stamp(p.stat()) for p in files}
        (work / MANIFEST).write_text(json.dumps(spec, indent=1), encoding="utf-8")
        if _cache_is_valid(target):
            return target  # another process finished first; its copy may be in use
        if target.exists():
            shutil.rmtree(target)
        os.replace(work, target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return target


def _fuse(path: Path, model: Any) -> dict[str, int]:
    """Fuse attention, GELU and layer norms in place with onnxruntime's optimizer.

    Only for BERT-style encoders (the optimizer's ``bert`` patterns); other models, or a
    graph the optimizer cannot handle, keep the plain trace, which computes the same
    vectors more slowly. Returns the fused-operator counts (empty when nothing fused).
    On two AMD EPYC cores the fused MiniLM encoded a 512-text batch 1.3x faster than
    sentence-transformers on torch, and a query in 3.8 ms against 4.2 ms unfused.
    """
    config: Any = getattr(getattr(model[0], "auto_model", None), "config", None)
    if getattr(config, "model_type", None) not in {"bert", "roberta", "xlm-roberta"}:
        return {}
    try:
        from onnxruntime.transformers.optimizer import optimize_model

        optimized = optimize_model(
            str(path),
            model_type="bert",
            num_heads=int(config.num_attention_heads),
            hidden_size=int(config.hidden_size),
        )
        counts = {k: int(v) for k, v in optimized.get_fused_operator_statistics().items() if v}
        if not counts.get("Attention"):
            return {}
        optimized.save_model_to_file(str(path))
    except Exception:  # noqa: BLE001 - the unfused graph is correct, only slower
        return {}
    return counts


class OnnxEncoder:
    """Encode texts with an exported model (see :func:`export_onnx`) on onnxruntime.

    Batches run sorted by length so each batch pads little. One text (a query) runs on
    its own session with at most four threads that sleep, not spin, once it returns:
    on two AMD EPYC cores a 17-token query took 5.7 ms on two threads against 8.8 ms on
    one (torch: 17.4 ms), while a short sequence split over many more threads mostly
    waits on them. Spinning threads saved another 1.6 ms per query but held the cores
    against the search that follows: faiss's threads then took 5.1 ms instead of 1.6
    for a 10k-vector search.

    Args:
        folder: A folder written by :func:`export_onnx`.
        threads: Threads for batches and queries (default: the cores this process may
            run on; queries use at most four).
        spec: The manifest's contents (read from the folder when omitted).

    Example:
        >>> from langchain_taskgen.embeddings import packaged_model_path
        >>> encoder = OnnxEncoder(export_onnx(packaged_model_path()))  # doctest: +SKIP
        >>> encoder.encode(["hello"]).shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(
        self, folder: str | Path, *, threads: int = 0, spec: dict[str, Any] | None = None
    ) -> None:
        ort = _import_onnxruntime()
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        self.spec = spec or json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        self.dimension = int(self.spec["dimension"])
        self._ort = ort
        self._threads = threads
        try:
            self._tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        except Exception as error:  # the tokenizers library's errors name no file
            raise RuntimeError(
                f"cannot read {self.folder / 'tokenizer.json'}: {error} (a damaged export: "
                f"delete {self.folder} and it is made again)"
            ) from error
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(int(self.spec["max_seq_length"]))
        self._sessions: dict[tuple[int, bool], Any] = {}
        self._lock = threading.Lock()

    def _session(self, threads: int, *, spin: bool = True) -> Any:
        with self._lock:
            session = self._sessions.get((threads, spin))
            if session is None:
                options = self._ort.SessionOptions()
                options.intra_op_num_threads = threads
                options.inter_op_num_threads = 1
                options.graph_optimization_level = self._ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                if not spin:
                    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                path = self.folder / "model.onnx"
                try:
                    session = self._ort.InferenceSession(
                        str(path), options, providers=["CPUExecutionProvider"]
                    )
                except Exception as error:  # onnxruntime's InvalidProtobuf and friends
                    raise RuntimeError(
                        f"cannot load {path}: {error} (a damaged export: delete "
                        f"{self.folder} and it is made again)"
                    ) from error
                self._sessions[(threads, spin)] = session
            return session

    def _run(self, session: Any, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encodings)
        ids = np.full((len(texts), width), int(self.spec["pad_id"]), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        out = session.run(None, {name: feeds[name] for name in self.spec["inputs"]})[0]
        return np.asarray(out, dtype=np.float32)

    def encode(self, texts: list[str], *, batch_size: int = 8) -> np.ndarray:
        """Unit vectors, one row per text, as a float32 ``(len(texts), dim)`` array."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.spec["lower_case"]:
            texts = [t.lower() for t in texts]
        if len(texts) == 1:
            threads = min(self._threads or _usable_cores(), 4)
            return self._run(self._session(threads, spin=False), texts)
        session = self._session(self._threads)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._run(session, [texts[i] for i in rows])
        # The graph normalises already; renormalise against float drift in int8 graphs.
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms
