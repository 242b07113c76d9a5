"""A local Slack: the Web API the bot calls, and the signed requests Slack sends the bot.

`SlackStub` answers /api/<method> like slack.com (form, query or JSON in; {"ok": ...} out; the bot
token required), serves private file downloads (a sign-in page without the token, as Slack does),
takes response_url posts, and records every call. `SlackSender` posts events, slash commands and
button clicks to the app, signed with the v0 scheme exactly as Slack signs them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from tests.local_http import serve_app

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
SIGNING_SECRET = "test-signing-secret"
BOT_USER = "UBOT"
BOT_ID = "BBOT"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str]


@dataclass
class SlackStub:
    calls: list[Call] = field(default_factory=list)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # name -> (bytes, content type)
    file_infos: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> files.info "file"
    failures: list[tuple[str, str, Callable[[dict[str, Any]], bool]]] = field(default_factory=list)
    held: dict[str, asyncio.Event] = field(default_factory=dict)
    socket: web.WebSocketResponse | None = None  # the app's Socket Mode connection, once open
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0
    runner: web.AppRunner | None = None
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base + "/api/"

    def file_url(self, name: str) -> str:
        return f"{self.base}/files-pri/T1-F1/{name}"

    def response_url(self, name: str) -> str:
        return f"{self.base}/commands/{name}"

    async def start(self) -> SlackStub:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/files-pri/{team}/{name}", self._file)
        app.router.add_get("/pages/{name}", self._page)
        app.router.add_post("/commands/{name}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self.runner, self.port = await serve_app(app)
        return self

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    # -- scripting ---------------------------------------------------------------

    def fail(self, method: str, error: str, when: Callable[[dict[str, Any]], bool] = lambda args: True) -> None:
        """Answer `method` with {"ok": false, "error": error} whenever `when(args)`."""
        self.failures.append((method, error, when))

    def hold(self, method: str) -> asyncio.Event:
        """Keep calls to `method` waiting (after recording them) until the returned event is set."""
        self.held[method] = asyncio.Event()
        return self.held[method]

    # -- reading back ------------------------------------------------------------

    def of(self, method: str) -> list[dict[str, Any]]:
        return [c.args for c in self.calls if c.method == method]

    def posts(self, channel: str | None = None, thread_ts: str | None = None) -> list[dict[str, Any]]:
        return [a for a in self.of("chat.postMessage")
                if (channel is None or a.get("channel") == channel)
                and (thread_ts is None or a.get("thread_ts") == thread_ts)]

    def everything_sent(self) -> str:
        """All the bot sent to Slack, as one JSON string (for "never sent X" checks)."""
        return json.dumps([c.args for c in self.calls], ensure_ascii=False)

    async def wait_for(self, method: str, count: int = 1, timeout: float = 30.0,
                       where: Callable[[dict[str, Any]], bool] = lambda args: True) -> list[dict[str, Any]]:
        """Poll the recorded calls until `count` calls to `method` match."""
        deadline = time.monotonic() + timeout
        while True:
            found = [a for a in self.of(method) if where(a)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{method}: {len(found)} of {count} calls after {timeout}s: {self.of(method)}")
            await asyncio.sleep(0.02)

    # -- the protocol ------------------------------------------------------------

    def _next_ts(self) -> str:
        return f"{1_800_000_000 + next(self._ts)}.000100"

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.can_read_body:
            args.update(dict(await request.post()))
        for key in ("blocks", "attachments"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        return args

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        self.calls.append(Call(method, args, dict(request.headers)))
        if method in self.held:
            await self.held[method].wait()
        token = APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN
        if request.headers.get("Authorization") != f"Bearer {token}":
            return web.json_response({"ok": False, "error": "not_authed"})
        for failing, error, when in self.failures:
            if failing == method and when(args):
                return web.json_response({"ok": False, "error": error})
        result = self._result(method, args)
        if method == "chat.postMessage":
            args["ts"] = result["ts"]  # so tests can find (and click) what was posted
        return web.json_response({"ok": True, **result})

    def _result(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"url": "https://studybot-test.slack.com/", "team": "Test", "user": "studybot",
                    "team_id": "T1", "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "chat.postMessage":
            ts = self._next_ts()
            return {"channel": args.get("channel"), "ts": ts,
                    "message": {"type": "message", "text": args.get("text"), "user": BOT_USER, "bot_id": BOT_ID,
                                "ts": ts, "thread_ts": args.get("thread_ts")}}
        if method == "chat.update":
            return {"channel": args.get("channel"), "ts": args.get("ts"), "text": args.get("text")}
        if method == "chat.postEphemeral":
            return {"message_ts": self._next_ts()}
        if method == "apps.connections.open":
            return {"url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "files.info":
            info = self.file_infos.get(str(args.get("file")))
            return {"file": info} if info else {"ok": False, "error": "file_not_found"}
        return {}

    async def _file(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.calls.append(Call("download", {"name": name}, dict(request.headers)))
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}" or name not in self.files:
            return web.Response(text="<html><body>Sign in to Slack</body></html>", content_type="text/html")
        data, content_type = self.files[name]
        return web.Response(body=data, content_type=content_type)

    async def _page(self, request: web.Request) -> web.Response:
        data, content_type = self.files[request.match_info["name"]]
        return web.Response(body=data, content_type=content_type)

    async def send_envelope(self, kind: str, payload: dict[str, Any], envelope_id: str) -> dict[str, Any]:
        """Deliver an envelope over Socket Mode, as Slack does, and wait for the app's ack."""
        deadline = time.monotonic() + 30
        while self.socket is None:
            assert time.monotonic() < deadline, "the app never opened its Socket Mode connection"
            await asyncio.sleep(0.02)
        await self.socket.send_json({"envelope_id": envelope_id, "type": kind, "payload": payload,
                                     "accepts_response_payload": kind != "events_api", "retry_attempt": 0})
        while not any(a.get("envelope_id") == envelope_id for a in self.socket_acks):
            assert time.monotonic() < deadline, f"envelope {envelope_id} was not acknowledged"
            await asyncio.sleep(0.02)
        return next(a for a in self.socket_acks if a.get("envelope_id") == envelope_id)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}})
        self.socket = ws
        async for frame in ws:
            if frame.type == aiohttp.WSMsgType.TEXT:
                self.socket_acks.append(json.loads(frame.data))
        self.socket = None
        return ws

    async def _response_url(self, request: web.Request) -> web.Response:
        self.calls.append(Call("response_url", await request.json(), dict(request.headers)))
        return web.Response(text="ok")


