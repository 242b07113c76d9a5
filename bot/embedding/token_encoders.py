"""MiniLM's token states from one of two runtimes: PyTorch (sentence-transformers) or ONNX Runtime.

Both return the last hidden states, the attention mask and each token's character span,
so one pooling step makes the passage vector and, from the same pass, its sentences' vectors.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Protocol

import numpy as np

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)


class TokenStates(Protocol):
    def __call__(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(states [B, T, D] float32, mask [B, T] int, offsets [B, T, 2] int); special tokens span (0, 0)."""


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


class TorchTokens:
    """sentence-transformers on the CPU; its Transformer module runs the forward pass."""

    def __init__(self, weights: Path) -> None:
        _offline()
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        self.model = SentenceTransformer(str(weights), device="cpu")

    def __call__(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        import torch

        features: dict[str, Any] = self.model.tokenizer(
            texts, padding=True, truncation="longest_first", max_length=self.model.max_seq_length,
            return_offsets_mapping=True, return_tensors="pt",
        )
        offsets = features.pop("offset_mapping").numpy()
        with torch.inference_mode():
            out = self.model[0](dict(features))
        mask = features["attention_mask"].numpy()
        return out["token_embeddings"].float().numpy(), mask, offsets


class OnnxTokens:
    """An ONNX export of the same weights in ONNX Runtime, tokenized by the model's own tokenizer.json."""

    def __init__(self, model_file: Path, weights: Path, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(weights / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        # Idle threads must not spin: ingest overlaps other work with the model on few cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        options.enable_cpu_mem_arena = False  # give batch buffers back: a long ingest must not keep its peak
        self.session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])

    def __call__(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        offsets = np.array([e.offsets for e in encodings], dtype=np.int64).reshape(len(texts), -1, 2)
        states = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        return states, mask, offsets
