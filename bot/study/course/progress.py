"""How far a channel has got through the course: units posted ("done") or marked as known, in Redis.

Kept by unit id, not by number, so adding material or re-ingesting a source never makes
a channel repeat what it has seen.
"""

from __future__ import annotations

from redis.asyncio import Redis

DONE, KNOWN = "done", "known"
FINISHED = "__finished__"  # how many units the course had when the channel was told it had finished


class CourseProgress:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    @staticmethod
    def key(channel_id: str) -> str:
        return f"studybot:digest:progress:{channel_id}"

    async def states(self, channel_id: str) -> dict[str, str]:
        return await self.redis.hgetall(self.key(channel_id))

    async def mark(self, channel_id: str, unit_ids: list[str], state: str) -> None:
        if unit_ids:
            await self.redis.hset(self.key(channel_id), mapping={u: state for u in unit_ids})

    async def unmark(self, channel_id: str, unit_ids: list[str]) -> None:
        if unit_ids:
            await self.redis.hdel(self.key(channel_id), *unit_ids)

    async def reset(self, channel_id: str) -> None:
        await self.redis.delete(self.key(channel_id))
