"""A Discord for tests: dpytest's gateway state, plus a recorder of every request that would reach Discord.

dpytest (discord.ext.test) fakes the server side: guilds, channels, members, and
messages that arrive through the client's real ConnectionState. What it cannot do
(threads, slash commands, interaction responses, command sync) is handled here at
the two places discord.py talks to Discord: `HTTPClient.request` for the bot's REST
calls, and the webhook adapter's `request` for interaction responses and follow-ups.
Each call is recorded in order with its route and JSON payload, next to the core's
own steps (`core.admit`, `core.handle`), so tests can assert what would have been
sent and when. Interactions are real `discord.Interaction` objects parsed from
gateway payloads, as in discord.py's own tests (tests/test_app_commands_invoke.py).
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import discord
import discord.ext.test as dpytest
import discord.interactions
import discord.webhook.async_ as webhook_async
import pytest
from discord.ext.test import backend, factories
from discord.http import Route

from adapters.discord.client import StudyClient
from bot.bootstrap import Services, build
from bot.settings import Settings

APP_ID = 700000000000000001
ADMIN_ID = 700000000000000042
_ids = itertools.count(800000000000000000)


def new_id() -> int:
    return next(_ids)


@dataclass
class Call:
    method: str
    path: str  # with ids filled in, e.g. /channels/1/messages
    template: str  # e.g. /channels/{channel_id}/messages
    payload: Any

    @property
    def sends_message(self) -> bool:
        """A request that posts or edits text people will see."""
        if self.method == "POST" and self.template in ("/channels/{channel_id}/messages",
                                                      "/webhooks/{webhook_id}/{webhook_token}"):
            return True
        return self.template.endswith("/callback") and self.payload.get("type") == 4


@dataclass
class Recorder:
    """Everything that would have gone to Discord, and the core's steps, in one timeline."""

    calls: list[Call] = field(default_factory=list)
    timeline: list[str] = field(default_factory=list)
    history: list[Call] = field(default_factory=list)  # every call since the start, never cleared
    channel_of_token: dict[str, int] = field(default_factory=dict)

    def add(self, method: str, route_path: str, params: dict[str, Any], payload: Any) -> Call:
        call = Call(method, route_path.format_map(params), route_path, payload)
        self.calls.append(call)
        self.history.append(call)
        self.timeline.append(f"{method} {route_path}")
        return call

    @property
    def sent(self) -> list[Call]:
        return [c for c in self.calls if c.sends_message]

    def matching(self, method: str, template: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and c.template == template]

    def clear(self) -> None:
        self.calls.clear()
        self.timeline.clear()


def message_payload(channel_id: int, author: dict[str, Any], body: dict[str, Any], message_id: int | None = None,
                    guild_id: int | None = None) -> dict[str, Any]:
    """What Discord answers when a message is created: the message as sent."""
    out = {
        "id": message_id or new_id(), "channel_id": channel_id, "author": author,
        "content": body.get("content") or "", "embeds": body.get("embeds") or [],
        "components": body.get("components") or [], "attachments": [], "flags": body.get("flags", 0),
        "timestamp": datetime.now(timezone.utc).isoformat(), "edited_timestamp": None, "tts": False,
        "mention_everyone": False, "mentions": [], "mention_roles": [], "pinned": False, "type": 0,
    }
    if guild_id:
        out["guild_id"] = guild_id
    return out


def thread_payload(thread_id: int, parent: discord.TextChannel, owner_id: int, name: str) -> dict[str, Any]:
    return {
        "id": str(thread_id), "guild_id": str(parent.guild.id), "parent_id": str(parent.id), "owner_id": str(owner_id),
        "name": name, "type": 11, "message_count": 0, "member_count": 1, "rate_limit_per_user": 0,
        "last_message_id": None, "flags": 0,
        "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "locked": False,
                            "archive_timestamp": datetime.now(timezone.utc).isoformat()},
    }


class RecordingHttp(backend.FakeHttp):
    """dpytest's HTTP stand-in, recording sends and answering the routes it does not know."""

    recorder: Recorder
    threads_allowed = True  # False: Discord answers thread creation with 403 Missing Permissions

    async def request(self, route: Route, **kwargs: Any) -> Any:
        payload = kwargs.get("json")
        self.recorder.add(route.method, route.path, _route_params(route), payload)
        if route.path == "/channels/{channel_id}/messages/{message_id}/threads":
            if not self.threads_allowed:
                raise discord.Forbidden(backend.FakeRequest(403, "Forbidden"),  # type: ignore[arg-type]
                                        {"code": 50013, "message": "Missing Permissions"})
            return self._thread_created(route, payload)
        if route.path == "/applications/{application_id}/commands" and route.method == "PUT":
            return [{**c, "id": str(new_id()), "application_id": str(APP_ID), "version": "1"} for c in payload]
        return await super().request(route, **kwargs)  # dpytest raises NotImplementedError: fail loudly

    def _thread_created(self, route: Route, payload: dict[str, Any]) -> dict[str, Any]:
        """The thread as Discord creates it (same id as the message), announced like THREAD_CREATE would be."""
        params = _route_params(route)
        parent = self.state.get_channel(int(params["channel_id"]))
        data = thread_payload(int(params["message_id"]), parent, self.state.user.id, payload["name"])
        self.state.parse_thread_create({**data, "newly_created": True})
        return data

    async def send_message(self, channel_id: int, *, params: Any) -> Any:
        # dpytest's FakeHttp reads its caller's local `channel`; hand it the original caller's.
        channel = sys._getframe(1).f_locals.get("channel")  # noqa: F841
        self.recorder.add("POST", "/channels/{channel_id}/messages", {"channel_id": channel_id}, params.payload)
        return await super().send_message(channel_id, params=params)

    async def get_from_cdn(self, url: str) -> bytes:
        self.recorder.add("GET", "{url}", {"url": url}, None)
        return await super().get_from_cdn(url)