@dataclass
class SlackSender:
    """Posts to the app what Slack would: signed event callbacks, slash commands, block actions."""

    url: str
    secret: str = SIGNING_SECRET
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def sign(self, body: str, timestamp: int | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(self.secret).generate_signature(timestamp=ts, body=body)
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}

    async def post(self, body: str, content_type: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        all_headers = {"Content-Type": content_type, **self.sign(body), **(headers or {})}
        async with aiohttp.ClientSession() as http:
            async with http.post(self.url, data=body.encode(), headers=all_headers) as response:
                return response.status, await response.text()

    async def event(self, event: dict[str, Any], team: str = "T1", retry: int | None = None,
                    event_id: str | None = None) -> tuple[int, str]:
        body = json.dumps(event_callback(event, team, event_id or f"Ev{next(self._ids):06d}"))
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return await self.post(body, "application/json", headers)

    async def command(self, text: str, user: str = "U1", team: str = "T1", channel: str = "C1",
                      response_url: str = "https://hooks.slack.com/commands/T1/1/x") -> tuple[int, str]:
        form = slash_command(text, user, team, channel, response_url, trigger=f"{next(self._ids)}.trigger")
        return await self.post(urlencode(form), "application/x-www-form-urlencoded")

    async def click(self, message: dict[str, Any], action_id: str, user: str = "U1", team: str = "T1",
                    channel: str = "C1", response_url: str = "https://hooks.slack.com/actions/T1/1/x") -> tuple[int, str]:
        """A button in `message` (as the bot posted it) clicked by `user`."""
        button = next(e for b in message.get("blocks", []) if b["type"] == "actions"
                      for e in b["elements"] if e["action_id"] == action_id)
        n = next(self._ids)
        payload = {
            "type": "block_actions", "api_app_id": "A1", "token": "legacy-verification-token",
            "user": {"id": user, "username": user.lower(), "team_id": team}, "team": {"id": team, "domain": "test"},
            "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel,
                          "is_ephemeral": False, **({"thread_ts": message["thread_ts"]} if message.get("thread_ts") else {})},
            "trigger_id": f"{n}.{n}.trigger", "channel": {"id": channel, "name": "general"},
            "message": {"type": "message", "ts": message["ts"], "text": message.get("text", ""), "user": BOT_USER,
                        "bot_id": BOT_ID, "blocks": message.get("blocks", []),
                        **({"thread_ts": message["thread_ts"]} if message.get("thread_ts") else {})},
            "state": {"values": {}}, "response_url": response_url,
            "actions": [{**button, "block_id": "studybot", "action_ts": f"{time.time():.6f}"}],
        }
        return await self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def event_callback(event: dict[str, Any], team: str = "T1", event_id: str = "Ev000001") -> dict[str, Any]:
    return {
        "token": "legacy-verification-token", "team_id": team, "api_app_id": "A1", "event": event,
        "type": "event_callback", "event_id": event_id, "event_time": int(time.time()), "is_ext_shared_channel": False,
        "authorizations": [{"enterprise_id": None, "team_id": team, "user_id": BOT_USER, "is_bot": True}],
    }


def slash_command(text: str, user: str = "U1", team: str = "T1", channel: str = "C1",
                  response_url: str = "https://hooks.slack.com/commands/T1/1/x",
                  trigger: str = "1.trigger") -> dict[str, str]:
    return {"token": "legacy-verification-token", "team_id": team, "team_domain": "test", "channel_id": channel,
            "channel_name": "general", "user_id": user, "user_name": user.lower(), "command": "/study",
            "text": text, "api_app_id": "A1", "is_enterprise_install": "false", "response_url": response_url,
            "trigger_id": trigger}


def mention(text: str, ts: str, channel: str = "C1", user: str = "U1", thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER}> {text}", "ts": ts, "channel": channel,
             "event_ts": ts}
    return event | ({"thread_ts": thread_ts} if thread_ts else {})


def message(text: str, ts: str, channel: str = "C1", user: str = "U1", thread_ts: str | None = None,
            channel_type: str = "channel", **extra: Any) -> dict[str, Any]:
    event = {"type": "message", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts,
             "channel_type": channel_type, **extra}
    return event | ({"thread_ts": thread_ts} if thread_ts else {})
