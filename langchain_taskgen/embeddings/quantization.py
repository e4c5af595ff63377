"""int8 variants of the embedding model: torch dynamic quantisation and onnxruntime's.

Both quantise weights to int8 with one scale per tensor and activations on the fly, so
neither needs calibration data nor a new dependency beyond the backend's own. The
vectors differ slightly from float32 ones, which is why an int8 model records another
name in saved indexes (see :class:`~langchain_taskgen.embeddings.SentenceTransformerEmbeddings`).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

__all__ = ["quantize_int8", "quantize_onnx_int8"]


def quantize_int8(model: Any) -> Any:
    """Quantise a model's ``Linear`` layers to int8 in place (torch dynamic quantisation).

    Weights are stored as int8 with one scale per tensor; activations are quantised on
    the fly. No new dependency and nothing exported to disk: it is torch's own dynamic
    quantisation, applied once at load (well under a second for MiniLM). Per-channel
    scales kept the vectors closer to float32 (mean cosine 0.977 vs 0.939 on Debian FAQ
    paragraphs) yet retrieved worse on ``benchmarks/selector_quality.py`` (dense
    reworded hit@1 0.275 vs 0.325 on the FAQ, 0.696 vs 0.739 on the handbook; float32
    0.350 and 0.826), so per-tensor it is.

    Raises:
        ImportError: If this torch has no ``torch.ao.quantization`` (deprecated upstream
            in favour of torchao; present in the pinned torch 2.13).

    Example:
        >>> from sentence_transformers import SentenceTransformer  # doctest: +SKIP
        >>> model = quantize_int8(SentenceTransformer(path, device="cpu"))  # doctest: +SKIP
    """
    import torch

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from torch.ao.quantization import default_dynamic_qconfig, quantize_dynamic
    except ImportError as error:
        raise ImportError(
            "precision='int8' needs torch.ao.quantization, which this torch lacks: "
            "use precision='float32'"
        ) from error
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return quantize_dynamic(
            model, {torch.nn.Linear: default_dynamic_qconfig}, dtype=torch.qint8, inplace=True
        )


def quantize_onnx_int8(path: str | Path) -> None:
    """Quantise an exported ONNX graph to int8 in place (onnxruntime dynamic quantisation).

    The graph must be the plain trace: the dynamic quantiser cannot type the fused
    operators that onnxruntime's transformer optimizer writes.

    Raises:
        ImportError: If the ``onnx`` package (needed by onnxruntime's quantiser) is missing.

    Example:
        >>> quantize_onnx_int8("model.onnx")  # doctest: +SKIP
    """
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as error:
        raise ImportError("precision='int8' with backend='onnx' needs onnx") from error
    source = Path(path)
    quantized = source.with_name(source.stem + ".int8.onnx")
    quantize_dynamic(str(source), str(quantized), weight_type=QuantType.QInt8)
    os.replace(quantized, source)
