"""The composition root: the one place that builds real clients from settings and wires them.

Everything else receives what it uses in its constructor; nothing connects until first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff

from bot.ask.answers import AnswerStore, VoteCommand
from bot.ask.threads import ConversationMemory
from bot.ask.use_case import StudyBot
from bot.chat.admission import AnswerSlots, Deduplicator, Limit, RateLimiter
from bot.chat.own_threads import OwnThreads
from bot.clock import Clock, utc_now
from bot.embedding.minilm import MiniLMEmbedder
from bot.errors import UserError
from bot.events import Poster
from bot.index import ChunkIndex, EdgeIndex, QdrantIndex
from bot.library.home import Home
from bot.library.material import Library
from bot.llm.client import ChatModel, OpenAIChat
from bot.runtime.metrics import Metrics
from bot.runtime.slot_claim import SlotClaim
from bot.search.retriever import Retriever
from bot.service import Handler, StudyService
from bot.settings import Settings
from bot.study.cards.maker import CardMaker
from bot.study.cards.quiz_answers import QuizAnswers
from bot.study.cards.tool import FlashcardsTool
from bot.study.compare.tool import CompareTool
from bot.study.course.progress import CourseProgress
from bot.study.course.subscriptions import SubscriptionStore
from bot.study.course.units import Course
from bot.study.digest.compose import DigestComposer
from bot.study.digest.engine import DigestEngine
from bot.study.digest.scheduler import DigestScheduler
from bot.study.digest.tool import DigestTool
from bot.study.notes.store import NoteStore
from bot.study.notes.tool import NoteTool
from bot.study.outline.builder import Outliner
from bot.study.outline.tool import OutlineTool
from bot.study.quiz.questions import QuizMaker
from bot.study.quiz.tool import PendingQuizzes, QuizTool
from bot.study.review.catalog import CardCatalog
from bot.study.review.known import KnownTopics
from bot.study.review.known_tool import KnownTool
from bot.study.review.learners import Learners
from bot.study.review.progress_tool import ProgressTool
from bot.study.review.recall import ReviewMemory
from bot.study.review.sender import ReviewSender
from bot.study.review.session import Limits, ReviewDesk
from bot.study.review.team import TeamActivity
from bot.study.review.tool import ReviewTool
from bot.study.summary.tool import SummaryTool
from bot.study.terms.explain import ExplainTool
from bot.tenants.admins import TenantAdmins
from bot.tenants.forget import Forgetting, IndexMaterial
from bot.tenants.redis_state import TenantRedisState
from bot.text.sparse import BM25Encoder
from ingest.pipeline import Ingestor


@dataclass
class Knowledge:
    """The material: index, models and ingest. Enough for ingest, sources and search."""

    settings: Settings
    index: ChunkIndex
    embedder: MiniLMEmbedder
    encoder: BM25Encoder
    retriever: Retriever
    ingestor: Ingestor

    async def close(self) -> None:
        await self.index.close()


@dataclass(frozen=True)
class ChatFacade:
    """What a chat platform's adapter uses: the one use case (every message, command and click goes
    through `service.receive`), source names for its menus, the home view, tenants arriving and
    leaving, and a Redis client for the platform's own state (installations, command sync)."""

    settings: Settings
    service: StudyService
    library: Library
    home: Home
    tenants: Forgetting
    redis: Redis


@dataclass(frozen=True)
class OpsFacade:
    """What the health and metrics endpoints read."""

    settings: Settings
    redis: Redis
    index: ChunkIndex
    metrics: Metrics


@dataclass
class Services(Knowledge):
    """Knowledge plus conversations: what adapters and the digest scheduler need."""

    redis: Redis
    llm: ChatModel | None
    service: StudyService
    library: Library
    answers: AnswerStore  # recent answers, which buttons under them refer to
    digest: DigestEngine
    desk: ReviewDesk  # each person's reviews
    metrics: Metrics
    home: Home
    tenants: Forgetting  # installs, departures and `tenant rm`

    @property
    def chat(self) -> ChatFacade:
        return ChatFacade(self.settings, self.service, self.library, self.home, self.tenants, self.redis)

    @property
    def ops(self) -> OpsFacade:
        return OpsFacade(self.settings, self.redis, self.index, self.metrics)

    async def close(self) -> None:
        await super().close()
        await self.redis.aclose()


