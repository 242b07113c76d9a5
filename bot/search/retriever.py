"""Hybrid search for one tenant, with a calibrated 'is anything relevant?' signal."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import numpy as np

from bot.embedding.port import Embedder
from bot.embedding.sentence_vectors import unpack
from bot.index import ChunkIndex
from bot.models import SearchHit
from bot.search.answerability import COUNT_UP_TO, NARROWS, Coverage, TermCounter, assess
from bot.text.chinese_english import has_chinese, in_english
from bot.text.sparse import BM25Encoder


@dataclass(frozen=True)
class Retrieval:
    hits: list[SearchHit]
    confidence: float  # best cosine similarity between the question and any passage
    relevant: bool  # dense confidence clears the threshold, or the words clearly match
    query_vector: list[float]
    coverage: Coverage = Coverage()  # which of the question's terms the material holds at all


RERANKED = 20  # fused passages whose sentences are compared with the question
SENTENCE_WEIGHT = 0.4  # of the best sentence's similarity, added to the fused score (tuned on both dev sets)


def by_best_sentence(hits: list[SearchHit], query_vector: list[float]) -> list[SearchHit]:
    """Fused passages re-ordered by how close their closest sentence comes to the question.

    A passage that answers in one sentence among others on something else is diluted as a whole;
    its sentence vectors (stored at ingest) see the answer. Passages without them keep their place.
    """
    q = np.asarray(query_vector, dtype=np.float32)
    best: list[float | None] = []
    for h in hits:
        stored = unpack(h.chunk.sentences)
        vectors = stored[1] if stored is not None else None
        best.append(float((vectors @ q).max()) if vectors is not None and vectors.shape[1] == len(q) else None)
    if any(b is None for b in best):
        return hits
    order = sorted(range(len(hits)), key=lambda i: -(hits[i].score + SENTENCE_WEIGHT * best[i]))  # type: ignore[operator]
    return [hits[i] for i in order]


class Retriever:
    def __init__(self, index: ChunkIndex, embedder: Embedder, encoder: BM25Encoder,
                 candidates: int = 40, abstain_below: float = 0.3) -> None:
        self.index, self.embedder, self.encoder = index, embedder, encoder
        self.candidates, self.abstain_below = candidates, abstain_below

    async def search(self, tenant: str, query: str, k: int = 5) -> Retrieval:
        """The passages closest to `query`; a Chinese question is also searched as its words' English
        senses, so it finds English material (and, by its own words, Chinese material)."""
        english = await asyncio.to_thread(in_english, query) if has_chinese(query) else query
        [vector] = await asyncio.to_thread(self.embedder.embed, [english])
        sparse = self.encoder.query(query if english == query else f"{query} {english}")
        fused = await self.index.hybrid(tenant, vector, sparse, limit=max(k, RERANKED),
                                        candidates=max(self.candidates, k))
        hits = by_best_sentence(fused, vector)[:k]
        best = await self.index.dense(tenant, vector, limit=1)
        confidence = best[0].score if best else 0.0
        relevant = bool(hits) and (confidence >= self.abstain_below or self._words_match(query, hits))
        coverage = await self.coverage(tenant, query, [h.chunk.text for h in hits])
        return Retrieval(hits, confidence, relevant, vector, coverage)

    async def coverage(self, tenant: str, query: str, retrieved: list[str]) -> Coverage:
        """Answerability from term statistics: which words of the question occur in the material."""
        passages = await self.index.passages(tenant)
        counts = self.term_counter(tenant, up_to=min(int(NARROWS * passages) + 1, COUNT_UP_TO))
        return await assess(query, self.encoder, counts, passages, retrieved)

    def term_counter(self, tenant: str, up_to: int = 1) -> TermCounter:
        """How many of the tenant's passages hold each BM25 token, counted `up_to` (1: whether any does)."""

        async def counts(tokens: list[str]) -> dict[str, int]:
            found = await self.index.term_counts(tenant, [self.encoder.index_of(t) for t in tokens], up_to)
            return {t: found[self.encoder.index_of(t)] for t in tokens}

        return counts

    def _words_match(self, query: str, hits: list[SearchHit], share: float = 0.6, at_least: int = 2) -> bool:
        """Lexical evidence for languages the dense model reads poorly (CJK): most query terms in one passage."""
        terms = set(self.encoder.tokens(query))
        if len(terms) < at_least:
            return False
        best = max(len(terms & set(self.encoder.tokens(h.chunk.text))) for h in hits[:3])
        return best >= at_least and best / len(terms) >= share
