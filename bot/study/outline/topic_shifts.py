"""Where the content changes topic: TextTiling-style depth scores over sentence embeddings.

Used for transcripts that announce no chapters (and to split over-long ones): the
similarity between the sentences just before and just after each gap dips where one
topic ends and the next begins; the depth of the dip says how clear the change is.
"""

from __future__ import annotations

import numpy as np


def gap_similarity(vectors: np.ndarray, window: int) -> np.ndarray:
    """sim[i]: cosine of the mean of the `window` sentences before i and the `window` from i (sim[0] = 1)."""
    n = len(vectors)
    sims = np.ones(n)
    if n < 2:
        return sims
    cumulative = np.vstack([np.zeros((1, vectors.shape[1])), np.cumsum(vectors, axis=0)])
    for i in range(1, n):
        lo, hi = max(0, i - window), min(n, i + window)
        left = cumulative[i] - cumulative[lo]
        right = cumulative[hi] - cumulative[i]
        denominator = float(np.linalg.norm(left) * np.linalg.norm(right)) or 1.0
        sims[i] = float(left @ right) / denominator
    return sims


def depth_scores(sims: np.ndarray) -> np.ndarray:
    """How far each gap's similarity sits below the peaks on either side (0 where it is no dip)."""
    n = len(sims)
    depth = np.zeros(n)
    for i in range(1, n):
        left = sims[i]
        j = i - 1
        while j >= 1 and sims[j] >= left:
            left = sims[j]
            j -= 1
        right = sims[i]
        j = i + 1
        while j < n and sims[j] >= right:
            right = sims[j]
            j += 1
        depth[i] = (left - sims[i]) + (right - sims[i])
    return depth


def topic_shift_scores(vectors: list[list[float]], window: int = 6) -> list[float]:
    """One score per sentence: how strongly a new topic starts there (0 for the first)."""
    if not vectors:
        return []
    return depth_scores(gap_similarity(np.asarray(vectors, dtype=float), window)).tolist()
