"""A local stand-in for discord.com: the REST API and the gateway, speaking Discord's own protocol.

The real discord.py client logs in, registers its commands, connects to the gateway (HELLO,
IDENTIFY with its intents, READY, GUILD_CREATE) and then receives MESSAGE_CREATE and
INTERACTION_CREATE events exactly as from Discord; everything it does comes back over HTTP:
messages, edits, threads, interaction callbacks and webhook follow-ups. The stand-in keeps what
people would see (messages per channel, ephemeral or not, their buttons) and every request in
order. It refuses the Message Content intent when told to (close code 4014), strips message text
the bot may not read without that intent, and can answer edits with 429 like Discord's limits.
Only discord.com is replaced (discord.py's Route.BASE and gateway URL point here).
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from aiohttp import web

from tests.discord_records import (
    EPHEMERAL,
    MESSAGE_CONTENT,
    Call,
    Guild,
    Interaction,
    Person,
    Posted,
    now,
    snowflake,
)
from tests.local_http import serve_app


class DiscordStandIn:
    def __init__(self, *, grant_message_content: bool = True, guilds: int = 2) -> None:
        self.app_id = snowflake()
        self.bot = Person(snowflake(), "studybot")
        self.grant_message_content = grant_message_content
        self.threads_allowed = True
        self.refuse_edits = False  # answer every message edit with 429 (Discord's rate limit)
        self.calls: list[Call] = []
        self.messages: dict[str, Posted] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.commands: list[dict[str, Any]] = []
        self.identified: list[dict[str, Any]] = []  # IDENTIFY payloads, in order
        self.interactions: dict[str, Interaction] = {}
        self.files: dict[str, bytes] = {}
        self.guilds = [self._guild(i) for i in range(guilds)]
        self.ready = asyncio.Event()  # READY and the guilds were sent on the latest connection
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifetime -------------------------------------------------------------------

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> DiscordStandIn:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/cdn/{file_id}/{name}", self._cdn)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._api)
        self._runner, self.port = await serve_app(app)
        return self

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- the world ------------------------------------------------------------------

    def _guild(self, i: int) -> Guild:
        guild_id = snowflake()
        channel = snowflake()
        self.channels[channel] = {"id": channel, "type": 0, "guild_id": guild_id, "name": f"study-{i}", "position": 0,
                                  "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None,
                                  "last_message_id": None, "rate_limit_per_user": 0, "flags": 0}
        people = [Person(snowflake(), n) for n in (("alice", "bob", "admin") if i == 0 else ("carol", "dave"))]
        return Guild(guild_id, f"Team {i}", channel, snowflake(), people)

    def guild_of(self, channel_id: str) -> Guild:
        guild_id = self.channels[channel_id]["guild_id"]
        return next(g for g in self.guilds if g.id == guild_id)

    def _guild_create(self, g: Guild) -> dict[str, Any]:
        role = {"color": 0, "hoist": False, "position": 0, "mentionable": False, "flags": 0, "icon": None,
                "unicode_emoji": None}
        roles = [{**role, "id": g.id, "name": "@everyone", "permissions": "2251799813685247", "managed": False},
                 {**role, "id": g.bot_role, "name": "studybot", "permissions": "2251799813685247", "managed": True,
                  "position": 1, "tags": {"bot_id": self.bot.id}}]
        me = {**self.bot.member(), "user": {**self.bot.user, "bot": True}, "roles": [g.bot_role]}
        channels = [c for c in self.channels.values() if c.get("guild_id") == g.id and c["type"] == 0]
        return {"id": g.id, "name": g.name, "icon": None, "owner_id": g.people[0].id, "features": [], "roles": roles,
                "channels": channels, "threads": [], "members": [me], "member_count": len(g.people) + 1,
                "large": False, "unavailable": False, "emojis": [], "stickers": [], "voice_states": [],
                "presences": [], "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": [],
                "joined_at": now(), "premium_tier": 0, "preferred_locale": "en-US", "system_channel_flags": 0,
                "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
                "mfa_level": 0, "nsfw_level": 0, "afk_timeout": 300}

    def thread(self, parent: str, owner: str, name: str = "Earlier question", thread_id: str | None = None
               ) -> dict[str, Any]:
        """A public thread in `parent` (started by `owner`), announced to the bot like Discord does."""
        tid = thread_id or snowflake()
        data = {"id": tid, "type": 11, "guild_id": self.channels[parent]["guild_id"], "parent_id": parent,
                "owner_id": owner, "name": name, "message_count": 0, "member_count": 1, "rate_limit_per_user": 0,
                "last_message_id": None, "flags": 0, "total_message_sent": 0,
                "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "locked": False,
                                    "archive_timestamp": now()}}
        self.channels[tid] = data
        return data

    def in_channel(self, channel_id: str) -> list[Posted]:
        """What is shown in a channel or thread, oldest first (ephemeral messages included)."""
        return [m for m in self.messages.values() if m.channel_id == channel_id and not m.deleted]

    def by_bot(self, channel_id: str | None = None) -> list[Posted]:
        """What the bot shows everyone (in one channel or thread), oldest first; `shown` has the ephemeral."""
        return [m for m in self.messages.values() if not m.deleted and m.data["author"]["id"] == self.bot.id
                and not m.ephemeral and (channel_id is None or m.channel_id == channel_id)]

    def shown(self, i: Interaction) -> list[Posted]:
        """What an interaction's response and follow-ups show, in order (removed ones left out)."""
        return [self.messages[m] for m in i.created if not self.messages[m].deleted]

    def requests(self, method: str, route: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and c.route == route]

    # -- what people do -------------------------------------------------------------

    def attachment(self, name: str, data: bytes, content_type: str | None = None, size: int | None = None
                   ) -> dict[str, Any]:
        """A file someone attached, downloadable from the stand-in's CDN."""
        file_id = snowflake()
        self.files[file_id] = data
        url = f"http://127.0.0.1:{self.port}/cdn/{file_id}/{name}"
        return {"id": file_id, "filename": name, "size": len(data) if size is None else size, "url": url,
                "proxy_url": url, "content_type": content_type}

    async def post(self, author: Person, channel_id: str, content: str,
                   attachments: list[dict[str, Any]] | None = None) -> Posted:
        """Someone writes a message; the bot receives MESSAGE_CREATE (text stripped without the intent)."""
        g = self.guild_of(channel_id)
        people = {p.id: p for p in (*g.people, self.bot)}
        mentioned = [people[i] for i in re.findall(r"<@!?(\d+)>", content) if i in people]
        data = {"id": snowflake(), "channel_id": channel_id, "guild_id": g.id, "author": author.user,
                "member": {k: v for k, v in author.member().items() if k != "user"}, "content": content,
                "timestamp": now(), "edited_timestamp": None, "tts": False,
                "mention_everyone": bool(re.search(r"@(everyone|here)\b", content)),
                "mentions": [{**p.user, "member": {"roles": [], "joined_at": now(), "deaf": False, "mute": False,
                                                   "flags": 0}} for p in mentioned],
                "mention_roles": re.findall(r"<@&(\d+)>", content), "attachments": attachments or [], "embeds": [],
                "pinned": False, "type": 0, "flags": 0, "components": []}
        posted = self._keep(data)
        await self.dispatch("MESSAGE_CREATE", self.as_received(data))
        return posted

    def as_received(self, data: dict[str, Any]) -> dict[str, Any]:
        """Without Message Content, Discord sends text, files and embeds only of messages naming the bot."""
        intents = self.identified[-1].get("intents", 0) if self.identified else 0
        if intents & MESSAGE_CONTENT or any(m["id"] == self.bot.id for m in data["mentions"]):
            return data
        return {**data, "content": "", "attachments": [], "embeds": [], "components": []}

    async def interact(self, kind: int, data: dict[str, Any], person: Person, channel_id: str,
                       message: Posted | None = None) -> Interaction:
        """INTERACTION_CREATE: a slash command (2), a click (3) or autocomplete (4)."""
        channel = self.channels[channel_id]
        i = Interaction(snowflake(), f"token-{snowflake()}", channel_id, clicked=message.id if message else None)
        self.interactions[i.token] = i
        payload: dict[str, Any] = {
            "id": i.id, "application_id": self.app_id, "type": kind, "token": i.token, "version": 1,
            "guild_id": channel["guild_id"], "channel_id": channel_id, "channel": channel, "member": person.member(),
            "data": data, "locale": "en-US", "guild_locale": "en-US", "app_permissions": "2251799813685247",
            "entitlements": [], "authorizing_integration_owners": {"0": channel["guild_id"]}, "context": 0,
            "attachment_size_limit": 25_000_000,
        } if channel.get("guild_id") else {  # a direct message: a user instead of a member, no server
            "id": i.id, "application_id": self.app_id, "type": kind, "token": i.token, "version": 1,
            "channel_id": channel_id, "channel": channel, "user": person.user, "data": data, "locale": "en-US",
            "app_permissions": "2251799813685247", "entitlements": [], "context": 1,
            "authorizing_integration_owners": {"1": person.id}, "attachment_size_limit": 25_000_000,
        }
        if message is not None:
            payload["message"] = message.data
        await self.dispatch("INTERACTION_CREATE", payload)
        return i

    # -- gateway ----------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "the bot is not connected"
        self._seq += 1
        await self._ws.send_str(json.dumps({"op": 0, "s": self._seq, "t": event, "d": data}))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        self.ready.clear()
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}))
        async for msg in ws:
            frame = json.loads(msg.data)
            if frame["op"] == 1:
                await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
            elif frame["op"] == 2:
                await self._identify(ws, frame["d"])
        return ws

    async def _identify(self, ws: web.WebSocketResponse, hello: dict[str, Any]) -> None:
        self.identified.append(hello)
        if hello.get("intents", 0) & MESSAGE_CONTENT and not self.grant_message_content:
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        await self.dispatch("READY", {
            "v": 10, "user": {**self.bot.user, "bot": True, "verified": True, "flags": 0, "mfa_enabled": False},
            "guilds": [{"id": g.id, "unavailable": True} for g in self.guilds], "session_id": snowflake(),
            "resume_gateway_url": self.gateway_url, "application": {"id": self.app_id, "flags": 0},
            "private_channels": [], "relationships": [], "presences": [], "guild_join_requests": [],
        })
        for g in self.guilds:
            await self.dispatch("GUILD_CREATE", self._guild_create(g))
        self.ready.set()

    # -- REST -------------------------------------------------------------------------

    async def _cdn(self, request: web.Request) -> web.Response:
        self.calls.append(Call("GET", request.path, "/cdn/{file_id}/{name}", None))
        data = self.files.get(request.match_info["file_id"])
        return web.Response(body=data) if data is not None else web.Response(status=404)

    async def _api(self, request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        path = "/" + request.match_info["tail"]
        for method, pattern, handler in self._routes():
            m = re.fullmatch(pattern.replace("{", "(?P<").replace("}", ">[^/]+)"), path)
            if m and method == request.method:
                self.calls.append(Call(method, path, pattern, body))
                return await handler(body, **m.groupdict())
        self.calls.append(Call(request.method, path, "?", body))
        return _error(404, 0, f"the stand-in does not know {request.method} {path}")

    def _routes(self) -> list[tuple[str, str, Any]]:
        return [
            ("GET", "/users/@me", self._me),
            ("POST", "/users/@me/channels", self._open_dm),
            ("GET", "/oauth2/applications/@me", self._application),
            ("GET", "/applications/{application_id}/commands", self._get_commands),
            ("PUT", "/applications/{application_id}/commands", self._put_commands),
            ("POST", "/channels/{channel_id}/messages", self._create_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_message),
            ("POST", "/channels/{channel_id}/messages/{message_id}/threads", self._start_thread),
            ("POST", "/channels/{channel_id}/typing", self._typing),
            ("GET", "/channels/{channel_id}", self._get_channel),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._callback),
            ("POST", "/webhooks/{application_id}/{token}", self._follow_up),
            ("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}", self._edit_response),
            ("DELETE", "/webhooks/{application_id}/{token}/messages/{message_id}", self._delete_response),
        ]

    async def _me(self, body: Any) -> web.Response:
        return _json({**self.bot.user, "bot": True, "verified": True, "flags": 0, "mfa_enabled": False})

    async def _open_dm(self, body: dict[str, Any]) -> web.Response:
        """The bot's direct-message channel with a person (the same one each time)."""
        person = next(p for g in self.guilds for p in g.people if p.id == str(body["recipient_id"]))
        found = [c for c in self.channels.values() if c["type"] == 1 and c["recipients"][0]["id"] == person.id]
        channel = found[0] if found else {"id": snowflake(), "type": 1, "recipients": [person.user],
                                          "last_message_id": None, "flags": 0}
        self.channels[channel["id"]] = channel
        return _json(channel)

    def dm_with(self, person: Person) -> str | None:
        """The id of the bot's direct-message channel with `person`, once it opened one."""
        return next((c["id"] for c in self.channels.values() if c["type"] == 1
                     and c["recipients"][0]["id"] == person.id), None)

    async def _application(self, body: Any) -> web.Response:
        return _json({"id": self.app_id, "name": "studybot", "icon": None, "description": "",
                                  "bot_public": True, "bot_require_code_grant": False, "verify_key": "0" * 64,
                                  "flags": 0, "owner": self.guilds[0].people[0].user, "team": None,
                                  "summary": "", "rpc_origins": [], "interactions_endpoint_url": None})

    async def _get_commands(self, body: Any, application_id: str) -> web.Response:
        return _json(self.commands)

    async def _put_commands(self, body: Any, application_id: str) -> web.Response:
        defaults = {"description": "", "default_member_permissions": None, "nsfw": False}
        self.commands = [{**defaults, **c, "id": snowflake(), "application_id": self.app_id, "version": snowflake()}
                         for c in body]
        return _json(self.commands)

    def _keep(self, data: dict[str, Any]) -> Posted:
        posted = Posted(data["id"], data["channel_id"], data)
        self.messages[posted.id] = posted
        return posted

    def _bot_message(self, channel_id: str, body: dict[str, Any], **extra: Any) -> Posted:
        channel = self.channels.get(channel_id, {})
        data = {"id": snowflake(), "channel_id": channel_id, "author": {**self.bot.user, "bot": True},
                "content": body.get("content") or "", "embeds": body.get("embeds") or [],
                "components": body.get("components") or [], "attachments": [], "flags": body.get("flags") or 0,
                "timestamp": now(), "edited_timestamp": None, "tts": False, "mention_everyone": False,
                "mentions": [], "mention_roles": [], "pinned": False, "type": 0, **extra}
        if channel.get("guild_id"):
            data["guild_id"] = channel["guild_id"]
        if body.get("message_reference"):
            data["type"] = 19
            data["message_reference"] = {k: str(v) if k.endswith("_id") else v
                                         for k, v in body["message_reference"].items()}
        return self._keep(data)

    async def _create_message(self, body: dict[str, Any], channel_id: str) -> web.Response:
        if channel_id not in self.channels:
            return _error(404, 10003, "Unknown Channel")
        return _json(self._bot_message(channel_id, body).data)

    def _edited(self, posted: Posted, body: dict[str, Any]) -> web.Response:
        for key in ("content", "embeds", "components"):
            if key in body:
                posted.data[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        posted.data["edited_timestamp"] = now()
        posted.edits += 1
        return _json(posted.data)

    async def _edit_message(self, body: dict[str, Any], channel_id: str, message_id: str) -> web.Response:
        if self.refuse_edits:
            return _json({"message": "You are being rate limited.", "retry_after": 0.01, "global": False},
                                     status=429, headers={"Via": "1.1 google"})
        posted = self.messages.get(message_id)
        if posted is None or posted.deleted:
            return _error(404, 10008, "Unknown Message")
        return self._edited(posted, body)

    async def _delete_message(self, body: Any, channel_id: str, message_id: str) -> web.Response:
        posted = self.messages.get(message_id)
        if posted is None or posted.deleted:
            return _error(404, 10008, "Unknown Message")
        posted.deleted = True
        return web.Response(status=204)

    async def _start_thread(self, body: dict[str, Any], channel_id: str, message_id: str) -> web.Response:
        if not self.threads_allowed:
            return _error(403, 50013, "Missing Permissions")
        if self.channels[channel_id]["type"] != 0:
            return _error(400, 50024, "Cannot execute action on this channel type")
        if message_id in self.channels:
            return _error(400, 160004, "A thread has already been created for this message")
        data = self.thread(channel_id, self.bot.id, body["name"], thread_id=message_id)
        await self.dispatch("THREAD_CREATE", {**data, "newly_created": True})
        return _json(data)

    async def _typing(self, body: Any, channel_id: str) -> web.Response:
        return web.Response(status=204)

    async def _get_channel(self, body: Any, channel_id: str) -> web.Response:
        channel = self.channels.get(channel_id)
        return _json(channel) if channel else _error(404, 10003, "Unknown Channel")

    async def _callback(self, body: dict[str, Any], interaction_id: str, token: str) -> web.Response:
        i = self.interactions[token]
        if i.answered:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        i.answered.append(body)
        kind, data = body["type"], body.get("data") or {}
        created: Posted | None = None
        if kind in (4, 5):  # a message now (4), or "thinking…" to be edited later (5)
            created = self._bot_message(i.channel_id, data)
            i.original = created.id
            i.created.append(created.id)
        elif kind in (6, 7):  # acknowledge a click; the original is the clicked message (7 edits it now)
            i.original = i.clicked
            if kind == 7 and i.clicked:
                self._edited(self.messages[i.clicked], data)
        answer = {"interaction": {"id": i.id, "type": 2, "response_message_id": i.original,
                                  "response_message_loading": kind == 5,
                                  "response_message_ephemeral": bool(data.get("flags", 0) & EPHEMERAL)},
                  "resource": {"type": kind}}
        if created is not None:
            answer["resource"]["message"] = created.data
        return _json(answer)

    async def _follow_up(self, body: dict[str, Any], application_id: str, token: str) -> web.Response:
        i = self.interactions[token]
        posted = self._bot_message(i.channel_id, body)
        i.created.append(posted.id)
        return _json(posted.data)

    def _response(self, token: str, message_id: str) -> Posted | None:
        i = self.interactions[token]
        posted = self.messages.get(i.original if message_id == "@original" else message_id, None)
        return None if posted is None or posted.deleted else posted

    async def _edit_response(self, body: dict[str, Any], application_id: str, token: str,
                             message_id: str) -> web.Response:
        posted = self._response(token, message_id)
        return self._edited(posted, body) if posted else _error(404, 10008, "Unknown Message")

    async def _delete_response(self, body: Any, application_id: str, token: str, message_id: str) -> web.Response:
        posted = self._response(token, message_id)
        if posted is None:
            return _error(404, 10008, "Unknown Message")
        posted.deleted = True
        return web.Response(status=204)


async def _body(request: web.Request) -> Any:
    if request.content_type == "application/json":
        return await request.json()
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        return json.loads(str(form.get("payload_json") or "{}"))
    return None


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON exactly as Discord labels it (discord.py parses only `application/json`, without a charset)."""
    return web.Response(body=json.dumps(data).encode(), status=status, headers=headers,
                        content_type="application/json")


def _error(status: int, code: int, message: str) -> web.Response:
    return _json({"message": message, "code": code}, status=status)
