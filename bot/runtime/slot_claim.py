"""Doing a scheduled thing once per slot, however many replicas run: the channel digests, each person's
daily reviews and the weekly team summaries all claim their slot here.

A sender holds a lock (SET NX with expiry, renewed while it lives, so a crashed holder frees it) while it
sends, and marks the slot done (SET NX) only after the platform accepted the message: a send that fails
stays due and is retried on the next tick.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError

from bot.store import STORE_DOWN

KEEP_MARKS = timedelta(days=9)


@dataclass(frozen=True)
class SlotOutcome:
    """What happened to one scheduled slot (a channel's digest, a person's reviews, a weekly summary)."""

    subscription: str
    slot: datetime
    status: str  # posted | late_skipped | superseded | already_posted | busy | no_poster | nothing_new | failed
    detail: str = ""


class SlotClaim:
    def __init__(self, redis: Redis, lock_seconds: float, keep: timedelta = KEEP_MARKS) -> None:
        self.redis, self.lock_seconds, self.keep = redis, lock_seconds, keep

    async def is_done(self, done_key: str) -> bool:
        return bool(await self.redis.exists(done_key))

    async def mark(self, key: str, value: str) -> bool:
        """True when this call set the mark (False: it was there already)."""
        return bool(await self.redis.set(key, value, nx=True, ex=int(self.keep.total_seconds())))

    @asynccontextmanager
    async def held(self, lock_key: str) -> AsyncIterator[bool]:
        """Whether this replica holds the slot's lock; held (and renewed) until the block ends."""
        lock = self.redis.lock(lock_key, timeout=self.lock_seconds, blocking=False)
        if not await lock.acquire():
            yield False
            return
        keepalive = asyncio.create_task(self._keep(lock))  # a slow platform must not let the lock lapse
        try:
            yield True
        finally:
            keepalive.cancel()
            try:
                await lock.release()
            except (LockError, *STORE_DOWN):
                pass  # expired already, or Redis is away; the lock's expiry frees it

    async def _keep(self, lock: Lock) -> None:
        """Renew the lock while this process is alive; if it dies, the lock expires and another retries."""
        while True:
            await asyncio.sleep(self.lock_seconds / 3)
            try:
                await lock.reacquire()
            except (LockError, *STORE_DOWN):
                return
