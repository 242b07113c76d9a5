"""`studybot serve --discord`: starting (token, intents, command registration) and stopping (answers under way)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import discord.http
import pytest
from aiohttp import web
from pydantic import SecretStr
from redis.asyncio import Redis

import adapters.discord
from adapters.discord import run_discord
from adapters.serve import serve_forever
from bot import commands as table
from bot.bootstrap import Services
from bot.commands import Command
from bot.conversation import IncomingMessage, Reply
from bot.errors import ServiceUnavailable, UserError
from bot.settings import Settings
from tests.discord_harness import discord_world
from tests.discord_records import EPHEMERAL, MESSAGE_CONTENT
from tests.discord_stand_in import DiscordStandIn
from tests.local_http import serve_app
from tests.redis_server import free_port

REGISTER = "/applications/{application_id}/commands"
NO_CONTENT = "running without the Message Content intent"


@pytest.fixture()
async def discord_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[list[str]]:
    """A local stand-in for discord.com that rejects every token (discord.py's Route.BASE points at it)."""
    seen: list[str] = []

    async def me(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Authorization", ""))
        return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", me)
    runner, port = await serve_app(app)
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    yield seen
    await runner.cleanup()


async def test_serve_without_a_token_says_what_to_set(app: Services) -> None:
    app.settings = app.settings.model_copy(update={"discord_token": None})
    with pytest.raises(UserError, match="set DISCORD_TOKEN"):
        await serve_forever(app, slack=False, discord=True, port=0)


async def test_a_rejected_token_is_a_user_error(app: Services, discord_api: list[str]) -> None:
    app.settings = app.settings.model_copy(update={"discord_token": SecretStr(" not-a-token ")})
    with pytest.raises(UserError, match="Discord rejected DISCORD_TOKEN") as caught:
        await run_discord(app.chat)
    assert discord_api == ["Bot not-a-token"]
    assert "not-a-token" not in str(caught.value)


async def test_discord_out_of_reach_at_start_is_reported_plainly(app: Services,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{free_port()}/api/v10")  # nobody listens
    app.settings = app.settings.model_copy(update={"discord_token": SecretStr("token")})
    with pytest.raises(ServiceUnavailable, match="Cannot reach Discord"):
        await run_discord(app.chat)


async def test_message_content_is_used_when_granted_and_optional_otherwise(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="adapters.discord")

    # Granted: asked for once, and used.
    async with discord_world(settings, redis_url, monkeypatch) as world:
        [hello] = world.discord.identified
        assert hello["intents"] & MESSAGE_CONTENT
    assert NO_CONTENT not in caplog.text

    # Turned off by a setting: never asked for; one line says what that means.
    async with discord_world(settings, redis_url, monkeypatch, discord_message_content=False) as world:
        [hello] = world.discord.identified
        assert not hello["intents"] & MESSAGE_CONTENT
    assert caplog.text.count(NO_CONTENT) == 1 and "turned off by DISCORD_MESSAGE_CONTENT" in caplog.text
    caplog.clear()

    # Refused by Discord (close code 4014): the bot starts again without it, says so once, and still works.
    async with discord_world(settings, redis_url, monkeypatch, grant_message_content=False) as world:
        d = world.discord
        assert [bool(h["intents"] & MESSAGE_CONTENT) for h in d.identified] == [True, False]
        [line] = [r for r in caplog.records if NO_CONTENT in r.getMessage()]
        assert line.levelno == logging.WARNING and "not enabled for this bot" in line.getMessage()

        question = await world.say(f"{world.mention} What is RLHF?")  # mentions arrive with their text
        assert len(d.by_bot(question.id)) == 1
        await world.say("and what about SFT?", channel=question.id)  # Discord withholds this text
        assert len(d.by_bot(question.id)) == 1
        await world.say(f"{world.mention} and what about SFT?", channel=question.id)
        assert len(d.by_bot(question.id)) == 2

        i = await world.slash("help")
        assert d.shown(i)[0].ephemeral and "Here's what I can do" in d.shown(i)[0].content
        said = await world.say("What is tokenization?", by=world.bob)  # its text never reached the bot ...
        i = await world.context_menu(said)  # ... but the menu carries it
        assert i.answered == [{"type": 5, "data": {"flags": EPHEMERAL}}] and len(d.by_bot(said.id)) == 1


async def test_commands_are_registered_only_when_they_change(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    d = await DiscordStandIn().start()
    try:
        for _ in range(2):  # two starts, one registration
            async with discord_world(settings, redis_url, monkeypatch, stand_in=d):
                pass
        assert len(d.requests("PUT", REGISTER)) == 1

        changed = Command("glossary", "the course's key terms")
        monkeypatch.setattr(table, "COMMANDS", (*table.COMMANDS, changed))
        monkeypatch.setitem(table.BY_NAME, "glossary", changed)
        async with discord_world(settings, redis_url, monkeypatch, stand_in=d):
            pass
        assert len(d.requests("PUT", REGISTER)) == 2 and "glossary" in {c["name"] for c in d.commands}
    finally:
        await d.stop()


async def test_a_shard_connects_as_its_pod_and_leaves_registration_to_shard_0(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    async with discord_world(settings, redis_url, monkeypatch, discord_shard_count=2,
                             pod_name="studybot-discord-1") as world:
        [hello] = world.discord.identified
        assert hello["shard"] == [1, 2] and world.discord.requests("PUT", REGISTER) == []


async def test_digests_are_posted_to_their_channel_once_the_client_exists(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    async with discord_world(settings, redis_url, monkeypatch) as world:
        d = world.discord
        digest = Reply("Today's unit: How LLMs Are Built, Chapter 3: Tokenization. Ping @everyone?")
        await world.posters["discord"].post("discord", d.guilds[0].id, world.channel, digest)
        [posted] = d.by_bot(world.channel)
        assert posted.content.startswith("Today's unit") and "@\u200beveryone" in posted.content
        assert d.requests("POST", "/channels/{channel_id}/messages")[0].body["allowed_mentions"] == {"parse": []}


async def test_a_stop_finishes_answers_under_way_within_a_bounded_time(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="adapters.discord")
    for finish in (True, False):
        caplog.clear()
        release = asyncio.Event()

        async def slow(msg: IncomingMessage, on_partial: Any = None, release: asyncio.Event = release) -> Reply:
            await release.wait()
            return Reply("The slow answer, finished after the stop.")

        if not finish:
            monkeypatch.setattr(adapters.discord, "DRAIN_SECONDS", 0.05)
        async with discord_world(settings, redis_url, monkeypatch) as world:
            monkeypatch.setitem(world.services.service.handlers, "ask", slow)
            question = await world.discord.post(world.alice, world.channel, f"{world.mention} What is RLHF?")
            while world.client.work.busy == 0:
                await asyncio.sleep(0.01)
            world.task.cancel()  # what serve does on SIGTERM
            if finish:
                release.set()
            await asyncio.gather(world.task, return_exceptions=True)
            assert world.client.is_closed()
            answers = [m.content for m in world.discord.by_bot(question.id)]
            if finish:
                assert answers == ["The slow answer, finished after the stop."]
                assert "finishing 1 answers under way" in caplog.text
                assert "1 answers finished, 0 cancelled" in caplog.text
            else:
                assert answers == [] and "0 answers finished, 1 cancelled" in caplog.text
