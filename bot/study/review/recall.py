"""What each person remembers: an FSRS card state per card, due times, and the days they studied.

FSRS (the `fsrs` package) turns each rating into the next due date: a card answered wrongly comes
back the next day, one answered right in a few days, one known well in about a week, and the gaps
grow as it keeps being remembered. Learning steps of minutes make no sense for a daily message, so
every card is scheduled in whole days from its first rating.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler
from redis.asyncio import Redis

from bot.study.review.person import Person

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}


@dataclass(frozen=True)
class Rated:
    card_id: str
    rating: str
    due: datetime  # when it comes back


@dataclass(frozen=True)
class Standing:
    cards: int  # cards in the person's schedule
    due: int  # due now
    retention: float | None  # FSRS's estimate of how many of them they would recall now (0..1)
    streak: int  # consecutive days with a review, up to today (or yesterday)
    reviews: int
    right: int  # ratings other than "again"


def new_scheduler(fuzz: bool = True) -> Scheduler:
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=fuzz)


class ReviewMemory:
    def __init__(self, redis: Redis, scheduler: Scheduler | None = None) -> None:
        self.redis = redis
        self.scheduler = scheduler or new_scheduler()

    @staticmethod
    def _key(person: Person, part: str) -> str:
        return f"studybot:review:{person.key}:{part}"

    async def rate(self, person: Person, card_id: str, rating: str, now: datetime, tz: str = "UTC") -> Rated:
        """Record one answer; the card's next due time back."""
        raw = await self.redis.hget(self._key(person, "state"), card_id)
        card = FsrsCard.from_dict(json.loads(raw)) if raw else FsrsCard()
        card, _ = self.scheduler.review_card(card, RATINGS[rating], review_datetime=now)
        today = now.astimezone(ZoneInfo(tz)).date().isoformat()
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self._key(person, "state"), card_id, json.dumps(card.to_dict()))
            pipe.zadd(self._key(person, "due"), {card_id: card.due.timestamp()})
            pipe.sadd(self._key(person, "days"), today)
            pipe.hincrby(self._key(person, "counts"), "reviews", 1)
            if rating != "again":
                pipe.hincrby(self._key(person, "counts"), "right", 1)
            await pipe.execute()
        return Rated(card_id, rating, card.due)

    async def due(self, person: Person, until: datetime) -> list[str]:
        """Cards due by `until`, most overdue first."""
        return list(await self.redis.zrangebyscore(self._key(person, "due"), "-inf", until.timestamp()))

    async def due_at(self, person: Person, card_id: str) -> datetime | None:
        score = await self.redis.zscore(self._key(person, "due"), card_id)
        return datetime.fromtimestamp(score, tz=ZoneInfo("UTC")) if score is not None else None

    async def known_cards(self, person: Person) -> set[str]:
        """Every card the person has rated at least once."""
        return set(await self.redis.hkeys(self._key(person, "state")))

    async def standing(self, person: Person, now: datetime, tz: str = "UTC") -> Standing:
        states = await self.redis.hgetall(self._key(person, "state"))
        cards = [FsrsCard.from_dict(json.loads(v)) for v in states.values()]
        due = sum(1 for c in cards if c.due <= now)
        retention = (sum(self.scheduler.get_card_retrievability(c, now) for c in cards) / len(cards)
                     if cards else None)
        counts = await self.redis.hgetall(self._key(person, "counts"))
        days = {date.fromisoformat(d) for d in await self.redis.smembers(self._key(person, "days"))}
        return Standing(len(cards), due, retention, streak(days, now.astimezone(ZoneInfo(tz)).date()),
                        int(counts.get("reviews", 0)), int(counts.get("right", 0)))


def streak(days: set[date], today: date) -> int:
    """Consecutive study days ending today, or ending yesterday when today has none yet."""
    day = today if today in days else today - timedelta(days=1)
    n = 0
    while day in days:
        n += 1
        day -= timedelta(days=1)
    return n
