"""Buttons under answers (votes, save as note, follow-ups) and the "Ask studybot about this message" menu."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.settings import Settings
from tests.discord_harness import discord_world
from tests.discord_records import EPHEMERAL
from tests.discord_stand_in import DiscordStandIn

GREEN, RED, GREY = 3, 4, 2


async def test_votes_show_they_were_taken_and_answers_can_be_saved_as_notes(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    async with discord_world(settings, redis_url, monkeypatch) as world:
        d = world.discord
        await world.learn(tmp_path)
        question = await world.say(f"{world.mention} What is RLHF?")
        [answer] = d.by_bot(question.id)
        up, down, save = answer.custom_ids[:3]
        answer_id = up.rsplit(":", 1)[1]
        ids = answer.custom_ids

        # 👍: acknowledged without a new message, the button turns green, the voter is thanked privately.
        i = await world.click(answer, up, by=world.bob)
        assert i.answered == [{"type": 6}]
        styles = {b["custom_id"]: b["style"] for b in d.messages[answer.id].buttons}
        assert (styles[up], styles[down]) == (GREEN, GREY) and d.messages[answer.id].custom_ids == ids
        [thanks] = d.shown(i)
        assert thanks.ephemeral and thanks.content.startswith("Thanks for the 👍")
        assert await world.services.answers.votes(answer_id) == {world.bob.id: "up"}

        # Changing one's mind: 👎 turns red, 👍 plain again, the vote is replaced.
        await world.click(d.messages[answer.id], down, by=world.bob)
        styles = {b["custom_id"]: b["style"] for b in d.messages[answer.id].buttons}
        assert (styles[up], styles[down]) == (GREY, RED)
        assert await world.services.answers.votes(answer_id) == {world.bob.id: "down"}

        # Save as note: the channel's note, confirmed to the one who clicked; `/note list` shows it.
        i = await world.click(answer, save, by=world.alice)
        assert i.answered == [{"type": 5, "data": {"flags": EPHEMERAL}}]
        [saved] = d.shown(i)
        assert saved.ephemeral and saved.content.startswith("Saved")
        i = await world.slash("note", {"text": "list"})
        assert "saved answer" in d.shown(i)[0].content and "RLHF" in d.shown(i)[0].content

        # An answer too old to remember: the vote is refused privately and nothing changes colour.
        await redis.delete(f"studybot:answer:{answer_id}")
        i = await world.click(d.messages[answer.id], up, by=world.alice)
        [gone] = d.shown(i)
        assert gone.ephemeral and gone.content.startswith("I no longer have that answer")
        assert {b["custom_id"]: b["style"] for b in d.messages[answer.id].buttons}[up] == GREY


async def test_follow_up_buttons_ask_in_the_same_thread_even_after_a_restart(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    d = await DiscordStandIn().start()
    try:
        async with discord_world(settings, redis_url, monkeypatch, stand_in=d) as world:
            await world.learn(tmp_path)
            question = await world.say(f"{world.mention} What is RLHF?")
            [answer] = d.by_bot(question.id)
            private = d.shown(await world.slash("ask", {"question": "What is RLHF?", "only_me": True}))[0]

        async with discord_world(settings, redis_url, monkeypatch, stand_in=d) as world:  # a new process
            assert len(d.requests("PUT", "/applications/{application_id}/commands")) == 1  # unchanged: kept
            [first, *_] = [b for b in answer.buttons if b["custom_id"].startswith("studybot:ask:")]
            suggestion = first["label"]
            assert suggestion.startswith("Tell me more about ")
            i = await world.click(answer, first["custom_id"], by=world.bob)

            # Asked in the answer's thread, for everyone there, headed by who asked what.
            assert i.answered == [{"type": 5}]
            [follow] = d.shown(i)
            assert follow.channel_id == question.id and not follow.ephemeral
            assert follow.content.startswith(f"-# {world.bob.mention} asked: {suggestion}\n")
            assert follow.custom_ids and json.loads(json.dumps(follow.embeds))
            key = f"studybot:thread:discord:{d.guilds[0].id}:{world.channel}:{question.id}"
            turns = [json.loads(t)["question"] for t in await redis.lrange(key, 0, -1)]
            assert turns == ["What is RLHF?", suggestion]

            # Under an answer only its asker saw, a follow-up stays theirs alone.
            [mine] = [c for c in private.custom_ids if c.startswith("studybot:ask:")][:1]
            i = await world.click(private, mine)
            assert i.answered == [{"type": 5, "data": {"flags": EPHEMERAL}}] and d.shown(i)[0].ephemeral
    finally:
        await d.stop()


async def test_ask_about_a_message_answers_in_a_thread_on_it(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    async with discord_world(settings, redis_url, monkeypatch) as world:
        d = world.discord
        guild = d.guilds[0]
        await world.learn(tmp_path)
        said = await world.say("Why do models hallucinate?", by=world.bob)  # not to the bot
        assert d.by_bot() == []

        i = await world.context_menu(said, by=world.alice)
        assert i.answered == [{"type": 5, "data": {"flags": EPHEMERAL}}]  # "thinking…" for the asker only
        thread = d.channels[said.id]
        assert thread["owner_id"] == d.bot.id and thread["name"] == "Why do models hallucinate?"
        [answer] = d.by_bot(said.id)
        link = f"https://discord.com/channels/{guild.id}/{world.channel}/{said.id}"
        assert answer.content.startswith(f"-# {world.alice.mention} asked about {link}\n")
        assert "hallucination" in answer.content.lower() and answer.embeds and answer.custom_ids
        [pointer] = d.shown(i)
        assert pointer.ephemeral and pointer.content == f"Answered in <#{said.id}>."

        # A message inside someone's thread: answered in that thread, under the message.
        theirs = d.thread(world.channel, owner=world.bob.id)
        inside = await world.say("Why do models hallucinate?", by=world.bob, channel=theirs["id"])
        await world.context_menu(inside, by=world.alice)
        [there] = d.by_bot(theirs["id"])
        assert there.data["message_reference"]["message_id"] == inside.id and inside.id not in d.channels

        # Where no thread can be opened, only the asker sees the answer (with its buttons).
        d.threads_allowed = False
        said = await world.say("Why do models hallucinate?", by=world.bob)
        i = await world.context_menu(said, by=world.alice)
        [private] = d.shown(i)
        assert private.ephemeral and "hallucination" in private.content.lower() and private.custom_ids
        assert d.by_bot(world.channel) == []  # nothing public
