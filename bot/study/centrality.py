"""The sentences that best stand for a stretch of text: gists, summaries, digests.

Two stages keep it cheap: a lexical centroid (tf-idf over the stretch) shortlists
sentences that read well on their own, then the embedder picks, among the shortlist,
those closest to the stretch's meaning (the mean of its chunks' vectors).
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import Counter

import numpy as np

from bot.embedding.port import Embedder
from bot.search.passages import Candidate
from bot.study.transitions import CAN_YOU_HEAR, STRONG, WEAK
from bot.text.sparse import BM25Encoder

_ANAPHORIC = re.compile(r"^(?:it|its|it's|this|that|that's|these|those|they|there|he|she|and|or|but|so|also|then|"
                        r"here|here's|okay|alright|well|yes|no|now)\b", re.I)
SHORTLIST = 6
# Housekeeping a speaker says in passing: thanks, "before we begin", "can you hear me" teach nothing.
ASIDE = re.compile(r"\b(?:(?:a )?(?:quick |big |special )?thanks? (?:to|you)|before we (?:begin|start|get started)|"
                   + CAN_YOU_HEAR + r"|housekeeping|coffee break)\b", re.I)


def readability(text: str) -> float:
    """1 for a self-contained statement; less for questions, fragments, transitions, asides and run-ons."""
    score = 1.0
    length = len(text)
    if length < 50:
        score *= 0.4
    elif length > 300:
        score *= 0.6
    if text.rstrip().endswith("?"):
        score *= 0.3
    if STRONG.search(text) or WEAK.search(text) or ASIDE.search(text):
        score *= 0.2
    if _ANAPHORIC.match(text.strip()):
        score *= 0.6
    if text.rstrip().endswith(":"):
        score *= 0.5
    return score


class Centrality:
    """Scores sentences of one source against stretches of it."""

    def __init__(self, sentences: list[Candidate], encoder: BM25Encoder) -> None:
        self.sentences, self.encoder = sentences, encoder
        self.tokens = [Counter(encoder.tokens(s.text)) for s in sentences]
        df: Counter[str] = Counter()
        for counts in self.tokens:
            df.update(counts.keys())
        n = max(len(sentences), 1)
        self.idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}

    def _lexical(self, indices: list[int]) -> dict[int, float]:
        centroid: Counter[str] = Counter()
        for i in indices:
            centroid.update(self.tokens[i])
        weights = {t: c * self.idf[t] for t, c in centroid.items()}
        norm_c = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        out: dict[int, float] = {}
        for i in indices:
            vec = {t: c * self.idf[t] for t, c in self.tokens[i].items()}
            norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
            out[i] = sum(w * weights.get(t, 0.0) for t, w in vec.items()) / (norm * norm_c)
        return out

    async def central(self, indices: list[int], meaning: list[float] | None, embedder: Embedder,
                      k: int = 1, shortlist: int = SHORTLIST, focus: str | None = None) -> list[int]:
        """The `k` sentence indices (of `indices`) that best stand for them, best first.

        `focus` (a chapter title) favours sentences that use its words; earlier sentences
        win ties, since a chapter usually says what it is about near its start.
        """
        if not indices:
            return []
        lexical = self._lexical(indices)
        focus_terms = set(self.encoder.tokens(focus)) if focus else set()
        span = max(len(indices) - 1, 1)

        def prior(i: int) -> float:
            shared = len(focus_terms & set(self.tokens[i])) / len(focus_terms) if focus_terms else 0.0
            early = 1 - (i - indices[0]) / span
            return readability(self.sentences[i].text) * (1 + 0.5 * shared) * (1 + 0.15 * early)

        ranked = sorted(indices, key=lambda i: (-lexical[i] * prior(i), i))
        short = ranked[:max(shortlist, k)]
        if meaning is None or len(short) <= k:
            return short[:k]
        vectors = np.asarray(await asyncio.to_thread(embedder.embed, [self.sentences[i].text for i in short]))
        target = np.asarray(meaning)
        target = target / (np.linalg.norm(target) or 1.0)
        dense = vectors @ target
        scored = sorted(zip(short, dense), key=lambda p: -(float(p[1]) * prior(p[0])))
        return [i for i, _ in scored[:k]]


def mean_vector(vectors: list[list[float]]) -> list[float] | None:
    if not vectors:
        return None
    return np.mean(np.asarray(vectors), axis=0).tolist()
