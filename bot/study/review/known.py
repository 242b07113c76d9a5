"""What one person already knows: topics they skip in their own reviews and flashcards (`known TOPIC`).

The channel's `digest known` is honoured as well: cards from units the channel marked known are skipped.
"""

from __future__ import annotations

from redis.asyncio import Redis

from bot.study.review.card import Card
from bot.study.review.person import Person
from bot.study.terms.matching import term_pattern


class KnownTopics:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    @staticmethod
    def _key(person: Person) -> str:
        return f"studybot:review:{person.key}:known"

    async def all(self, person: Person) -> list[str]:
        return sorted(await self.redis.smembers(self._key(person)), key=str.lower)

    async def add(self, person: Person, topic: str) -> None:
        await self.redis.sadd(self._key(person), topic)

    async def remove(self, person: Person, topic: str) -> bool:
        found = [t for t in await self.all(person) if t.lower() == topic.lower()]
        if found:
            await self.redis.srem(self._key(person), *found)
        return bool(found)


def about(card: Card, topic: str) -> bool:
    """Whether a card is on a topic: its unit's title or terms, or its answer, name it."""
    pattern = term_pattern(topic)
    return any(pattern.search(t) for t in (*card.topics, card.answer))


def skipped(card: Card, topics: list[str], channel_known_units: set[str]) -> bool:
    return card.unit_id in channel_known_units or any(about(card, t) for t in topics)
