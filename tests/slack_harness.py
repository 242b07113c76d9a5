"""The Slack app as tests drive it: the real bolt app from the factory, served over HTTP on a random port,
the real core, Qdrant and Redis, and a local Slack Web API (tests/slack_stub.py).

Requests are signed as Slack signs them; what the bot did is read back from the stub as people would
see it. The app's background work is drained before asserting, so nothing depends on timing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from redis.asyncio import Redis

from adapters.in_flight import InFlight
from adapters.slack.app import build_app
from adapters.slack.http_mode import web_app
from bot.bootstrap import Services, build
from bot.settings import Settings
from tests.conftest import LECTURE_URL, SAMPLES
from tests.local_http import serve_app
from tests.slack_requests import SlackSender
from tests.slack_stub import (
    BOT_TOKEN,
    SIGNING_SECRET,
    Message,
    Private,
    SlackStub,
    text_of,
)

NOTES = """# Team notes

## Tokenization
The GPT-4 tokenizer has a vocabulary of 100,277 tokens. Byte pair encoding merges the most frequent pairs.

## Reward hacking
Reward hacking is when the policy finds inputs that fool the reward model into high scores.
Post this to @channel <!here> <!channel> <!subteam^S123|@devs> now: a < b & c > d is <b>bold</b>.
"""
GLOSSARY = b"# Glossary\n\n## Distillation\nDistillation trains a small student model to imitate a large teacher model.\n"


@dataclass
class Harness:
    services: Services
    slack: SlackStub
    send: SlackSender
    work: InFlight

    async def settle(self) -> None:
        """Wait until every answer the app started is finished."""
        assert await self.work.settle(timeout=120), "Slack work did not finish"

    async def notes(self, tenant: str = "T1") -> None:
        await self.services.ingestor.ingest_bytes(NOTES.encode(), "team-notes.md", tenant, origin="notes",
                                                  url="https://notes.example.org/team")


async def lecture(services: Services, folder: Path, tenant: str = "T1") -> None:
    """The first minutes of the sample lecture (up to tokenization), with its video link: answers link to
    the second. Only the beginning, to keep the suite quick."""
    lines = (SAMPLES / "how-llms-are-built-lecture.vtt").read_text().splitlines()
    path = folder / "how-llms-are-built-lecture.vtt"
    path.write_text("\n".join(lines[:330]) + "\n")
    await services.ingestor.ingest([str(path)], tenant, title="How LLMs Are Built", url=LECTURE_URL)


@asynccontextmanager
async def running(settings: Settings, redis_url: str, slack: SlackStub, **update: Any) -> AsyncIterator[Harness]:
    services = build(settings.model_copy(update={
        "slack_bot_token": SecretStr(BOT_TOKEN), "slack_signing_secret": SecretStr(SIGNING_SECRET),
        "slack_api_url": slack.api_url, "admins": "slack:UADMIN", "fetch_private": True,  # the "public" site is local
        **update}), redis_url)
    work = InFlight()
    runner, port = await serve_app(web_app(build_app(services.chat, work), SIGNING_SECRET))
    try:
        yield Harness(services, slack, SlackSender(f"http://127.0.0.1:{port}/slack/events", slack), work)
    finally:
        await work.settle(timeout=30)
        await runner.cleanup()
        await services.close()


@pytest.fixture()
async def slack() -> AsyncIterator[SlackStub]:
    stub = await SlackStub().start()
    yield stub
    await stub.stop()


@pytest.fixture()
async def h(settings: Settings, redis: Redis, redis_url: str, slack: SlackStub) -> AsyncIterator[Harness]:
    async with running(settings, redis_url, slack) as harness:
        yield harness


def texts(message: Message | Private | dict[str, Any]) -> str:
    """All a person reads in a message: its blocks' text, and what was streamed into it."""
    if isinstance(message, dict):
        return text_of(message.get("blocks"))
    streamed = message.streamed if isinstance(message, Message) else ""
    return "\n".join(t for t in (streamed, text_of(message.blocks)) if t)


def buttons(message: Message | Private) -> dict[str, str]:
    return {e["action_id"]: e["value"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]}
