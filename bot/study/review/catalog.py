"""Every card a team has, in the order the cards were made: the pool new reviews are drawn from.

Per tenant in Redis: a hash of card JSON and a sorted set giving the order. Adding a card again keeps its
place, so re-posting a unit or re-asking a quiz never moves it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from redis.asyncio import Redis

from bot.study.review.card import Card


class CardCatalog:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    @staticmethod
    def _keys(tenant: str) -> tuple[str, str]:
        return f"studybot:cards:{tenant}", f"studybot:cards:order:{tenant}"

    async def add(self, cards: Iterable[Card], at: float) -> None:
        """Store the cards (the newest text wins) and give new ones a place after the others."""
        for card in cards:
            data, order = self._keys(card.tenant)
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.hset(data, card.id, json.dumps(card.as_json(), ensure_ascii=False))
                pipe.zadd(order, {card.id: at}, nx=True)
                await pipe.execute()

    async def get(self, tenant: str, ids: list[str]) -> dict[str, Card]:
        if not ids:
            return {}
        raw = await self.redis.hmget(self._keys(tenant)[0], ids)
        return {i: Card.from_json(json.loads(r)) for i, r in zip(ids, raw) if r}

    async def one(self, tenant: str, card: str) -> Card | None:
        return (await self.get(tenant, [card])).get(card)

    async def in_order(self, tenant: str) -> list[str]:
        """Card ids, oldest first."""
        return list(await self.redis.zrange(self._keys(tenant)[1], 0, -1))
