"""Builds the study tools and the digest for StudyService (called from bootstrap.build)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from redis.asyncio import Redis

from bot.feedback import AnswerStore
from bot.index import QdrantIndex
from bot.llm import ChatModel
from bot.retrieval import Embedder, Retriever
from bot.service import Tool
from bot.settings import Settings
from bot.sparse import BM25Encoder
from bot.study.compare import CompareTool
from bot.study.context import StudyContext
from bot.study.explain import ExplainTool
from bot.study.note_store import NoteStore
from bot.study.notes import NoteTool
from bot.study.outline import OutlineTool
from bot.study.outliner import Outliner
from bot.study.quiz import QuizTool
from bot.study.summary import SummaryTool

if TYPE_CHECKING:
    from bot.bootstrap import Services
    from bot.digest.scheduler import Clock


def study_context(index: QdrantIndex, retriever: Retriever, embedder: Embedder, encoder: BM25Encoder,
                  redis: Redis, answers: AnswerStore, llm: ChatModel | None, settings: Settings) -> StudyContext:
    ttl = int(settings.thread_ttl_days * 86400)
    return StudyContext(index, retriever, embedder, encoder, redis, answers,
                        Outliner(index, embedder, encoder, redis, llm), llm, ttl)


def context_of(services: Services, redis: Redis | None = None) -> StudyContext:
    """The study context of built services, optionally over another Redis client."""
    client = redis or services.redis
    answers = services.answers if redis is None else AnswerStore(client, services.answers.ttl)
    return study_context(services.index, services.retriever, services.embedder, services.encoder, client, answers,
                         services.bot.llm, services.settings)


def study_tools(ctx: StudyContext, notes: NoteStore, settings: Settings, clock: Clock | None = None) -> dict[str, Tool]:
    """summary, outline, explain, compare, note, quiz and digest, ready for StudyService(tools=...)."""
    from bot.digest.engine import build_digest
    from bot.digest.scheduler import utc_now
    from bot.digest.tool import DigestTool

    engine = build_digest(ctx)
    return {
        "summary": SummaryTool(ctx),
        "outline": OutlineTool(ctx),
        "explain": ExplainTool(ctx),
        "compare": CompareTool(ctx),
        "note": NoteTool(notes, ctx.answers),
        "quiz": QuizTool(engine.quiz, engine.pending),
        "digest": DigestTool(engine, settings.digest_timezone, clock or utc_now),
    }
