"""Answers kept briefly in Redis so 👍/👎 clicks (and "save as note") can refer to them."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from redis.asyncio import Redis

from bot.conversation import IncomingMessage, PartialSink, Reply
from bot.errors import UserError
from bot.language import message, tr
from bot.runtime.metrics import Metrics
from bot.store import STORE_DOWN

VOTES = ("up", "down")


class AnswerStore:
    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis, self.ttl = redis, ttl_seconds

    async def remember(self, msg: IncomingMessage, reply: Reply) -> str | None:
        """Store the question and answer; returns its id, or None when Redis is down."""
        answer_id = uuid.uuid4().hex[:16]
        record = {
            "platform": msg.platform, "tenant": msg.tenant, "channel": msg.channel, "thread": msg.thread,
            "user": msg.user, "question": msg.text, "answer": reply.text, "mode": reply.mode,
            "citations": [c.as_json() for c in reply.citations], "followups": reply.followups, "at": time.time(),
            "lang": reply.lang,
        }
        try:
            await self.redis.set(f"studybot:answer:{answer_id}", json.dumps(record, ensure_ascii=False), ex=self.ttl)
        except STORE_DOWN:
            return None
        return answer_id

    async def get(self, answer_id: str) -> dict[str, Any] | None:
        raw = await self.redis.get(f"studybot:answer:{answer_id}")
        return json.loads(raw) if raw else None

    async def followup(self, answer_id: str, n: int, tenant: str) -> str | None:
        """The answer's n-th suggested follow-up, so a button can carry a short id instead of the question."""
        answer = await self.get(answer_id)
        if answer is None or answer["tenant"] != tenant:
            return None
        followups = answer.get("followups") or []
        return str(followups[n]) if 0 <= n < len(followups) else None

    async def vote(self, answer_id: str, tenant: str, user: str, vote: str) -> str | None:
        """Store one vote per user per answer (a second click changes it); the answer's language, or None
        if the answer is unknown."""
        if vote not in VOTES:
            raise ValueError(f"vote must be one of {VOTES}")
        answer = await self.get(answer_id)
        if answer is None or answer["tenant"] != tenant:
            return None
        event = {"answer_id": answer_id, "user": user, "vote": vote, "at": time.time(),
                 "question": answer["question"], "answer": answer["answer"], "platform": answer["platform"],
                 "channel": answer["channel"]}
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(f"studybot:votes:{answer_id}", user, vote)
            pipe.xadd(f"studybot:feedback:{tenant}", {"event": json.dumps(event, ensure_ascii=False)},
                      maxlen=100_000, approximate=True)
            await pipe.execute()
        return str(answer.get("lang") or "en")

    async def forget(self, tenant: str) -> int:
        """Delete the tenant's kept answers and their votes (answers are keyed by id, so all are read);
        how many answers went. The tenant's feedback stream is deleted with its other keys."""
        removed = 0
        async for key in self.redis.scan_iter(match="studybot:answer:*", count=1000):
            raw = await self.redis.get(key)
            if raw is None or json.loads(raw).get("tenant") != tenant:
                continue
            answer_id = key.rsplit(":", 1)[-1]
            removed += int(await self.redis.unlink(key, f"studybot:votes:{answer_id}") > 0)
        return removed

    async def votes(self, answer_id: str) -> dict[str, str]:
        return await self.redis.hgetall(f"studybot:votes:{answer_id}")

    async def feedback(self, tenant: str, count: int = 100) -> list[dict[str, Any]]:
        """The newest feedback events of a tenant, newest first."""
        entries = await self.redis.xrevrange(f"studybot:feedback:{tenant}", count=count)
        return [json.loads(fields["event"]) for _, fields in entries]


class VoteCommand:
    """`vote up|down ANSWER_ID`, what 👍/👎 buttons send; the thanks goes only to the voter."""

    def __init__(self, answers: AnswerStore, metrics: Metrics) -> None:
        self.answers, self.metrics = answers, metrics

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        vote, _, answer_id = msg.text.strip().partition(" ")
        if vote not in VOTES or not answer_id.strip():
            raise UserError(tr("A vote is `vote up ANSWER_ID` or `vote down ANSWER_ID`."))
        lang = await self.answers.vote(answer_id.strip(), msg.tenant, msg.user, vote)
        if lang is None:
            raise UserError(message(msg.lang, "vote_gone"))
        self.metrics.feedback.labels(vote).inc()
        return Reply(message(lang, f"vote_{vote}"), lang=lang)  # a click has no words: the answer's language
