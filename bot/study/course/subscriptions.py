"""Which channels get a digest, when, and from which source; one subscription per channel, in Redis."""

from __future__ import annotations

import json
from dataclasses import dataclass

from redis.asyncio import Redis

from bot.study.course.schedule import Schedule

KEY = "studybot:digest:subscriptions"


@dataclass(frozen=True)
class Subscription:
    platform: str
    tenant: str
    channel: str
    schedule: Schedule
    source_id: str | None  # None: the whole course
    created_at: float  # epoch seconds; slots before it are never due
    created_by: str = ""
    lang: str = "en"  # the channel's language: the digest is written in it

    @property
    def id(self) -> str:
        return subscription_id(self.platform, self.tenant, self.channel)

    def as_json(self) -> dict[str, object]:
        return {"platform": self.platform, "tenant": self.tenant, "channel": self.channel,
                "schedule": self.schedule.as_json(), "source_id": self.source_id, "created_at": self.created_at,
                "created_by": self.created_by, "lang": self.lang}

    @classmethod
    def from_json(cls, d: dict[str, object]) -> Subscription:
        return cls(str(d["platform"]), str(d["tenant"]), str(d["channel"]),
                   Schedule.from_json(d["schedule"]),  # type: ignore[arg-type]
                   d.get("source_id") or None, float(d["created_at"]), str(d.get("created_by") or ""),  # type: ignore[arg-type]
                   str(d.get("lang") or "en"))


def subscription_id(platform: str, tenant: str, channel: str) -> str:
    return f"{platform}:{tenant}:{channel}"


class SubscriptionStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def put(self, sub: Subscription) -> None:
        await self.redis.hset(KEY, sub.id, json.dumps(sub.as_json()))

    async def get(self, platform: str, tenant: str, channel: str) -> Subscription | None:
        raw = await self.redis.hget(KEY, subscription_id(platform, tenant, channel))
        return Subscription.from_json(json.loads(raw)) if raw else None

    async def remove(self, platform: str, tenant: str, channel: str) -> bool:
        return bool(await self.redis.hdel(KEY, subscription_id(platform, tenant, channel)))

    async def forget(self, tenant: str) -> int:
        """Remove every subscription of the tenant, on any platform; how many there were."""
        ids = [sub.id for sub in await self.all() if sub.tenant == tenant]
        return int(await self.redis.hdel(KEY, *ids)) if ids else 0

    async def all(self) -> list[Subscription]:
        return [Subscription.from_json(json.loads(v)) for v in (await self.redis.hgetall(KEY)).values()]
