"""Answers stream into their Discord message at a safe pace, and Discord's limits never cost the answer."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from redis.asyncio import Redis

import adapters.discord.pace
from bot.settings import Settings
from tests.discord_harness import discord_world
from tests.openai_stub import OpenAIStub, Scripted

ANSWER = ("RLHF trains a reward model on human rankings of answers and then optimises the assistant "
          "against it for a few hundred steps [1].")
POST = "/channels/{channel_id}/messages"
EDIT = "/channels/{channel_id}/messages/{message_id}"
EDIT_RESPONSE = "/webhooks/{application_id}/{token}/messages/{message_id}"


def model(stub: OpenAIStub) -> dict[str, object]:
    stub.responder = lambda body: Scripted(ANSWER)
    return {"openai_base_url": stub.base_url, "llm_timeout": 10.0, "llm_retries": 1}


async def test_a_streaming_answer_edits_its_message_at_a_safe_pace(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        stub: OpenAIStub) -> None:
    monkeypatch.setattr(adapters.discord.pace, "clock", lambda: 1000.0)  # time stands still: no edit is due again
    async with discord_world(settings, redis_url, monkeypatch, **model(stub)) as world:
        d = world.discord
        await world.learn(tmp_path)

        question = await world.say(f"{world.mention} What is RLHF?")
        # The text so far appeared once in the thread (no buttons yet); the final answer replaced it in place.
        [partial] = d.requests("POST", POST)
        assert partial.path == f"/channels/{question.id}/messages" and not partial.body.get("components")
        assert ANSWER.startswith(partial.body["content"].rstrip("…"))
        [final] = d.requests("PATCH", EDIT)
        [answer] = d.by_bot(question.id)
        assert answer.content == ANSWER and answer.embeds and answer.custom_ids and answer.edits == 1

        # A slash command streams into its "thinking…" response the same way.
        i = await world.slash("ask", {"question": "What is RLHF?"}, by=world.bob)
        assert len(d.requests("PATCH", EDIT_RESPONSE)) == 2  # one partial, then the answer
        [response] = d.shown(i)
        assert response.content == ANSWER and response.custom_ids


async def test_rate_limited_edits_never_cost_the_answer(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        stub: OpenAIStub) -> None:
    ticks = itertools.count(0, 2)
    monkeypatch.setattr(adapters.discord.pace, "clock", lambda: float(next(ticks)))  # every update is due
    async with discord_world(settings, redis_url, monkeypatch, **model(stub)) as world:
        d = world.discord
        await world.learn(tmp_path)
        d.refuse_edits = True  # Discord answers every edit with 429, even after discord.py's retries

        question = await world.say(f"{world.mention} What is RLHF?")
        # The model's answer, whole, with sources and buttons: sent afresh, the stale partial removed.
        [answer] = d.by_bot(question.id)
        assert answer.content == ANSWER and answer.embeds and answer.custom_ids
        assert "language model is unavailable" not in str(answer.data)
        assert d.requests("PATCH", EDIT) and d.requests("DELETE", EDIT)
