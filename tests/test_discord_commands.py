"""Slash commands as real discord.Interaction objects: defer first, answer by follow-up, refuse privately."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend
from redis.asyncio import Redis

from bot.settings import Settings
from tests.conftest import LECTURE_URL, load_course
from tests.discord_harness import Call, discord_world

CALLBACK = "POST /interactions/{webhook_id}/{webhook_token}/callback"
FOLLOW_UP = "/webhooks/{webhook_id}/{webhook_token}"
ORIGINAL = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
NO_PINGS = {"parse": []}
EPHEMERAL = 64


def follow_ups(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.method == "POST" and c.template == FOLLOW_UP]


def only_text(calls: list[Call]) -> str:
    [one] = follow_ups(calls)
    return one.payload["content"]


async def test_commands_defer_before_the_core_and_answer_by_follow_up(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch, corpus: Path) -> None:
    async with discord_world(settings, redis_url, monkeypatch) as (services, world):
        guild = world.guilds[0]
        await load_course(services, corpus, str(guild.id))
        rec = world.recorder

        # setup_hook registered every command (guild-only; /add takes a link or an attachment).
        [sync] = [c for c in rec.history if c.template == "/applications/{application_id}/commands"]
        assert sync.method == "PUT"
        assert {c["name"] for c in sync.payload} == {"ask", "summary", "outline", "explain", "compare", "note",
                                                      "quiz", "sources", "digest", "help", "add"}
        assert all(c["contexts"] == [0] for c in sync.payload)  # guilds only: the guild is the tenant
        add = next(c for c in sync.payload if c["name"] == "add")
        assert [(o["name"], o["type"]) for o in add["options"]] == [("url", 3), ("file", 11)]

        rec.clear()
        question = "What vocabulary size does the GPT-4 tokenizer have?"
        await world.slash("ask", {"question": question})
        # The deferral ("thinking…", public) is sent before the core is even asked to admit the event.
        assert rec.timeline[:3] == [CALLBACK, "core.admit", "core.handle"]
        assert rec.calls[0].payload == {"type": 5}
        [answer] = follow_ups(rec.calls)
        body = answer.payload
        assert "100,277" in body["content"] and "flags" not in body  # public
        [embed] = body["embeds"]
        assert embed["description"].startswith("**[1]** [How LLMs Are Built · ")
        assert f"]({LECTURE_URL}&t=" in embed["description"]
        up, down = [c["custom_id"] for row in body["components"] for c in row["components"]]
        # Outside a thread, each person keeps a conversation per channel.
        member, channel = world.members[0], world.channels[0]
        assert await redis.llen(f"studybot:thread:discord:{guild.id}:{channel.id}:user-{member.id}") == 1

        # 👎 by someone else is stored for this answer.
        rec.clear()
        await world.click(answer, down, member=world.members[1])
        answer_id = down.rsplit(":", 1)[1]
        assert await services.answers.votes(answer_id) == {str(world.members[1].id): "down"}
        assert follow_ups(rec.calls)[0].payload["flags"] == EPHEMERAL

        # The core decides what each command does: the study tools, help, sources (per guild).
        rec.clear()
        await world.slash("summary", {"source": "lecture"})
        summary = "\n".join(c.payload.get("content") or "" for c in follow_ups(rec.calls))
        assert "Summary of How LLMs Are Built" in summary and "Chapter by chapter" in summary
        rec.clear()
        await world.slash("digest", {"text": "subscribe 09:00 Asia/Shanghai mon-fri"})
        assert "09:00" in only_text(rec.calls) and "Asia/Shanghai" in only_text(rec.calls)
        rec.clear()
        await world.slash("help")
        assert "Here's what I can do:" in only_text(rec.calls) and "`summary`" in only_text(rec.calls)
        rec.clear()
        await world.slash("sources")
        assert "How LLMs Are Built" in only_text(rec.calls) and "3 sources" in only_text(rec.calls)
        rec.clear()
        await world.slash("sources", member=world.members[2], channel=world.channels[1])  # guild B
        assert only_text(rec.calls).startswith("Nothing is indexed for this team yet")
        rec.clear()
        await world.slash("ask", {"question": question}, member=world.members[2], channel=world.channels[1])
        assert "doesn't seem to cover" in only_text(rec.calls) and "100,277" not in json.dumps(rec.calls[-1].payload)

        sent = [c for c in rec.history if c.sends_message]
        assert len(sent) >= 7 and all(c.payload["allowed_mentions"] == NO_PINGS for c in sent)
        callbacks = [c for c in rec.history if c.template.endswith("/callback")]
        assert all(c.payload["type"] in (5, 6) for c in callbacks)  # every interaction deferred first


async def test_refusals_duplicates_and_errors_are_short_and_private(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    async with discord_world(settings, redis_url, monkeypatch, rate_user_per_minute=2) as (services, world):
        rec = world.recorder
        alice, bob = world.members[0], world.members[1]
        rec.clear()
        await world.slash("help", member=alice)
        await world.slash("help", member=alice)
        rec.clear()
        await world.slash("help", member=alice)  # over the limit
        assert rec.timeline == [CALLBACK, "core.admit", f"DELETE {ORIGINAL}", f"POST {FOLLOW_UP}"]
        refusal = rec.calls[-1].payload
        assert refusal["flags"] == EPHEMERAL and refusal["content"].startswith("You're asking faster than I can")

        # A message over the limit gets a short reply in the channel, and no thread.
        rec.clear()
        question = await world.say(f"{world.mention()} What is RLHF?", member=alice)
        [reply] = rec.sent
        assert reply.payload["message_reference"]["message_id"] == question.id
        assert reply.payload["content"].startswith("You're asking faster") and not rec.matching(
            "POST", "/channels/{channel_id}/messages/{message_id}/threads")
        assert reply.payload["allowed_mentions"] == {"parse": [], "replied_user": False}

        # The same event delivered twice (a gateway replay) is answered once; the copy is dropped silently.
        rec.clear()
        first = await world.say(f"{world.mention()} What is RLHF?", member=bob)
        before = len(rec.calls)
        backend.make_message(first.content, bob, world.channels[0], id_num=first.id)
        await dpytest.run_all_events()
        assert len(rec.calls) == before and rec.timeline.count("core.admit") == 2
        assert rec.timeline.count("core.handle") == 1

        # A command Discord still shows but whose options changed (a stale registration): a private note.
        rec.clear()
        await world.slash("ask", {"query": "What is RLHF?"}, member=world.members[2], channel=world.channels[1])
        [stale] = rec.calls
        assert stale.payload["type"] == 4 and stale.payload["data"]["flags"] == EPHEMERAL
        assert stale.payload["data"]["content"].startswith("Sorry, something went wrong")

        # Anything failing inside: a short, kind, private note; no internals, no stack trace.
        async def broken(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("qdrant exploded at /srv/secret/path")

        monkeypatch.setattr(services.service, "handle", broken)
        rec.clear()
        await world.slash("ask", {"question": "What is RLHF?"}, member=world.members[2], channel=world.channels[1])
        assert rec.timeline[0] == CALLBACK and f"DELETE {ORIGINAL}" in rec.timeline
        error = rec.calls[-1].payload
        assert error["flags"] == EPHEMERAL and error["content"].startswith("Sorry, something went wrong")
        assert "secret" not in json.dumps(error) and "Traceback" not in json.dumps(error)
        rec.clear()
        question = await world.say(f"{world.mention()} What is RLHF?", channel=world.channels[1],
                                   member=world.members[3])
        failure = rec.sent[-1]
        assert failure.path == f"/channels/{question.id}/messages"  # said in the thread it had opened
        assert failure.payload["content"].startswith("Sorry, something went wrong")
