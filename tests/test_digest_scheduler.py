"""The digest scheduler against a real Redis: replicas, DST, crashes mid-send, missed digests.

Time is an injected clock; the only real waiting is for a lock to expire.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.bootstrap import Services, digest_scheduler
from bot.conversation import IncomingMessage, Reply
from bot.runtime.slot_claim import SlotOutcome
from bot.study.course.schedule import Schedule
from bot.study.course.subscriptions import Subscription, SubscriptionStore
from bot.study.digest.scheduler import DigestScheduler
from bot.study.digest.tool import DigestTool
from tests.conftest import reply_to
from tests.study_fixtures import redis_url  # noqa: F401  (a private Redis for this module)

COURSE = """# Tiny course

## Tokens
Text is cut into tokens before a model reads it. A tokenizer called byte pair encoding merges the most frequent pairs of symbols into new tokens. The GPT-4 tokenizer has a vocabulary of about 100,000 tokens.

## Pretraining
Pretraining teaches a network to predict the next token of web documents. The result is called a base model, which continues documents rather than answering questions. Pretraining runs for months on thousands of GPUs.

## Fine-tuning
Supervised fine-tuning continues training on example conversations written by human labelers. The model learns to imitate a helpful assistant. A fine-tuning run can finish in a few hours.

## Reward models
A reward model is a network trained to score answers the way people rank them. Reinforcement learning then optimises the assistant against the reward model. Running it for too long leads to reward hacking.

## Thinking models
Reinforcement learning on problems with checkable answers produces thinking models. They write long chains of thought and check their own work before they answer. DeepSeek-R1 was the first open model of this kind.
"""


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)  # type: ignore[misc]


@dataclass
class RecordingPoster:
    """A platform that takes a moment to post, and remembers what it got."""

    posts: list[tuple[str, str, str, Reply]] = field(default_factory=list)
    delay: float = 0.02

    async def post(self, platform: str, tenant: str, channel: str, reply: Reply) -> None:
        await asyncio.sleep(self.delay)
        self.posts.append((platform, tenant, channel, reply))


@dataclass
class FlakyPoster(RecordingPoster):
    """Starts sending, then the connection drops, once."""

    attempts: list[str] = field(default_factory=list)

    async def post(self, platform: str, tenant: str, channel: str, reply: Reply) -> None:
        self.attempts.append(reply.text)
        if len(self.attempts) == 1:
            await asyncio.sleep(self.delay)
            raise ConnectionResetError("connection reset by peer")
        await super().post(platform, tenant, channel, reply)


def of(channel: str, outcomes: list[SlotOutcome]) -> list[SlotOutcome]:
    return [o for o in outcomes if o.subscription.endswith(":" + channel)]


async def small_course(app: Services, tmp_path: Path) -> None:
    course = tmp_path / "tiny-course.md"
    course.write_text(COURSE)
    await app.ingestor.ingest([str(course)], "default")


async def subscribe(app: Services, when: datetime, text: str, channel: str = "C1", platform: str = "slack") -> Reply:
    """Subscribe through the core, with the tool's clock at `when`."""
    app.service.handlers["digest"] = DigestTool(app.digest, "UTC", lambda: when)
    reply = await reply_to(app, IncomingMessage(platform, "default", channel, "t", "u1", text, "digest"))
    assert reply.text.startswith(("Subscribed", "Updated")), reply.text
    return reply


def scheduler(app: Services, poster: object, platform: str = "slack", redis: Redis | None = None,
              **overrides: object) -> DigestScheduler:
    s = digest_scheduler(app, {platform: poster}, redis=redis)  # type: ignore[dict-item]
    for name, value in overrides.items():
        setattr(s, name, value)
    return s