class RecordingWebhookAdapter(webhook_async.AsyncWebhookAdapter):
    """Interaction responses and follow-ups, recorded instead of sent."""

    def __init__(self, recorder: Recorder, bot_user: dict[str, Any]) -> None:
        super().__init__()
        self.recorder, self.bot_user = recorder, bot_user

    async def request(self, route: Route, session: Any, *, payload: dict[str, Any] | None = None,
                      multipart: Any = None, files: Any = None, **kwargs: Any) -> Any:
        params = _route_params(route)
        self.recorder.add(route.method, route.path, params, payload)
        token = str(params.get("webhook_token", ""))
        if route.path.endswith("/callback"):
            return {"interaction": {"id": str(params["webhook_id"]), "type": 2},
                    "resource": {"type": (payload or {}).get("type", 5)}}
        if route.method == "DELETE":
            return None
        channel_id = self.recorder.channel_of_token.get(token, 0)
        return message_payload(channel_id, self.bot_user, payload or {})


def _route_params(route: Route) -> dict[str, Any]:
    """The values a Route was built with (discord.py keeps them only inside its url)."""
    pairs = zip((route.BASE + route.path).split("/"), route.url.split("/"))
    return {t[1:-1]: u for t, u in pairs if t.startswith("{") and t.endswith("}")}


@dataclass
class DiscordWorld:
    """Two guilds with a text channel and two members each, plus an admin member in the first."""

    client: StudyClient
    recorder: Recorder
    guilds: list[discord.Guild]
    channels: list[discord.TextChannel]
    members: list[discord.Member]  # [guild 0: a, b; guild 1: a, b]
    admin: discord.Member

    @property
    def state(self) -> Any:
        return self.client._connection

    async def say(self, content: str, channel: Any = None, member: discord.Member | None = None,
                  attachments: list[Path] | None = None) -> discord.Message:
        """A person writes in a channel or thread (dpytest.message); returns once the bot has reacted."""
        return await dpytest.message(content, channel=channel or self.channels[0], member=member or self.members[0],
                                     attachments=[str(p) for p in attachments or []])

    def mention(self) -> str:
        return f"<@{self.client.user.id}>"

    def existing_thread(self, owner_id: int, channel: discord.TextChannel | None = None) -> discord.Thread:
        """A thread that was there before this process started (as GUILD_CREATE would list it)."""
        channel = channel or self.channels[0]
        self.state.parse_thread_create(thread_payload(new_id(), channel, owner_id, "Earlier question"))
        return channel.guild.threads[-1]

    # -- interactions ---------------------------------------------------------------

    def interaction_payload(self, kind: int, data: dict[str, Any], member: discord.Member, channel: Any,
                            message: dict[str, Any] | None = None) -> dict[str, Any]:
        interaction_id, token = new_id(), f"token-{new_id()}"
        self.recorder.channel_of_token[token] = channel.id
        member_data = factories.dict_from_member(member)
        member_data["joined_at"] = datetime.now(timezone.utc).isoformat()
        member_data["permissions"] = "2147483647"
        payload: dict[str, Any] = {
            "id": str(interaction_id), "application_id": str(APP_ID), "type": kind, "token": token, "version": 1,
            "guild_id": str(channel.guild.id), "channel_id": str(channel.id),
            "channel": {"id": str(channel.id), "type": channel.type.value, "guild_id": str(channel.guild.id)},
            "member": member_data, "data": data, "locale": "en-US", "attachment_size_limit": 25_000_000,
            "app_permissions": "2147483647", "context": 0,
        }
        if message is not None:
            payload["message"] = message
        return payload

    async def slash(self, name: str, options: dict[str, Any] | None = None, *, member: discord.Member | None = None,
                    channel: Any = None, attachment: dict[str, Any] | None = None) -> dict[str, Any]:
        """A person runs /name with string options (and maybe a file); returns once the bot is done."""
        command = self.client.tree.get_command(name)
        assert command is not None, f"/{name} is not registered"
        opts: list[dict[str, Any]] = [{"name": k, "type": 3, "value": v} for k, v in (options or {}).items()]
        data: dict[str, Any] = {"id": str(new_id()), "name": name, "type": 1, "options": opts}
        if attachment is not None:
            opts.append({"name": "file", "type": 11, "value": attachment["id"]})
            data["resolved"] = {"attachments": {attachment["id"]: attachment}}
        payload = self.interaction_payload(2, data, member or self.members[0], channel or self.channels[0])
        await self.dispatch(payload)
        return payload

    async def click(self, sent: Call, custom_id: str, *, member: discord.Member | None = None,
                    channel: Any = None) -> dict[str, Any]:
        """A person clicks a button of a message the bot sent (as recorded), as a component interaction."""
        channel = channel or self.channels[0]
        message = message_payload(channel.id, _user_dict(self.client.user), sent.payload, guild_id=channel.guild.id)
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self.interaction_payload(3, data, member or self.members[0], channel, message)
        await self.dispatch(payload)
        return payload

    async def dispatch(self, payload: dict[str, Any]) -> None:
        """INTERACTION_CREATE through the client's ConnectionState, then wait for what it started."""
        before = asyncio.all_tasks()
        self.state.parse_interaction_create(payload)
        await settle(before)


