"""Hybrid search for one tenant, with a calibrated 'is anything relevant?' signal."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol

from bot.index import ChunkIndex
from bot.models import SearchHit
from bot.sparse import BM25Encoder


class Embedder(Protocol):
    dimensions: int

    @property
    def name(self) -> str: ...

    def embed(self, texts: list[str]) -> list[list[float]]: ...


@dataclass(frozen=True)
class Retrieval:
    hits: list[SearchHit]
    confidence: float  # best cosine similarity between the question and any passage
    relevant: bool  # dense confidence clears the threshold, or the words clearly match
    query_vector: list[float]


class Retriever:
    def __init__(self, index: ChunkIndex, embedder: Embedder, encoder: BM25Encoder,
                 candidates: int = 40, abstain_below: float = 0.3) -> None:
        self.index, self.embedder, self.encoder = index, embedder, encoder
        self.candidates, self.abstain_below = candidates, abstain_below

    async def search(self, tenant: str, query: str, k: int = 5) -> Retrieval:
        [vector] = await asyncio.to_thread(self.embedder.embed, [query])
        sparse = self.encoder.query(query)
        hits = await self.index.hybrid(tenant, vector, sparse, limit=k, candidates=max(self.candidates, k))
        best = await self.index.dense(tenant, vector, limit=1)
        confidence = best[0].score if best else 0.0
        relevant = bool(hits) and (confidence >= self.abstain_below or self._words_match(query, hits))
        return Retrieval(hits, confidence, relevant, vector)

    def _words_match(self, query: str, hits: list[SearchHit], share: float = 0.6, at_least: int = 2) -> bool:
        """Lexical evidence for languages the dense model reads poorly (CJK): most query terms in one passage."""
        terms = set(self.encoder.tokens(query))
        if len(terms) < at_least:
            return False
        best = max(len(terms & set(self.encoder.tokens(h.chunk.text))) for h in hits[:3])
        return best >= at_least and best / len(terms) >= share