async def test_three_replicas_post_each_digest_exactly_once(app: Services, redis_url: str,  # noqa: F811
                                                            tmp_path: Path) -> None:
    await small_course(app, tmp_path)
    await subscribe(app, utc(2024, 5, 5, 12), "subscribe 09:00 Asia/Shanghai mon-fri")  # a Sunday
    poster = RecordingPoster()
    clients = [Redis.from_url(redis_url, decode_responses=True) for _ in range(3)]
    replicas = [scheduler(app, poster, redis=c) for c in clients]
    try:
        async def all_run(now: datetime) -> list[str]:
            results = await asyncio.gather(*(r.run_due(now) for r in replicas))
            return sorted(o.status for outcomes in results for o in outcomes)

        assert await all_run(utc(2024, 5, 5, 23)) == []  # Sunday: nothing due
        first = await all_run(utc(2024, 5, 6, 1, 0, 20))  # Monday 09:00:20 in Shanghai
        assert first.count("posted") == 1 and set(first) <= {"posted", "busy", "already_posted"}
        assert len(poster.posts) == 1
        assert await all_run(utc(2024, 5, 6, 1, 5)) == ["already_posted"] * 3
        await all_run(utc(2024, 5, 7, 1, 0, 5))
        await all_run(utc(2024, 5, 7, 1, 0, 35))
        assert len(poster.posts) == 2

        (platform, tenant, channel, monday), (*_, tuesday) = poster.posts
        assert (platform, tenant, channel) == ("slack", "default", "C1")
        assert "unit 1 of 5" in monday.text and "Section 1: Tokens" in monday.text
        assert "unit 2 of 5" in tuesday.text and "Section 2: Pretraining" in tuesday.text  # nothing repeats
        assert "**Quiz:**" in tuesday.text and "**Key terms:**" in tuesday.text and tuesday.citations
        assert await app.redis.get("studybot:quiz:pending:slack:default:C1")  # `quiz answer` works on it
        progress = await app.redis.hgetall("studybot:digest:progress:slack:default:C1")
        assert sorted(progress.values()) == ["done", "done"]
    finally:
        for c in clients:
            await c.aclose()


async def test_dst_changes_and_time_zones(app: Services, tmp_path: Path) -> None:
    await small_course(app, tmp_path)
    await subscribe(app, utc(2024, 3, 8), "subscribe 02:30 America/New_York daily", channel="spring")
    await subscribe(app, utc(2024, 11, 1), "subscribe 01:30 America/New_York", channel="fall")
    await subscribe(app, utc(2024, 3, 8), "subscribe 09:00 Asia/Shanghai daily", channel="shanghai")
    poster = RecordingPoster(delay=0)
    s = scheduler(app, poster)

    async def ticks(start: datetime, end: datetime, every: timedelta = timedelta(minutes=15)) -> dict[str, list]:
        posted: dict[str, list[datetime]] = {}
        now = start
        while now <= end:
            for o in await s.run_due(now):
                if o.status == "posted":
                    posted.setdefault(o.subscription.rsplit(":", 1)[1], []).append(o.slot)
            now += every
        return posted

    spring = await ticks(utc(2024, 3, 8), utc(2024, 3, 11, 12))
    # 02:30 on Sunday 10 March does not exist in New York: posted once, at 03:30 EDT (07:30 UTC).
    assert spring["spring"] == [utc(2024, 3, 8, 7, 30), utc(2024, 3, 9, 7, 30), utc(2024, 3, 10, 7, 30),
                                utc(2024, 3, 11, 6, 30)]
    assert spring["shanghai"] == [utc(2024, 3, d, 1) for d in (8, 9, 10, 11)]  # no DST: always 01:00 UTC
    fall = await ticks(utc(2024, 11, 2), utc(2024, 11, 4, 12))
    # 01:30 on Sunday 3 November happens twice in New York: posted once, at the first (EDT, 05:30 UTC).
    assert fall["fall"] == [utc(2024, 11, 2, 5, 30), utc(2024, 11, 3, 5, 30), utc(2024, 11, 4, 6, 30)]
    texts = [r.text for (_, _, channel, r) in poster.posts if channel == "fall"]
    assert [t.split("·")[1].split("\n")[0].strip() for t in texts] == ["unit 1 of 5", "unit 2 of 5", "unit 3 of 5"]


async def test_crash_in_the_middle_of_a_send_is_retried_and_posted_once(app: Services, tmp_path: Path) -> None:
    await small_course(app, tmp_path)
    await subscribe(app, utc(2024, 5, 6), "subscribe 09:00 UTC", channel="C1")
    flaky = FlakyPoster()
    s = scheduler(app, flaky)
    [failed] = await s.run_due(utc(2024, 5, 6, 9, 0, 10))
    assert failed.status == "failed" and "connection reset" in failed.detail
    assert flaky.posts == [] and len(flaky.attempts) == 1
    [retried] = await scheduler(app, flaky).run_due(utc(2024, 5, 6, 9, 1))  # after a restart: a new instance
    assert retried.status == "posted" and len(flaky.posts) == 1
    assert flaky.attempts[0] == flaky.attempts[1]  # the same unit, not the next one
    assert [o.status for o in await s.run_due(utc(2024, 5, 6, 9, 2))] == ["already_posted"]
    assert len(flaky.posts) == 1

    # A replica that died while sending holds the lock: nobody posts until it expires, then one does.
    await subscribe(app, utc(2024, 5, 6), "subscribe 10:00 UTC", channel="C2")
    slot = utc(2024, 5, 6, 10)
    await app.redis.set(f"studybot:digest:lock:slack:default:C2:{int(slot.timestamp())}", "dead", px=400)
    poster = RecordingPoster()
    [busy] = of("C2", await scheduler(app, poster).run_due(utc(2024, 5, 6, 10, 0, 5)))
    assert busy.status == "busy" and poster.posts == []
    await asyncio.sleep(0.5)
    [posted] = of("C2", await scheduler(app, poster).run_due(utc(2024, 5, 6, 10, 1)))
    assert posted.status == "posted" and len(poster.posts) == 1


