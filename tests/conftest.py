"""Shared fixtures: real embedded Qdrant in a temp folder, the real MiniLM model."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.bootstrap import Knowledge, Services, build, build_knowledge
from bot.conversation import IncomingMessage, Reply
from bot.events import Event, Surface
from bot.settings import Settings
from tests.openai_stub import OpenAIStub
from tests.redis_server import RedisProcess, reachable

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "llm-course"
sys.path.insert(0, str(ROOT / "samples"))


@pytest.fixture(scope="session", autouse=True)
def remembered_embeddings() -> Iterator[None]:
    """The real model, asked once per distinct text per test session.

    Many tests ingest the same course; the vectors of a text never change, so computing them
    again only costs minutes. Tests that need the model to fail patch the embedder themselves.
    """
    from bot.embedding.minilm import MiniLMEmbedder

    embed, passages = MiniLMEmbedder.embed, MiniLMEmbedder.embed_passages
    memo: dict[tuple[str, ...], object] = {}

    def remembered_embed(self: MiniLMEmbedder, texts: list[str]) -> list[list[float]]:
        keys = [(self.identity, t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in memo))
        if missing:
            memo.update(zip(missing, embed(self, [t for _, t in missing])))
        return [memo[k] for k in keys]  # type: ignore[misc]

    def remembered_passages(self: MiniLMEmbedder, texts: list[str], spans: list[list[tuple[int, int]]]) -> object:
        keys = [(self.identity, "passage", t, repr(s)) for t, s in zip(texts, spans, strict=True)]
        missing = list(dict.fromkeys(i for i, k in enumerate(keys) if k not in memo))
        if missing:
            dense, sentences = passages(self, [texts[i] for i in missing], [spans[i] for i in missing])
            memo.update((keys[i], (d, v)) for i, d, v in zip(missing, dense, sentences, strict=True))
        found = [memo[k] for k in keys]
        return [d for d, _ in found], [v for _, v in found]  # type: ignore[misc]

    MiniLMEmbedder.embed = remembered_embed  # type: ignore[method-assign]
    MiniLMEmbedder.embed_passages = remembered_passages  # type: ignore[method-assign]
    yield
    MiniLMEmbedder.embed, MiniLMEmbedder.embed_passages = embed, passages  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from make_pdf import build_pdf

    return build_pdf(tmp_path_factory.mktemp("pdf") / "reinforcement-learning-notes.pdf")


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """Defaults, except rate limits high enough for tests that send many messages (their own test lowers them)."""
    return Settings(data_dir=tmp_path / "data", rate_user_per_minute=10_000, rate_tenant_per_minute=10_000,
                    _env_file=None)  # type: ignore[call-arg]


@pytest.fixture()
async def services(settings: Settings) -> AsyncIterator[Knowledge]:
    s = build_knowledge(settings)
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture()
def corpus(tmp_path: Path, sample_pdf: Path) -> Path:
    """A copy of the sample course (lecture, article, generated PDF) in a temp folder."""
    folder = tmp_path / "course"
    folder.mkdir()
    for f in SAMPLES.iterdir():
        if f.suffix in (".vtt", ".md"):
            (folder / f.name).write_bytes(f.read_bytes())
    (folder / sample_pdf.name).write_bytes(sample_pdf.read_bytes())
    return folder


# A database of its own on the shared server, emptied before each test; STUDYBOT_TEST_REDIS_DB lets
# two checkouts run their suites side by side.
TEST_DB = int(os.environ.get("STUDYBOT_TEST_REDIS_DB", "13"))


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The machine's Redis when reachable, else a private real server for the session."""
    if reachable():
        yield f"redis://127.0.0.1:6379/{TEST_DB}"
        return
    server = RedisProcess().start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture()
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url, decode_responses=True)
    await client.flushdb()
    yield client
    await client.aclose()


@pytest.fixture()
async def stub() -> AsyncIterator[OpenAIStub]:
    server = await OpenAIStub().start()
    yield server
    await server.stop()


@pytest.fixture()
async def app(settings: Settings, redis: Redis, redis_url: str) -> AsyncIterator[Services]:
    """Everything wired for real, without a language model."""
    s = build(settings, redis_url)
    yield s
    await s.close()


@pytest.fixture()
async def llm_app(settings: Settings, redis: Redis, redis_url: str, stub: OpenAIStub) -> AsyncIterator[Services]:
    """Everything wired for real, the model being the local OpenAI-protocol stub."""
    s = build(settings.model_copy(update={"openai_base_url": stub.base_url, "llm_timeout": 2.0, "llm_retries": 1}),
              redis_url)
    yield s
    await s.close()


LECTURE_URL = "https://www.youtube.com/watch?v=course42"


async def load_course(s: Knowledge, corpus: Path, tenant: str = "default") -> None:
    """The sample course in a tenant, the lecture with a video link."""
    await s.ingestor.ingest([str(corpus / "how-llms-are-built-lecture.vtt")], tenant,
                            title="How LLMs Are Built", url=LECTURE_URL)
    await s.ingestor.ingest([str(corpus)], tenant)


class _Streamed(Surface):
    def __init__(self, sink: Callable[[str], object] | None) -> None:
        self.sink = sink

    async def partial(self, text: str) -> None:
        if self.sink is not None:
            self.sink(text)


async def reply_to(s: Services, msg: IncomingMessage, on_partial: Callable[[str], object] | None = None) -> Reply:
    """`msg` through the core's one use case, as a command addressed to the bot; the reply back.

    Streamed partials reach `on_partial`; refusals and errors come back as their reply too.
    """
    event = Event(msg.platform, msg.tenant, msg.channel, msg.user, msg.text, event_id=uuid.uuid4().hex,
                  thread=msg.thread, command=msg.command)
    outcome = await s.service.receive(event, _Streamed(on_partial))
    assert outcome.reply is not None, "the core dropped a message addressed to it"
    return outcome.reply
