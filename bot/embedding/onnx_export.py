"""An ONNX export of the bundled MiniLM weights, made once into a cache folder, never downloaded.

The export (PyTorch's exporter, then ONNX Runtime's transformer graph fusions) and the int8 variant (ONNX Runtime's dynamic quantization
of the matrix multiplications) are written to temporary files and renamed into place, so
processes racing to make them never see half a file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path

log = logging.getLogger(__name__)

FORMAT = "2"  # bump when the export recipe changes


def _fingerprint(weights: Path) -> str:
    h = hashlib.sha256(FORMAT.encode())
    for name in ("config.json", "model.safetensors"):
        f = weights / name
        stat = f.stat()
        h.update(f"{name}:{stat.st_size}".encode())
        with f.open("rb") as fh:
            h.update(fh.read(1 << 20))  # the header and first tensors identify the weights
    return h.hexdigest()[:16]


def onnx_model(weights: Path, cache: Path, quantized: bool) -> Path:
    """The path of the fp32 (or int8) ONNX model for `weights`, exporting it first if needed."""
    folder = cache / f"minilm-{_fingerprint(weights)}"
    fp32 = folder / "model.onnx"
    if not fp32.exists():
        folder.mkdir(parents=True, exist_ok=True)
        log.info("exporting %s to ONNX in %s (once)", weights.name, folder)
        _atomic(fp32, lambda tmp: _export(weights, tmp))
    if not quantized:
        return fp32
    int8 = folder / "model_int8.onnx"
    if not int8.exists():
        _atomic(int8, lambda tmp: _quantize(fp32, tmp))
    return int8


def _atomic(target: Path, make: object) -> None:
    fd, name = tempfile.mkstemp(prefix=target.stem + ".", suffix=".tmp.onnx", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        make(tmp)  # type: ignore[operator]
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _export(weights: Path, target: Path) -> None:
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    model = AutoModel.from_pretrained(str(weights)).eval()

    class HiddenStates(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    sample = torch.ones(2, 16, dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            HiddenStates(), (sample, sample, torch.zeros_like(sample)), str(target),
            input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "last_hidden_state": axes},
            opset_version=17, dynamo=False,
        )
    _fuse(target, model.config)


def _fuse(path: Path, config: object) -> None:
    """Fuse attention, layer norm and GELU into single kernels (ONNX Runtime's BERT optimizer)."""
    from onnxruntime.transformers.optimizer import optimize_model

    fused = optimize_model(str(path), model_type="bert", num_heads=getattr(config, "num_attention_heads", 0),
                           hidden_size=getattr(config, "hidden_size", 0))
    fused.save_model_to_file(str(path))


def _quantize(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    quiet = _DropAdvice()
    root.addFilter(quiet)  # quantize_dynamic logs advice about pre-processing on the root logger
    try:
        quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"], extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        root.removeFilter(quiet)


class _DropAdvice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()
