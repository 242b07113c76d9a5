"""What every study tool needs, built once by bootstrap and shared."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from bot.feedback import AnswerStore
from bot.index import QdrantIndex
from bot.llm import ChatModel
from bot.retrieval import Embedder, Retriever
from bot.sparse import BM25Encoder
from bot.study.outliner import Outliner


@dataclass
class StudyContext:
    index: QdrantIndex
    retriever: Retriever
    embedder: Embedder
    encoder: BM25Encoder
    redis: Redis
    answers: AnswerStore
    outliner: Outliner
    llm: ChatModel | None = None
    state_ttl_seconds: int = 14 * 86400  # pending quizzes and other short-lived channel state

