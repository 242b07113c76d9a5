"""How a channel's people study together: review counts per day, and the opt-in weekly summary's settings.

Counts are per channel and day (tenant in the key), with each person's count kept only to say how many
people took part, and to name the most active only when the channel turns that on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from redis.asyncio import Redis

from bot.study.course.schedule import Schedule
from bot.study.course.subscriptions import subscription_id
from bot.study.review.person import Person

DAYS_KEPT = 40
WEEKLY_KEY = "studybot:team:weekly"


@dataclass(frozen=True)
class Activity:
    reviews: int = 0
    right: int = 0
    people: dict[str, int] = field(default_factory=dict)  # user -> reviews


@dataclass(frozen=True)
class WeeklySummary:
    """A channel's opt-in weekly summary: when, whether it may name people, and in which language."""

    platform: str
    tenant: str
    channel: str
    schedule: Schedule
    names: bool = False
    created_at: float = 0.0
    lang: str = "en"  # the language it was turned on in: the summary is written in it

    @property
    def id(self) -> str:
        return subscription_id(self.platform, self.tenant, self.channel)

    def as_json(self) -> dict[str, object]:
        return {"platform": self.platform, "tenant": self.tenant, "channel": self.channel,
                "schedule": self.schedule.as_json(), "names": self.names, "created_at": self.created_at,
                "lang": self.lang}

    @classmethod
    def from_json(cls, d: dict[str, object]) -> WeeklySummary:
        return cls(str(d["platform"]), str(d["tenant"]), str(d["channel"]),
                   Schedule.from_json(d["schedule"]), bool(d.get("names")),  # type: ignore[arg-type]
                   float(d.get("created_at") or 0), str(d.get("lang") or "en"))  # type: ignore[arg-type]


class TeamActivity:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    @staticmethod
    def _key(channel_id: str, day: date) -> str:
        return f"studybot:team:{channel_id}:day:{day.isoformat()}"

    async def record(self, person: Person, channel: str, rating: str, now: datetime) -> None:
        key = self._key(subscription_id(person.platform, person.tenant, channel), now.date())
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hincrby(key, "reviews", 1)
            if rating != "again":
                pipe.hincrby(key, "right", 1)
            pipe.hincrby(key, f"u:{person.user}", 1)
            pipe.expire(key, DAYS_KEPT * 86400)
            await pipe.execute()

    async def between(self, channel_id: str, first: date, last: date) -> Activity:
        """Summed over the days first..last (inclusive)."""
        reviews = right = 0
        people: dict[str, int] = {}
        day = first
        while day <= last:
            raw = await self.redis.hgetall(self._key(channel_id, day))
            reviews += int(raw.get("reviews", 0))
            right += int(raw.get("right", 0))
            for k, v in raw.items():
                if k.startswith("u:"):
                    people[k[2:]] = people.get(k[2:], 0) + int(v)
            day += timedelta(days=1)
        return Activity(reviews, right, people)

    async def weekly(self, platform: str, tenant: str, channel: str) -> WeeklySummary | None:
        raw = await self.redis.hget(WEEKLY_KEY, subscription_id(platform, tenant, channel))
        return WeeklySummary.from_json(json.loads(raw)) if raw else None

    async def set_weekly(self, summary: WeeklySummary) -> None:
        await self.redis.hset(WEEKLY_KEY, summary.id, json.dumps(summary.as_json()))

    async def stop_weekly(self, platform: str, tenant: str, channel: str) -> bool:
        return bool(await self.redis.hdel(WEEKLY_KEY, subscription_id(platform, tenant, channel)))

    async def all_weekly(self) -> list[WeeklySummary]:
        return [WeeklySummary.from_json(json.loads(v)) for v in (await self.redis.hgetall(WEEKLY_KEY)).values()]
