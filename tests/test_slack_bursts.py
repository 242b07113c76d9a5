"""Bursts of Slack events and their retries: every question gets exactly one reply (an answer, or a
kind "busy" notice when the replica is full), never two, and a retry is never answered while the
dedup check cannot run."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from bot.settings import Settings
from tests.redis_server import RedisProcess
from tests.slack_harness import Harness, running, slack, texts  # noqa: F401 (fixture)
from tests.slack_requests import mention
from tests.slack_stub import SlackStub

BURST = 100  # mentions, each sent again at once as Slack's retry: 200 requests in flight together


def replies_to(h: Harness, user: str, ts: str) -> list[str]:
    """What the asker saw: public answers in the question's thread and notices only they see."""
    public = [texts(m) for m in h.slack.visible("C1", thread_ts=ts)]
    return public + [texts(p) for p in h.slack.private_to(user)]


async def test_a_burst_and_its_retries_are_answered_exactly_once(settings: Settings, redis: Redis, redis_url: str,
                                                                 slack: SlackStub) -> None:
    # Four answers at a time, so the pool (4 + 64 connections) is far smaller than the burst.
    async with running(settings, redis_url, slack, max_answers_in_flight=4) as h:
        asked = [(f"U{i}", f"17000{i:05d}.000100") for i in range(BURST)]
        events = [mention("What is tokenization?", ts=ts, user=user) for user, ts in asked]
        sent = [h.send.event(e) for e in events] + [h.send.event(e, retry=1) for e in events]
        statuses = await asyncio.gather(*sent)
        assert {status for status, _ in statuses} == {200}
        await h.settle()
        counts = [len(replies_to(h, user, ts)) for user, ts in asked]
        assert counts == [1] * BURST  # no double post, no silence
        busy = [user for user, ts in asked if "try again in a minute" in " ".join(replies_to(h, user, ts))]
        assert len(busy) < BURST


async def test_a_question_past_the_bound_waits_its_turn(settings: Settings, redis: Redis, redis_url: str,
                                                       slack: SlackStub) -> None:
    async with running(settings, redis_url, slack, max_answers_in_flight=1, busy_wait_seconds=600) as h:
        release = slack.hold("reactions.add")  # the first answer holds the only slot
        await h.send.event(mention("What is tokenization?", ts="1700000011.000100", user="U1"))
        await slack.wait_for("reactions.add")
        await h.send.event(mention("What is RLHF?", ts="1700000012.000100", user="U2"))
        release.set()
        await h.settle()
        for user, ts in (("U1", "1700000011.000100"), ("U2", "1700000012.000100")):
            [reply] = replies_to(h, user, ts)
            assert "try again" not in reply


async def test_past_its_bound_a_replica_says_it_is_busy_in_the_askers_language(settings: Settings, redis: Redis,
                                                                              redis_url: str, slack: SlackStub) -> None:
    async with running(settings, redis_url, slack, max_answers_in_flight=1, busy_wait_seconds=0) as h:
        release = slack.hold("reactions.add")  # the first answer holds the only slot
        await h.send.event(mention("What is tokenization?", ts="1700000001.000100", user="U1"))
        await slack.wait_for("reactions.add")
        await h.send.event(mention("What is RLHF?", ts="1700000002.000100", user="U2"))
        await h.send.event(mention("什么是分词?", ts="1700000003.000100", user="U3"))
        await slack.wait_for("chat.postEphemeral", count=2)
        release.set()
        await h.settle()
        [busy] = slack.private_to("U2")
        assert "I'm answering many questions right now. Please try again in a minute." in texts(busy)
        [busy_zh] = slack.private_to("U3")
        assert "请一分钟后再试" in texts(busy_zh)
        assert len(replies_to(h, "U1", "1700000001.000100")) == 1  # the first was answered all the same
        # Once free again, the replica answers.
        await h.send.event(mention("What is RLHF?", ts="1700000004.000100", user="U4"))
        await h.settle()
        assert "try again" not in " ".join(replies_to(h, "U4", "1700000004.000100"))


async def test_without_the_dedup_check_a_retry_is_left_unanswered(settings: Settings, slack: SlackStub) -> None:
    server = RedisProcess().start()
    try:
        async with running(settings.model_copy(update={"redis_timeout": 0.5}), server.url, slack) as h:
            server.stop()  # Redis is gone: nothing can say whether the first delivery was answered
            q = mention("What is tokenization?", ts="1700000005.000100", user="U5")
            assert await h.send.event(q, retry=1) == (200, "")
            await h.settle()
            assert replies_to(h, "U5", q["ts"]) == []
            assert await h.send.event(mention("What is RLHF?", ts="1700000006.000100", user="U6")) == (200, "")
            await h.settle()
            assert len(replies_to(h, "U6", "1700000006.000100")) == 1  # a first delivery is still answered
    finally:
        server.stop()