def build_index(settings: Settings, embedder: MiniLMEmbedder) -> ChunkIndex:
    """A Qdrant server or cluster when QDRANT_URL is set, else Qdrant Edge under the data dir."""
    if not settings.embedded_index:
        from qdrant_client import AsyncQdrantClient

        key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
        client = AsyncQdrantClient(url=settings.qdrant_url, api_key=key)
        return QdrantIndex(client, settings.collection, embedder, settings.qdrant_shards,
                           settings.qdrant_replication, settings.qdrant_write_consistency)
    return EdgeIndex(settings.index_path, settings.collection, embedder, legacy=settings.qdrant_path)


def redis_client(url: str, settings: Settings) -> Redis:
    """One pool for the replica, sized for the answers it admits; when every connection is busy a command
    waits for one (up to STUDYBOT_REDIS_POOL_WAIT) rather than failing, so dedup and limits never give
    way under a burst while Redis is reachable. A command on a connection that broke (Redis restarted)
    reconnects and is sent again, a few times within half a second."""
    pool = BlockingConnectionPool.from_url(url, max_connections=settings.redis_connections,
                                           timeout=settings.redis_pool_wait, decode_responses=True,
                                           socket_timeout=settings.redis_timeout,
                                           socket_connect_timeout=settings.redis_timeout,
                                           retry=Retry(ExponentialBackoff(cap=0.25, base=0.05), 3))
    return Redis.from_pool(pool)


def build_knowledge(settings: Settings | None = None) -> Knowledge:
    settings = settings or Settings()
    embedder = MiniLMEmbedder(settings.embedding_model, settings.embedding_batch, settings.embedding_backend,
                              settings.model_cache)
    encoder = BM25Encoder()
    index = build_index(settings, embedder)
    retriever = Retriever(index, embedder, encoder, settings.candidates, settings.abstain_below)
    return Knowledge(settings, index, embedder, encoder, retriever, Ingestor(index, embedder, encoder, settings))


def build(settings: Settings | None = None, redis_url: str | None = None, llm: ChatModel | None = None,
          clock: Clock = utc_now) -> Services:
    """Wire everything; nothing connects until first use. `redis_url` overrides REDIS_URL."""
    settings = settings or Settings()
    url = redis_url or settings.redis_url
    if not url:
        raise UserError("No Redis configured: set REDIS_URL (the CLI starts a private one when it is unset).")
    k = build_knowledge(settings)
    redis = redis_client(url, settings)
    if llm is None and settings.llm_configured:
        llm = OpenAIChat(settings)
    ttl = int(settings.thread_ttl_days * 86400)
    metrics = Metrics()
    answers = AnswerStore(redis, ttl)
    notes = NoteStore(redis, k.embedder, k.encoder, settings.notes_per_channel)
    outliner = Outliner(k.index, k.embedder, k.encoder, redis, llm)
    digest = digest_engine(k, redis, outliner, llm, ttl)
    desk = review_desk(redis, digest, settings)
    library = Library(k.index, k.ingestor, private_links=settings.fetch_private)
    comparing = CompareTool(k.retriever, k.embedder, k.encoder, llm)
    asking = StudyBot(k.retriever, k.embedder, k.encoder, ConversationMemory(redis, ttl, settings.thread_max_turns),
                      answers, llm, settings.history_turns, metrics, notes=notes, compare=comparing)
    handlers: dict[str, Handler] = {
        "ask": asking.handle,
        "summary": SummaryTool(k.index, outliner, k.embedder, k.encoder, llm),
        "outline": OutlineTool(k.index, outliner),
        "explain": ExplainTool(k.index, k.retriever, k.embedder, k.encoder, llm),
        "compare": comparing,
        "note": NoteTool(notes, answers),
        "quiz": QuizTool(digest.quiz, digest.pending, QuizAnswers(desk, clock)),
        "digest": DigestTool(digest, settings.digest_timezone, clock),
        "flashcards": FlashcardsTool(digest.composer.cards, digest.course, desk.catalog, desk.memory, desk.known, desk,
                                     clock),
        "review": ReviewTool(desk, desk.learners, digest.subscriptions, settings.review_time,
                             settings.digest_timezone, clock),
        "known": KnownTool(desk.known, digest.course, desk.catalog),
        "progress": ProgressTool(desk.memory, desk.learners, digest, desk.team, settings.digest_timezone, clock),
        "sources": library.sources,
        "add": library.add,
        "vote": VoteCommand(answers, metrics),
    }
    admins = TenantAdmins(redis)
    service = StudyService(
        handlers, Deduplicator(redis),
        RateLimiter(redis, Limit(settings.rate_user_per_minute, 60), Limit(settings.rate_tenant_per_minute, 60)),
        OwnThreads(redis, ttl), metrics, settings.admin_set, settings.max_fetch_bytes, settings.max_question_chars,
        tenant_admins=admins, suggestions=answers.followup,
        slots=AnswerSlots(settings.max_answers_in_flight, settings.busy_wait_seconds),
    )
    tenants = Forgetting(redis, [IndexMaterial(k.index), TenantRedisState(redis, digest.subscriptions, answers)],
                         admins, timedelta(hours=settings.uninstall_grace_hours), settings.installer_is_admin, clock)
    return Services(**k.__dict__, redis=redis, llm=llm, service=service, library=library, answers=answers,
                    digest=digest, desk=desk, metrics=metrics, home=Home(k.index, digest.subscriptions),
                    tenants=tenants)


