"""Cross-process guards in Redis shared by every adapter and replica.

Deduplication makes sure one event gets one answer even when a platform retries
or delivers the same question twice; rate limits keep one user or one team from
exhausting the bot; answer slots keep one replica from taking on more than it can
answer. An outage of Redis must not silence the bot, so the Redis guards let a first
delivery through, but never a platform's retry: without the check, answering a retry
could answer twice, and a lost retry only costs a question its person can ask again.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass

from redis.asyncio import Redis

from bot.store import STORE_DOWN

log = logging.getLogger(__name__)


class Deduplicator:
    """`patience`: how long to keep asking an unreachable Redis (a private one is restarted within
    seconds) before deciding without it; an event decided without it may be answered twice."""

    def __init__(self, redis: Redis, ttl_seconds: int = 3600, patience: float = 5.0) -> None:
        self.redis, self.ttl, self.patience = redis, ttl_seconds, patience

    async def first_time(self, *parts: str, retry: bool = False) -> bool:
        """True exactly once per key across all processes (SET NX). When Redis cannot be asked, a first
        delivery is answered and a platform's `retry` is not."""
        key = "studybot:seen:" + ":".join(parts)
        loop = asyncio.get_running_loop()
        deadline, pause = loop.time() + self.patience, 0.1
        while True:
            try:
                return bool(await self.redis.set(key, "1", nx=True, ex=self.ttl))
            except STORE_DOWN as e:
                if loop.time() + pause > deadline:
                    log.warning("dedup unavailable (%s): %s", type(e).__name__,
                                "a retry left unanswered" if retry else "answering a first delivery")
                    return not retry
            await asyncio.sleep(pause)
            pause = min(pause * 2, 1.0)


class AnswerSlots:
    """How many answers this replica works on at once. Past the bound a question waits its turn for a
    while (a burst is answered, in order); when no slot frees in time, or too many already wait, it is
    told to come back later instead of waiting in a queue that outlives the asker's patience."""

    def __init__(self, bound: int, wait_seconds: float = 0.0, max_waiting: int | None = None) -> None:
        self.bound, self.wait_seconds = bound, wait_seconds
        self.max_waiting = 8 * bound if max_waiting is None else max_waiting
        self.taken = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def take(self) -> bool:
        """True with a slot (give it back when done); False when the replica is too busy."""
        if self.taken < self.bound and not self._waiters:
            self.taken += 1
            return True
        if self.wait_seconds <= 0 or len(self._waiters) >= self.max_waiting:
            return False
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(turn)
        try:
            await asyncio.wait({turn}, timeout=self.wait_seconds)
        except asyncio.CancelledError:
            self._leave(turn)
            raise
        if turn.done():
            return True  # handed the slot of an answer that finished
        self._leave(turn)
        return False

    def _leave(self, turn: asyncio.Future[None]) -> None:
        if turn.done() and not turn.cancelled():
            self.give_back()  # handed a slot just as it stopped waiting: pass it on
        else:
            turn.cancel()
            self._waiters.remove(turn)

    def give_back(self) -> None:
        """The slot goes to the longest waiting question, or is freed."""
        while self._waiters:
            turn = self._waiters.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.taken -= 1


@dataclass(frozen=True)
class Limit:
    count: int
    window_seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0
    scope: str = ""  # "user" or "tenant" when refused


class RateLimiter:
    """Fixed-window counters per user and per tenant."""

    def __init__(self, redis: Redis, per_user: Limit, per_tenant: Limit) -> None:
        self.redis, self.per_user, self.per_tenant = redis, per_user, per_tenant

    async def _hit(self, key: str, limit: Limit) -> tuple[bool, int]:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=limit.window_seconds, nx=True)
            pipe.incr(key)
            pipe.ttl(key)
            _, used, ttl = await pipe.execute()
        return used <= limit.count, max(int(ttl), 1)

    async def check(self, platform: str, tenant: str, user: str) -> Verdict:
        try:
            ok, wait = await self._hit(f"studybot:rate:user:{platform}:{tenant}:{user}", self.per_user)
            if not ok:
                return Verdict(False, wait, "user")
            ok, wait = await self._hit(f"studybot:rate:tenant:{platform}:{tenant}", self.per_tenant)
            if not ok:
                return Verdict(False, wait, "tenant")
        except STORE_DOWN as e:
            log.warning("rate limiter unavailable: %s", type(e).__name__)
        return Verdict(True)
