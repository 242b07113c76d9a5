"""Flashcards and reviews in Discord: Reveal and Again / Good / Easy buttons through the real discord.py client,
and the daily reviews in the person's direct messages, whose buttons work there too."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.bootstrap import review_sender
from bot.settings import Settings
from tests.discord_harness import discord_world
from tests.discord_records import EPHEMERAL


async def test_cards_are_revealed_and_rated_with_buttons_and_reviews_come_by_direct_message(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    async with discord_world(settings, redis_url, monkeypatch) as world:
        d = world.discord
        guild = d.guilds[0].id
        await world.learn(tmp_path)
        [deck] = d.shown(await world.slash("flashcards", {"about": "study notes"}))
        assert deck.content.startswith("🃏 **Flashcards on “Study notes”**") and not deck.ephemeral
        reveal = next(c for c in deck.custom_ids if c.startswith(f"studybot:card:{guild}:reveal:"))
        assert [b["label"] for b in deck.buttons][:2] == ["Reveal 1", "Reveal 2"]

        i = await world.click(deck, reveal, by=world.bob)
        assert i.answered == [{"type": 5, "data": {"flags": EPHEMERAL}}]
        [revealed] = d.shown(i)
        assert revealed.ephemeral and "**Answer:**" in revealed.content and revealed.embeds
        good = next(c for c in revealed.custom_ids if ":good:" in c)
        assert {b["label"] for b in revealed.buttons} == {"Again", "Good", "Easy (knew it)"}
        [rated] = d.shown(await world.click(revealed, good, by=world.bob))
        assert rated.ephemeral and rated.content.startswith("✓ Good") and "Next review in 2 days" in rated.content

        [on] = d.shown(await world.slash("review", {"text": "on 09:00 UTC"}, by=world.bob))
        assert on.ephemeral and "your reviews come privately every day at 09:00 (UTC)" in on.content

        sender = review_sender(world.services, world.posters)
        day = datetime.now(timezone.utc).date() + timedelta(days=3)
        outcomes = await sender.run_due(datetime.combine(day, time(9, 1), tzinfo=timezone.utc))
        assert [o.status for o in outcomes] == ["posted"]
        dm = d.dm_with(world.bob)
        assert dm is not None and d.dm_with(world.alice) is None
        [daily] = d.by_bot(dm)
        assert daily.content.startswith("🧠 **Your reviews** · 1 due")
        in_dm = next(c for c in daily.custom_ids if ":reveal:" in c)
        [shown] = d.shown(await world.click(daily, in_dm, by=world.bob))  # no server here: the button knows it
        assert "**Answer:**" in shown.content and any(":easy:" in c for c in shown.custom_ids)
