"""Sentence boundaries and compact sentence vectors, computed at ingest and kept with each chunk.

Extractive answers and citation quotes rank a passage's sentences against the question.
The vectors come from the passage's own embedding pass (its token states pooled over each
sentence), so they cost no extra model work, and are stored as int8 with one scale per
sentence: 388 bytes instead of 1,536.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

from bot.text.sentences import split_sentences

Span = tuple[int, int]  # [start, end) in the chunk text


def sentence_spans(text: str) -> list[Span]:
    """Where each sentence of `text` sits, as answering finds them."""
    spans: list[Span] = []
    cursor = 0
    for sentence in split_sentences(text):
        offset = text.find(sentence, cursor)
        if offset < 0:
            continue
        spans.append((offset, offset + len(sentence)))
        cursor = offset + len(sentence)
    return spans


def pool_spans(states: np.ndarray, mask: np.ndarray, offsets: np.ndarray, spans: list[Span]) -> list[np.ndarray | None]:
    """Mean of the token states inside each character span, unit length; None where no token falls inside."""
    real = (mask > 0) & (offsets[:, 1] > offsets[:, 0])
    starts = offsets[:, 0]
    out: list[np.ndarray | None] = []
    for start, end in spans:
        inside = real & (starts >= start) & (starts < end)
        if not inside.any():
            out.append(None)
            continue
        v = states[inside].mean(axis=0)
        norm = float(np.linalg.norm(v))
        out.append(v / norm if norm > 0 else None)
    return out


def mean_pool(states: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Sentence-transformers' mean pooling and normalisation, batched."""
    m = mask[..., None].astype(np.float32)
    v = (states * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def pack(spans: list[Span], vectors: np.ndarray) -> dict[str, Any]:
    """The payload form: spans, int8 codes (base64) and one scale per sentence."""
    vectors = np.asarray(vectors, dtype=np.float32).reshape(len(spans), -1)
    scales = np.maximum(np.abs(vectors).max(axis=1), 1e-12) / 127.0
    codes = np.round(vectors / scales[:, None]).astype(np.int8)
    return {"spans": [list(s) for s in spans], "q8": base64.b64encode(codes.tobytes()).decode("ascii"),
            "scale": [float(f"{s:.6g}") for s in scales]}


def unpack(stored: dict[str, Any] | None) -> tuple[list[Span], np.ndarray] | None:
    """Spans and float vectors back from the payload form; None when absent or malformed."""
    if not stored or not stored.get("spans"):
        return None
    try:
        spans = [(int(a), int(b)) for a, b in stored["spans"]]
        codes = np.frombuffer(base64.b64decode(stored["q8"]), dtype=np.int8).reshape(len(spans), -1)
        scales = np.asarray(stored["scale"], dtype=np.float32)
        return spans, codes.astype(np.float32) * scales[:, None]
    except (KeyError, TypeError, ValueError):
        return None