async def test_missed_digests_are_sent_late_within_grace_and_skipped_after(app: Services, tmp_path: Path,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    await small_course(app, tmp_path)
    await subscribe(app, utc(2024, 5, 6), "subscribe 09:00 Europe/London daily")  # 08:00 UTC in May
    poster = RecordingPoster()
    s = scheduler(app, poster)
    assert s.grace == timedelta(hours=6)
    [late] = await s.run_due(utc(2024, 5, 6, 13))  # the bot was down for five hours
    assert late.status == "posted" and any("comes late because I was offline" in n for n in poster.posts[0][3].notices)
    assert "Mon 6 May, 09:00 BST" in poster.posts[0][3].notices[0]

    caplog.set_level(logging.WARNING, logger="bot.study.digest.scheduler")
    [skipped] = await s.run_due(utc(2024, 5, 7, 15))  # seven hours late: beyond the window
    assert skipped.status == "late_skipped" and len(poster.posts) == 1
    assert "beyond the grace window" in caplog.text
    caplog.clear()
    assert await s.run_due(utc(2024, 5, 7, 15, 30)) == [] and caplog.text == ""  # said once
    [next_day] = await s.run_due(utc(2024, 5, 8, 8, 0, 30))
    assert next_day.status == "posted" and "unit 2 of 5" in poster.posts[1][3].text  # the skipped day took no unit

    # Several missed slots within a long grace window: one digest, not a burst.
    s.grace = timedelta(days=3)
    outcomes = await s.run_due(utc(2024, 5, 11, 9))
    assert sorted(o.status for o in outcomes) == ["posted", "superseded", "superseded"]
    assert len(poster.posts) == 3


async def test_scheduler_runs_inside_serve_until_stopped(app: Services, tmp_path: Path) -> None:
    await small_course(app, tmp_path)
    now = datetime.now(timezone.utc)
    a_minute_ago = (now - timedelta(minutes=1)).time().replace(second=0, microsecond=0)
    await SubscriptionStore(app.redis).put(Subscription("discord", "default", "42", Schedule(a_minute_ago, "UTC"),
                                                        None, (now - timedelta(days=1)).timestamp()))
    posted = asyncio.Event()

    class Discord(RecordingPoster):
        async def post(self, platform: str, tenant: str, channel: str, reply: Reply) -> None:
            await super().post(platform, tenant, channel, reply)
            posted.set()

    discord = Discord()
    app.settings.digest_tick_seconds = 0.05
    stop = asyncio.Event()
    task = asyncio.create_task(digest_scheduler(app, {"discord": discord}).run_forever(stop, 0.05))
    await asyncio.wait_for(posted.wait(), 60)
    stop.set()
    await asyncio.wait_for(task, 10)
    assert [(p, t, c) for p, t, c, _ in discord.posts] == [("discord", "default", "42")]


async def test_slack_poster_puts_the_digest_in_the_channel(app: Services, tmp_path: Path) -> None:
    """The poster `studybot serve` gives the scheduler, through the real slack_sdk client."""
    from slack_sdk.web.async_client import AsyncWebClient

    from adapters.slack.digest_poster import SlackDigestPoster
    from adapters.slack.workspaces import WorkspaceClients
    from tests.slack_stub import BOT_TOKEN, SlackStub

    slack = await SlackStub().start()
    try:
        await small_course(app, tmp_path)
        await subscribe(app, utc(2024, 5, 5, 12), "subscribe 09:00 Asia/Shanghai mon-fri", channel="CDIGEST")
        poster = SlackDigestPoster(WorkspaceClients(AsyncWebClient(token=BOT_TOKEN, base_url=slack.api_url)))
        [outcome] = await scheduler(app, poster).run_due(utc(2024, 5, 6, 1, 0, 20))
        assert outcome.status == "posted"
        [posted] = slack.of("chat.postMessage")
        assert posted["channel"] == "CDIGEST" and "Section 1: Tokens" in str(posted["blocks"])
        assert "<!" not in str(posted)
    finally:
        await slack.stop()
