"""Slash commands, generated from the command table: deferred at once, public or private as the table says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from bot import commands as table
from bot.commands import Audience, Command, Param
from bot.conversation import IncomingMessage, Reply
from bot.settings import Settings
from tests.conftest import LECTURE_URL, load_course
from tests.discord_harness import discord_world
from tests.discord_records import EPHEMERAL

COMMANDS = "/applications/{application_id}/commands"
CALLBACK = "/interactions/{interaction_id}/{token}/callback"


async def test_application_commands_are_the_command_table(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    async with discord_world(settings, redis_url, monkeypatch) as world:
        [sync] = world.discord.requests("PUT", COMMANDS)
        registered = {c["name"]: c for c in sync.body}
        chat = [c for c in table.COMMANDS if c.in_chat]
        assert set(registered) == {c.name for c in chat} | {"Ask studybot about this message"}
        assert registered["Ask studybot about this message"]["type"] == 3  # a message context menu
        assert all(c["contexts"] == [0] for c in sync.body)  # guilds only: the guild is the tenant
        for spec in chat:
            options = {o["name"]: o for o in registered[spec.name].get("options", [])}
            assert [p.name for p in spec.params if p.name in options] == [p.name for p in spec.params]
            for p in spec.params:
                o = options[p.name]
                assert o["type"] == (11 if p.kind == "file" else 3) and o.get("required", False) == p.required
                assert o.get("autocomplete", False) == (p.kind == "source") and o["description"] == p.help[:100]
        assert registered["ask"]["options"][-1] == {"name": "only_me", "description": "Only you see the answer",
                                                    "type": 5, "required": False}
        assert "only_me" not in json.dumps(registered["summary"])


async def test_commands_answer_publicly_or_privately_as_the_table_says(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch, corpus: Path) -> None:
    async with discord_world(settings, redis_url, monkeypatch) as world:
        d = world.discord
        guild = d.guilds[0]
        await load_course(world.services, corpus, guild.id)

        # /ask: deferred ("thinking…", public) before anything else, answered in that response, with buttons.
        calls = len(d.calls)
        i = await world.slash("ask", {"question": "What vocabulary size does the GPT-4 tokenizer have?"})
        first = d.calls[calls]
        assert (first.route, first.body) == (CALLBACK, {"type": 5})
        [answer] = d.shown(i)
        assert answer.id == i.original and not answer.ephemeral and "100,277" in answer.content
        assert f"]({LECTURE_URL}&t=" in answer.embeds[0]["description"] and answer.custom_ids
        # Outside a thread, each person keeps a conversation per channel.
        assert await redis.llen(f"studybot:thread:discord:{guild.id}:{world.channel}:user:{world.alice.id}") == 1

        # /ask only_me: the same answer, seen only by the asker.
        i = await world.slash("ask", {"question": "What is RLHF?", "only_me": True}, by=world.bob)
        assert i.answered == [{"type": 5, "data": {"flags": EPHEMERAL}}]
        [mine] = d.shown(i)
        assert mine.ephemeral and "RLHF" in mine.content and mine.custom_ids

        # The table says who sees each reply: help, sources and notes only the asker; a summary everyone.
        for name, options, expected in (("help", {}, "Here's what I can do:"), ("sources", {}, "3 sources"),
                                        ("note", {"text": "add Tokens are chunks of text"}, "Saved note #1")):
            i = await world.slash(name, options)
            assert i.answered == [{"type": 5, "data": {"flags": EPHEMERAL}}], name
            [reply] = d.shown(i)
            assert reply.ephemeral and expected in reply.content, name
        i = await world.slash("summary", {"source": "How LLMs"})
        summary = d.shown(i)
        assert i.answered == [{"type": 5}] and not any(m.ephemeral for m in summary)
        assert "Summary of How LLMs Are Built" in "\n".join(m.content for m in summary)

        # Source options complete from the guild's own titles; the other guild has none.
        choices = await world.autocomplete("outline", "source", "BUILT")
        assert choices == [{"name": "How LLMs Are Built", "value": "How LLMs Are Built"}]
        assert await world.autocomplete("outline", "source", "", by=world.carol, channel=d.guilds[1].channel) == []


async def test_refusals_duplicates_and_errors_are_short_and_private(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    async with discord_world(settings, redis_url, monkeypatch, rate_user_per_minute=2) as world:
        d = world.discord
        await world.slash("ask", {"question": "What is RLHF?"})
        await world.slash("ask", {"question": "What is RLHF?"})
        i = await world.slash("ask", {"question": "What is RLHF?"})  # over the limit
        assert i.answered == [{"type": 5}]  # a public "thinking…" at first ...
        [refusal] = d.shown(i)  # ... removed, and the refusal only the asker sees
        assert refusal.ephemeral and refusal.content.startswith("You're asking faster than I can")
        assert not refusal.custom_ids

        # A mention over the limit: a short reply in place, no thread.
        question = await world.say(f"{world.mention} What is RLHF?")
        reply = d.by_bot(world.channel)[-1]
        assert reply.data["message_reference"]["message_id"] == question.id and question.id not in d.channels
        assert reply.content.startswith("You're asking faster")

        # A command Discord still shows but whose options changed (a stale registration): a private note.
        i = await world.slash("ask", {"query": "What is RLHF?"}, by=world.bob)
        [stale] = d.shown(i)
        assert stale.ephemeral and stale.content.startswith("Sorry, something went wrong")

        # Anything failing inside: a short, kind, private note; no internals. A mention gets it in its thread.
        async def broken(msg: IncomingMessage, on_partial: Any = None) -> Reply:
            raise RuntimeError("qdrant exploded at /srv/secret/path")

        monkeypatch.setitem(world.services.service.handlers, "ask", broken)
        i = await world.slash("ask", {"question": "What is RLHF?"}, by=world.bob)
        [error] = d.shown(i)
        assert error.ephemeral and error.content.startswith("Sorry, something went wrong")
        assert "secret" not in json.dumps(error.data)
        question = await world.say(f"{world.mention} What is RLHF?", by=world.bob)
        [failure] = d.by_bot(question.id)  # said in the thread it had opened
        assert failure.content.startswith("Sorry, something went wrong") and not failure.custom_ids


async def test_a_command_added_to_the_table_needs_no_discord_code(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = Command("glossary", "the course's key terms", (Param("letter", "First letter", True),),
                       audience=Audience.ASKER)
    monkeypatch.setattr(table, "COMMANDS", (*table.COMMANDS, glossary))
    monkeypatch.setitem(table.BY_NAME, "glossary", glossary)

    async def terms(msg: IncomingMessage, on_partial: Any = None) -> Reply:
        return Reply(f"Terms starting with {msg.text}: RLHF, reward model")

    async with discord_world(settings, redis_url, monkeypatch) as world:
        world.services.service.handlers["glossary"] = terms
        [sync] = world.discord.requests("PUT", COMMANDS)
        [registered] = [c for c in sync.body if c["name"] == "glossary"]
        assert registered["description"] == "The course's key terms"
        assert [(o["name"], o["type"], o["required"]) for o in registered["options"]] == [("letter", 3, True)]
        i = await world.slash("glossary", {"letter": "R"})
        [reply] = world.discord.shown(i)
        assert reply.ephemeral and reply.content == "Terms starting with R: RLHF, reward model"