def digest_engine(k: Knowledge, redis: Redis, outliner: Outliner, llm: ChatModel | None, ttl: int) -> DigestEngine:
    quiz = QuizMaker(k.index, k.retriever, k.embedder, k.encoder, outliner, redis, llm)
    progress = CourseProgress(redis)
    course = Course(k.index, outliner)
    pending = PendingQuizzes(redis, ttl)
    composer = DigestComposer(course, progress, outliner, quiz, CardMaker(quiz, k.retriever, k.embedder),
                              CardCatalog(redis), pending)
    return DigestEngine(SubscriptionStore(redis), progress, course, composer, pending, quiz)


def review_desk(redis: Redis, digest: DigestEngine, settings: Settings) -> ReviewDesk:
    return ReviewDesk(redis, ReviewMemory(redis), digest.composer.catalog, KnownTopics(redis), Learners(redis),
                      digest.progress, TeamActivity(redis),
                      Limits(settings.review_cards_per_day, settings.review_new_per_day))


def digest_scheduler(services: Services, posters: dict[str, Poster], redis: Redis | None = None,
                     clock: Clock = utc_now) -> DigestScheduler:
    """The scheduler that posts due digests through `posters`; `redis` gives it a client of its own
    (one per replica in tests)."""
    s = services.settings
    engine = services.digest
    if redis is not None:
        outliner = Outliner(services.index, services.embedder, services.encoder, redis, services.llm)
        engine = digest_engine(services, redis, outliner, services.llm, int(s.thread_ttl_days * 86400))
    return DigestScheduler(engine.subscriptions, engine.composer, SlotClaim(redis or services.redis, s.digest_lock_seconds),
                           posters, clock, timedelta(hours=s.digest_grace_hours))


def review_sender(services: Services, posters: dict[str, Poster], redis: Redis | None = None,
                  clock: Clock = utc_now) -> ReviewSender:
    """Each person's daily reviews and the weekly team summaries, sent through `posters`; `redis` gives it a
    client of its own (one per replica in tests)."""
    s = services.settings
    engine, desk = services.digest, services.desk
    if redis is not None:
        outliner = Outliner(services.index, services.embedder, services.encoder, redis, services.llm)
        engine = digest_engine(services, redis, outliner, services.llm, int(s.thread_ttl_days * 86400))
        desk = review_desk(redis, engine, s)
    return ReviewSender(desk.learners, desk, desk.team, engine, SlotClaim(redis or services.redis, s.digest_lock_seconds),
                        posters, clock, timedelta(hours=s.digest_grace_hours))
