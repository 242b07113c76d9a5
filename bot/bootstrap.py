"""The one place that builds real clients from settings and wires them together."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from bot.core import StudyBot
from bot.embedding import MiniLMEmbedder
from bot.errors import UserError
from bot.feedback import AnswerStore
from bot.guards import Deduplicator, Limit, RateLimiter
from bot.index import QdrantIndex
from bot.llm import ChatModel, OpenAIChat
from bot.memory import ConversationMemory
from bot.metrics import Metrics
from bot.retrieval import Retriever
from bot.service import StudyService
from bot.settings import Settings
from bot.sparse import BM25Encoder
from bot.study.note_store import NoteStore
from bot.study.toolkit import study_context, study_tools
from ingest.pipeline import Ingestor


@dataclass
class Knowledge:
    """The material: index, models and ingest. Enough for ingest, sources and search."""

    settings: Settings
    index: QdrantIndex
    embedder: MiniLMEmbedder
    encoder: BM25Encoder
    retriever: Retriever
    ingestor: Ingestor

    async def close(self) -> None:
        await self.index.close()


@dataclass
class Services(Knowledge):
    """Knowledge plus conversations: what adapters need to answer people."""

    redis: Redis
    bot: StudyBot
    answers: AnswerStore
    dedup: Deduplicator
    limiter: RateLimiter
    service: StudyService
    metrics: Metrics

    async def close(self) -> None:
        await super().close()
        await self.redis.aclose()


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


def redis_client(url: str, settings: Settings) -> Redis:
    return Redis.from_url(url, decode_responses=True, socket_timeout=settings.redis_timeout,
                          socket_connect_timeout=settings.redis_timeout)


def build_knowledge(settings: Settings | None = None) -> Knowledge:
    settings = settings or Settings()
    embedder = MiniLMEmbedder(settings.embedding_model, settings.embedding_batch)
    encoder = BM25Encoder()
    index = QdrantIndex(
        qdrant_client(settings), settings.collection, embedder.dimensions,
        settings.qdrant_shards, settings.qdrant_replication, settings.qdrant_write_consistency,
    )
    retriever = Retriever(index, embedder, encoder, settings.candidates, settings.abstain_below)
    return Knowledge(settings, index, embedder, encoder, retriever, Ingestor(index, embedder, encoder, settings))


def build(settings: Settings | None = None, redis_url: str | None = None, llm: ChatModel | None = None) -> Services:
    """Wire everything; nothing connects until first use. `redis_url` overrides REDIS_URL."""
    settings = settings or Settings()
    url = redis_url or settings.redis_url
    if not url:
        raise UserError("No Redis configured: set REDIS_URL (the CLI starts a private one when it is unset).")
    k = build_knowledge(settings)
    redis = redis_client(url, settings)
    ttl = int(settings.thread_ttl_days * 86400)
    answers = AnswerStore(redis, ttl)
    if llm is None and settings.llm_configured:
        llm = OpenAIChat(settings)
    metrics = Metrics()
    notes = NoteStore(redis, k.embedder, k.encoder, settings.notes_per_channel)
    bot = StudyBot(k.retriever, k.embedder, k.encoder, ConversationMemory(redis, ttl, settings.thread_max_turns),
                   answers, llm, settings.history_turns, metrics, notes=notes)
    limiter = RateLimiter(redis, Limit(settings.rate_user_per_minute, 60), Limit(settings.rate_tenant_per_minute, 60))
    dedup = Deduplicator(redis)
    study = study_context(k.index, k.retriever, k.embedder, k.encoder, redis, answers, llm, settings)
    service = StudyService(bot, k.index, k.ingestor, answers, dedup, limiter, settings.admin_set,
                           tools=study_tools(study, notes, settings), private_links=settings.fetch_private,
                           max_upload_bytes=settings.max_fetch_bytes)
    return Services(**k.__dict__, redis=redis, bot=bot, answers=answers, dedup=dedup, limiter=limiter,
                    service=service, metrics=metrics)
