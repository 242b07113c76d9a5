"""Who gets a daily "your reviews" message, when, and whether they paused it; one record per person.

A person opts in with `review on` (in a channel: that channel's course and digest time are theirs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from redis.asyncio import Redis

from bot.study.course.schedule import Schedule, date_text
from bot.study.review.person import Person

KEY = "studybot:review:learners"


@dataclass(frozen=True)
class Learner:
    person: Person
    schedule: Schedule
    channel: str  # where they opted in: its course progress (`digest known`) applies to their cards
    created_at: float
    paused_until: float = 0.0  # epoch seconds; no daily message before it
    lang: str = "en"  # the language they asked for their reviews in: the daily message is written in it

    def paused(self, now: datetime) -> bool:
        return now.timestamp() < self.paused_until

    def as_json(self) -> dict[str, object]:
        return {"person": self.person.key, "schedule": self.schedule.as_json(), "channel": self.channel,
                "created_at": self.created_at, "paused_until": self.paused_until, "lang": self.lang}

    @classmethod
    def from_json(cls, d: dict[str, object]) -> Learner:
        return cls(Person.from_key(str(d["person"])), Schedule.from_json(d["schedule"]),  # type: ignore[arg-type]
                   str(d["channel"]), float(d["created_at"]), float(d.get("paused_until") or 0),  # type: ignore[arg-type]
                   str(d.get("lang") or "en"))

    def paused_until_text(self) -> str:
        return date_text(datetime.fromtimestamp(self.paused_until, timezone.utc).astimezone(self.schedule.zone),
                         padded=True)


class Learners:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def get(self, person: Person) -> Learner | None:
        raw = await self.redis.hget(KEY, person.key)
        return Learner.from_json(json.loads(raw)) if raw else None

    async def put(self, learner: Learner) -> None:
        await self.redis.hset(KEY, learner.person.key, json.dumps(learner.as_json()))

    async def remove(self, person: Person) -> bool:
        return bool(await self.redis.hdel(KEY, person.key))

    async def pause(self, person: Person, until: datetime) -> Learner | None:
        learner = await self.get(person)
        if learner is not None:
            learner = replace(learner, paused_until=until.timestamp())
            await self.put(learner)
        return learner

    async def all(self) -> list[Learner]:
        return [Learner.from_json(json.loads(v)) for v in (await self.redis.hgetall(KEY)).values()]
