"""Which threads the bot has answered in, so that follow-ups there need no new @mention.

One Redis key per workspace, channel and thread, refreshed on every answer and expiring with the
thread memory, so every replica knows and nothing grows without bound.
"""

from __future__ import annotations

import logging

from redis.asyncio import Redis

from bot.memory import REDIS_DOWN

log = logging.getLogger(__name__)


class BotThreads:
    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis, self.ttl = redis, ttl_seconds

    @staticmethod
    def key(team: str, channel: str, thread_ts: str) -> str:
        return f"studybot:slack:bot-thread:{team}:{channel}:{thread_ts}"

    async def join(self, team: str, channel: str, thread_ts: str) -> None:
        try:
            await self.redis.set(self.key(team, channel, thread_ts), "1", ex=self.ttl)
        except REDIS_DOWN as e:
            log.warning("could not remember the thread: %s", type(e).__name__)

    async def contains(self, team: str, channel: str, thread_ts: str) -> bool:
        """False when Redis is down: then only @mentions are answered, never every message."""
        try:
            return bool(await self.redis.exists(self.key(team, channel, thread_ts)))
        except REDIS_DOWN as e:
            log.warning("could not look the thread up: %s", type(e).__name__)
            return False
