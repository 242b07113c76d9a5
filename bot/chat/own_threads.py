"""Threads the bot opened with an answer, where follow-ups need no new mention.

Only threads the bot started count: being mentioned once in people's own thread does not make the
bot a participant in everything said there afterwards. One Redis key per platform, tenant, channel
and thread, refreshed on every answer and expiring with the thread memory, so every replica knows.
"""

from __future__ import annotations

import logging

from redis.asyncio import Redis

from bot.store import STORE_DOWN

log = logging.getLogger(__name__)


class OwnThreads:
    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis, self.ttl = redis, ttl_seconds

    @staticmethod
    def key(platform: str, tenant: str, channel: str, thread: str) -> str:
        return f"studybot:own-thread:{platform}:{tenant}:{channel}:{thread}"

    async def opened(self, platform: str, tenant: str, channel: str, thread: str) -> None:
        try:
            await self.redis.set(self.key(platform, tenant, channel, thread), "1", ex=self.ttl)
        except STORE_DOWN as e:
            log.warning("could not remember the thread: %s", type(e).__name__)

    async def contains(self, platform: str, tenant: str, channel: str, thread: str) -> bool:
        """False when Redis is down: then only mentions are answered, never every message."""
        try:
            return bool(await self.redis.exists(self.key(platform, tenant, channel, thread)))
        except STORE_DOWN as e:
            log.warning("could not look the thread up: %s", type(e).__name__)
            return False