async def settle(before: set[asyncio.Task[Any]]) -> None:
    """Wait for the tasks discord.py started for an event (command invoker, view dispatch)."""
    me = asyncio.current_task()
    while True:
        pending = [t for t in asyncio.all_tasks() - before if t is not me and not t.done()]
        if not pending:
            return
        await asyncio.gather(*pending, return_exceptions=True)


def _user_dict(user: discord.ClientUser) -> dict[str, Any]:
    return {"id": str(user.id), "username": user.name, "discriminator": "0001", "avatar": None, "bot": True}


def attachment_payload(path: Path, content_type: str | None = None) -> dict[str, Any]:
    """A file someone attached to a slash command, stored at a file:// URL dpytest can read."""
    uri = path.absolute().as_uri()
    return {"id": str(new_id()), "filename": path.name, "size": path.stat().st_size, "url": uri, "proxy_url": uri,
            "content_type": content_type}


def instrument(services: Services, recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the core's admit/handle/feedback on the same timeline as the requests to Discord."""
    service = services.service
    for name in ("admit", "handle", "feedback"):
        original = getattr(service, name)

        def traced(*args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
            recorder.timeline.append(f"core.{_name}")
            return _original(*args, **kwargs)

        monkeypatch.setattr(service, name, traced)


async def start_world(services: Services, monkeypatch: pytest.MonkeyPatch) -> DiscordWorld:
    """A StudyClient wired to `services`, configured in dpytest, commands registered via setup_hook."""
    recorder = Recorder()
    monkeypatch.setattr(backend, "FakeHttp", RecordingHttp)
    client = StudyClient(services.service, services.settings)
    # dpytest keeps its people in the member cache, which needs the members intent; the bot itself doesn't.
    client._connection._intents.members = True
    client._connection.member_cache_flags = discord.MemberCacheFlags.from_intents(client.intents)
    defaults = client.allowed_mentions
    dpytest.configure(client, guilds=2, text_channels=1, voice_channels=0, members=2)
    client.allowed_mentions = defaults  # dpytest's new connection state starts without the client's defaults
    await client._async_setup_hook()  # what login() does: bind the client, its state and HTTP to this loop
    client.http.recorder = recorder  # type: ignore[attr-defined]
    state = client._connection
    state.application_id = APP_ID
    state._command_tree = client.tree  # dpytest swapped state and HTTP after the tree took the originals
    client.tree._state, client.tree._http = state, client.http
    adapter = RecordingWebhookAdapter(recorder, _user_dict(client.user))
    context: ContextVar[Any] = ContextVar("recording_webhook_context", default=adapter)
    monkeypatch.setattr(discord.interactions, "async_context", context)
    monkeypatch.setattr(webhook_async, "async_context", context)
    config = dpytest.get_config()
    guild0 = config.guilds[0]
    admin = backend.make_member(backend.make_user("Admin", "0042", id_num=ADMIN_ID), guild0, nick="admin")
    await client.setup_hook()
    instrument(services, recorder, monkeypatch)
    return DiscordWorld(client, recorder, list(config.guilds), list(config.channels), list(config.members), admin)


async def stop_world(world: DiscordWorld) -> None:
    """dpytest's fake websocket cannot be closed like a real one; empty its queues for the next test."""
    await dpytest.empty_queue()


@asynccontextmanager
async def discord_world(settings: Settings, redis_url: str, monkeypatch: pytest.MonkeyPatch,
                        **update: Any) -> AsyncIterator[tuple[Services, DiscordWorld]]:
    """Real services (embedded Qdrant, Redis, no LLM) with `update`d settings, and a Discord around them.

    ADMIN_ID may add material (STUDYBOT_ADMINS=discord:<id>).
    """
    services = build(settings.model_copy(update={"admins": f"discord:{ADMIN_ID}", "fetch_private": True, **update}), redis_url)
    world = await start_world(services, monkeypatch)
    try:
        yield services, world
    finally:
        await stop_world(world)
        await services.close()


