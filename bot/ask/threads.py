"""Per-thread conversation memory in Redis: capped, expiring, and optional.

If Redis is unreachable the bot keeps answering without history; the client
reconnects on the next command, so memory comes back by itself.
"""

from __future__ import annotations

import json
import logging

from redis.asyncio import Redis

from bot.conversation import ThreadKey, Turn
from bot.store import STORE_DOWN

log = logging.getLogger(__name__)


class ConversationMemory:
    def __init__(self, redis: Redis, ttl_seconds: int, max_turns: int) -> None:
        self.redis, self.ttl, self.max_turns = redis, ttl_seconds, max_turns

    async def history(self, key: ThreadKey, n: int) -> tuple[list[Turn], bool]:
        """The last `n` turns, oldest first, and whether memory was reachable."""
        try:
            raw = await self.redis.lrange(key.redis_key(), -n, -1) if n > 0 else []
        except STORE_DOWN as e:
            log.warning("memory unavailable: %s", type(e).__name__)
            return [], False
        return [Turn.from_json(json.loads(r)) for r in raw], True

    async def append(self, key: ThreadKey, turn: Turn) -> bool:
        name = key.redis_key()
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.rpush(name, json.dumps(turn.as_json(), ensure_ascii=False))
                pipe.ltrim(name, -self.max_turns, -1)
                pipe.expire(name, self.ttl)
                await pipe.execute()
        except STORE_DOWN as e:
            log.warning("memory unavailable: %s", type(e).__name__)
            return False
        return True

    async def clear(self, key: ThreadKey) -> None:
        await self.redis.delete(key.redis_key())
