"""The dense vectors the index already holds for a source's chunks, so tools need not re-embed.

Falls back to embedding the chunks when the stored vectors cannot be read (an index
written by another embedder, a server without them).
"""

from __future__ import annotations

import asyncio
import logging

from bot.index import QdrantIndex
from bot.models import Chunk
from bot.retrieval import Embedder

log = logging.getLogger(__name__)


async def chunk_vectors(index: QdrantIndex, embedder: Embedder, chunks: list[Chunk]) -> list[list[float]]:
    """One unit vector per chunk, in the order given."""
    if not chunks:
        return []
    try:
        vectors = await index.vectors_of(chunks)
        if all(isinstance(v, list) and len(v) == embedder.dimensions for v in vectors):
            return vectors  # type: ignore[return-value]
    except Exception as e:  # any trouble reading them: embed instead, slower but correct
        log.info("stored chunk vectors unavailable (%s); embedding again", type(e).__name__)
    return await asyncio.to_thread(embedder.embed, [c.embedding_text() for c in chunks])
