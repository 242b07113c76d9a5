"""The one place that builds real clients from settings and wires them together."""

from __future__ import annotations

from dataclasses import dataclass

from bot.embedding import MiniLMEmbedder
from bot.errors import UserError
from bot.index import QdrantIndex
from bot.retrieval import Retriever
from bot.settings import Settings
from bot.sparse import BM25Encoder
from ingest.pipeline import Ingestor


@dataclass
class Services:
    settings: Settings
    index: QdrantIndex
    embedder: MiniLMEmbedder
    encoder: BM25Encoder
    retriever: Retriever
    ingestor: Ingestor

    async def close(self) -> None:
        await self.index.close()


def qdrant_client(settings: Settings):  # type: ignore[no-untyped-def]
    """A server client when QDRANT_URL is set, else embedded storage under the data dir."""
    from qdrant_client import AsyncQdrantClient

    if settings.qdrant_url:
        key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
        return AsyncQdrantClient(url=settings.qdrant_url, api_key=key)
    settings.qdrant_path.mkdir(parents=True, exist_ok=True)
    try:
        return AsyncQdrantClient(path=str(settings.qdrant_path))
    except RuntimeError as e:
        if "already accessed" in str(e):
            raise UserError(
                f"The index in {settings.qdrant_path} is open in another studybot process. "
                "Stop it first, or run a Qdrant server and set QDRANT_URL so several processes can share it."
            ) from None
        raise


def build(settings: Settings | None = None) -> Services:
    settings = settings or Settings()
    embedder = MiniLMEmbedder(settings.embedding_model, settings.embedding_batch)
    encoder = BM25Encoder()
    index = QdrantIndex(
        qdrant_client(settings), settings.collection, embedder.dimensions,
        settings.qdrant_shards, settings.qdrant_replication, settings.qdrant_write_consistency,
    )
    retriever = Retriever(index, embedder, encoder, settings.candidates, settings.abstain_below)
    ingestor = Ingestor(index, embedder, encoder, settings)
    return Services(settings, index, embedder, encoder, retriever, ingestor)
