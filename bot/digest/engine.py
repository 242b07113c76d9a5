"""Wiring of the digest parts from the study context (shared with the chat tools)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from redis.asyncio import Redis

from bot.digest.compose import DigestComposer
from bot.digest.course import Course
from bot.digest.progress import CourseProgress
from bot.digest.scheduler import Clock, DigestPoster, DigestScheduler, utc_now
from bot.digest.subscriptions import SubscriptionStore
from bot.study.context import StudyContext
from bot.study.quiz import PendingQuizzes
from bot.study.quiz_maker import QuizMaker

if TYPE_CHECKING:
    from bot.bootstrap import Services


@dataclass
class DigestEngine:
    subscriptions: SubscriptionStore
    progress: CourseProgress
    course: Course
    composer: DigestComposer
    pending: PendingQuizzes
    quiz: QuizMaker


def build_digest(ctx: StudyContext, quiz: QuizMaker | None = None) -> DigestEngine:
    quiz = quiz or QuizMaker(ctx.index, ctx.retriever, ctx.embedder, ctx.encoder, ctx.outliner, ctx.redis, ctx.llm)
    progress = CourseProgress(ctx.redis)
    course = Course(ctx.index, ctx.outliner)
    return DigestEngine(SubscriptionStore(ctx.redis), progress, course,
                        DigestComposer(course, progress, ctx.outliner, quiz),
                        PendingQuizzes(ctx.redis, ctx.state_ttl_seconds), quiz)


def digest_scheduler(services: Services, posters: dict[str, DigestPoster], redis: Redis | None = None,
                     clock: Clock = utc_now) -> DigestScheduler:
    """A scheduler over `services`; `redis` gives it a client of its own (one per replica in tests)."""
    from bot.study.toolkit import context_of

    ctx = context_of(services, redis)
    engine = build_digest(ctx)
    s = services.settings
    return DigestScheduler(engine.subscriptions, engine.composer, engine.progress, engine.pending, ctx.redis,
                           posters, clock, timedelta(hours=s.digest_grace_hours), s.digest_lock_seconds)
