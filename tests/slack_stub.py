"""A local Slack: the Web API the bot calls, and the signed requests Slack sends the bot.

`SlackStub` answers /api/<method> like slack.com (form, query or JSON in; {"ok": ...} out; the bot
token required; HTTP 429 with Retry-After when a method is rate-limited), keeps every message as a
person would see it (posted, edited, streamed with chat.startStream/appendStream/stopStream,
deleted), rejects messages over Slack's Block Kit limits as Slack does, serves private file
downloads (a sign-in page without the token), takes response_url posts and records every call.
What Slack sends to the app (signed events, commands, clicks) is in `tests/slack_requests.py`.

Installs: `consent` stands for a person approving the app on slack.com; it hands out the one-time code
that Slack appends to the redirect. `oauth.v2.access` exchanges it (client id and secret in HTTP Basic
auth, as Slack takes them) for a new bot token of that workspace, with a refresh token when the app
rotates tokens, and renews tokens (`grant_type=refresh_token`). Every token answers for its own
workspace (auth.test); `revoke` forgets a workspace's tokens, as an uninstall does.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.local_http import serve_app

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
SIGNING_SECRET = "test-signing-secret"
CLIENT_ID = "111.222"
CLIENT_SECRET = "test-client-secret"
BOT_USER = "UBOT"
BOT_ID = "BBOT"
MAX_BLOCKS = 50
SECTION_TEXT = 3000
BLOCKS_TEXT = 12_000  # text across a message's blocks; more is `msg_blocks_too_long`
BUTTON_TEXT, BUTTON_VALUE = 75, 2000
HOME_BLOCKS = 100


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Message:
    """A message as people see it in Slack, after every edit."""

    channel: str
    ts: str
    thread_ts: str | None
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    streamed: str = ""  # markdown appended through the streaming methods
    streaming: bool = False
    deleted: bool = False
    recipient: str | None = None  # streams: the user it is written for


@dataclass
class Private:
    """Something only `user` sees: an ephemeral message, or a response_url reply."""

    user: str
    channel: str
    thread_ts: str | None
    text: str
    blocks: list[dict[str, Any]]
    via: str  # "chat.postEphemeral" or "response_url"
    replace_original: bool = False


def text_of(blocks: list[dict[str, Any]] | None) -> str:
    """Every text a person reads in the blocks, in order."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                out.append(node["text"])
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks or [])
    return "\n".join(out)


def block_error(blocks: list[dict[str, Any]] | None, max_blocks: int = MAX_BLOCKS) -> str | None:
    """The error Slack answers for blocks over its limits, or None."""
    blocks = blocks or []
    if len(blocks) > max_blocks:
        return "invalid_blocks"
    for block in blocks:
        if block.get("type") == "section" and len(block.get("text", {}).get("text", "")) > SECTION_TEXT:
            return "invalid_blocks"
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if len(element["text"]["text"]) > BUTTON_TEXT or len(element.get("value", "")) > BUTTON_VALUE:
                return "invalid_blocks"
    if len(text_of(blocks)) > BLOCKS_TEXT:
        return "msg_blocks_too_long"
    return None


@dataclass
class SlackStub:
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, Message] = field(default_factory=dict)  # ts -> message
    privates: list[Private] = field(default_factory=list)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # name -> (bytes, content type)
    file_infos: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> files.info "file"
    failures: list[tuple[str, str, Callable[[dict[str, Any]], bool]]] = field(default_factory=list)
    limited: dict[str, int] = field(default_factory=dict)  # method -> Retry-After seconds
    held: dict[str, asyncio.Event] = field(default_factory=dict)
    auth: dict[str, Any] = field(default_factory=dict)  # auth.test overrides for BOT_TOKEN
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)  # installed bot tokens -> their workspace
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)  # one-time install codes -> the consent
    refresh_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)  # -> the workspace
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

    def response_url(self, channel: str, user: str, thread_ts: str | None = None) -> str:
        """A response_url as Slack hands one out with a command or click by `user` in `channel`."""
        return f"{self.base}/respond/{channel}/{user}/{thread_ts or '-'}/{next(self._ts)}"

    async def start(self) -> SlackStub:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/files-pri/{team}/{name}", self._file)
        app.router.add_get("/pages/{name}", self._page)
        app.router.add_post("/respond/{channel}/{user}/{thread}/{n}", self._response_url)
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

    def rate_limit(self, method: str, retry_after: int = 30) -> None:
        """Answer `method` with HTTP 429 and Retry-After, as Slack does past a method's tier."""
        self.limited[method] = retry_after

    def hold(self, method: str) -> asyncio.Event:
        """Keep calls to `method` waiting (after recording them) until the returned event is set."""
        self.held[method] = asyncio.Event()
        return self.held[method]

    def consent(self, team: str, user: str, team_name: str | None = None, enterprise: str | None = None,
                org_wide: bool = False, expires_in: int | None = None) -> str:
        """`user` approves the app for `team` on slack.com; the code Slack sends back to the redirect.
        `expires_in`: the app rotates tokens, and the first one lasts that many seconds."""
        code = f"code-{team}-{next(self._ts)}"
        self.codes[code] = {"team": team, "team_name": team_name or f"Workspace {team}", "user": user,
                            "enterprise": enterprise, "org_wide": org_wide, "expires_in": expires_in}
        return code

    def revoke(self, team: str) -> None:
        """The workspace uninstalled the app: its tokens stop working."""
        self.tokens = {t: who for t, who in self.tokens.items() if who["tenant"] != team}
        self.refresh_tokens = {t: who for t, who in self.refresh_tokens.items() if who["tenant"] != team}

    def tokens_of(self, team: str) -> list[str]:
        """Every bot token issued to the workspace (or org), oldest first."""
        return [t for t, who in self.tokens.items() if who["tenant"] == team]

    def token_used(self, method: str, where: Callable[[dict[str, Any]], bool] = lambda args: True) -> list[str]:
        """The bot token each matching call was made with, from the request log."""
        return [c.headers.get("Authorization", "").removeprefix("Bearer ") for c in self.calls
                if c.method == method and where(c.args)]

    # -- reading back: what people see ---------------------------------------------

    def of(self, method: str) -> list[dict[str, Any]]:
        return [c.args for c in self.calls if c.method == method]

    def visible(self, channel: str | None = None, thread_ts: str | None = None,
                top: bool = False) -> list[Message]:
        """Messages not deleted, oldest first: in a channel, in one thread, or (top) at its top level."""
        return [m for m in self.messages.values() if not m.deleted
                and (channel is None or m.channel == channel)
                and (thread_ts is None or m.thread_ts == thread_ts)
                and (not top or m.thread_ts is None)]

    def private_to(self, user: str) -> list[Private]:
        return [p for p in self.privates if p.user == user]

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
        for key in ("blocks", "attachments", "chunks", "view"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        return args

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        self.calls.append(Call(method, args, dict(request.headers)))
        if method in self.held:
            await self.held[method].wait()
        if method == "oauth.v2.access":
            return web.json_response(self._oauth_access(args, request.headers.get("Authorization", "")))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        valid = {APP_TOKEN} if method == "apps.connections.open" else {BOT_TOKEN, *self.tokens}
        if token not in valid:
            return web.json_response({"ok": False, "error": "not_authed"})
        if method == "auth.test" and token in self.tokens:
            return web.json_response({"ok": True, **self._identity(self.tokens[token])})
        if method in self.limited:
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": str(self.limited[method])})
        for failing, error, when in self.failures:
            if failing == method and when(args):
                return web.json_response({"ok": False, "error": error})
        result = self._result(method, args)
        if result.get("ok") is False:
            return web.json_response(result)
        if method == "chat.postMessage":
            args["ts"] = result["ts"]  # so tests can find (and click) what was posted
        return web.json_response({"ok": True, **result})

    def _result(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        handler = {
            "auth.test": self._auth_test, "chat.postMessage": self._post, "chat.update": self._update,
            "chat.delete": self._delete, "chat.postEphemeral": self._ephemeral, "chat.startStream": self._start,
            "chat.appendStream": self._append, "chat.stopStream": self._stop, "views.publish": self._publish,
            "apps.connections.open": lambda a: {"url": f"ws://127.0.0.1:{self.port}/socket"},
            "files.info": self._file_info,
        }.get(method)
        return handler(args) if handler else {}

    def _oauth_access(self, args: dict[str, Any], authorization: str) -> dict[str, Any]:
        """oauth.v2.access: a code for a new installation, or a refresh token for a renewed token."""
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if authorization != expected:
            return {"ok": False, "error": "invalid_client_id" if authorization else "bad_client_secret"}
        if args.get("grant_type") == "refresh_token":
            who = self.refresh_tokens.pop(str(args.get("refresh_token")), None)
            if who is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            return self._issue(who, 43_200)  # renewed tokens last 12 hours, as Slack's do
        consent = self.codes.pop(str(args.get("code")), None)  # a code works once
        if consent is None:
            return {"ok": False, "error": "invalid_code"}
        tenant = consent["enterprise"] if consent["org_wide"] else consent["team"]
        who = {"tenant": tenant, "team": None if consent["org_wide"] else consent["team"],
               "team_name": consent["team_name"], "enterprise": consent["enterprise"],
               "org_wide": consent["org_wide"], "bot_user": f"UBOT{tenant}", "bot_id": f"BBOT{tenant}",
               "expires_in": consent["expires_in"]}
        return {**self._issue(who, consent["expires_in"]), "authed_user": {"id": consent["user"]}}

    def _issue(self, who: dict[str, Any], expires_in: int | None) -> dict[str, Any]:
        token = f"xoxb-{who['tenant']}-{next(self._ts)}"
        self.tokens[token] = who
        response: dict[str, Any] = {
            "ok": True, "app_id": "A1", "scope": "app_mentions:read,chat:write,commands", "token_type": "bot",
            "access_token": token, "bot_user_id": who["bot_user"],
            "team": {"id": who["team"], "name": who["team_name"]} if who["team"] else None,
            "enterprise": {"id": who["enterprise"], "name": "Grid"} if who["enterprise"] else None,
            "is_enterprise_install": who["org_wide"],
        }
        if expires_in is not None:
            refresh = f"xoxe-1-{who['tenant']}-{next(self._ts)}"
            self.refresh_tokens[refresh] = who
            response |= {"refresh_token": refresh, "expires_in": expires_in}
        return response

    def _identity(self, who: dict[str, Any]) -> dict[str, Any]:
        return {"url": f"https://{who['tenant'].lower()}.slack.com/", "team": who["team_name"],
                "user": "studybot", "team_id": who["team"], "user_id": who["bot_user"], "bot_id": who["bot_id"],
                "enterprise_id": who["enterprise"], "is_enterprise_install": who["org_wide"]}

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"url": "https://studybot-test.slack.com/", "team": "Test", "user": "studybot", "team_id": "T1",
                "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False, **self.auth}

    def _post(self, args: dict[str, Any]) -> dict[str, Any]:
        if error := block_error(args.get("blocks")):
            return {"ok": False, "error": error}
        ts = self._next_ts()
        thread = args.get("thread_ts") or None
        self.messages[ts] = Message(str(args["channel"]), ts, thread, str(args.get("text") or ""),
                                    list(args.get("blocks") or []))
        return {"channel": args.get("channel"), "ts": ts,
                "message": {"type": "message", "text": args.get("text"), "user": BOT_USER, "bot_id": BOT_ID,
                            "ts": ts, "thread_ts": thread}}

    def _found(self, args: dict[str, Any]) -> Message | dict[str, Any]:
        message = self.messages.get(str(args.get("ts")))
        if message is None or message.deleted or message.channel != args.get("channel"):
            return {"ok": False, "error": "message_not_found"}
        return message

    def _update(self, args: dict[str, Any]) -> dict[str, Any]:
        message = self._found(args)
        if not isinstance(message, Message):
            return message
        if error := block_error(args.get("blocks")):
            return {"ok": False, "error": error}
        message.text, message.blocks = str(args.get("text") or ""), list(args.get("blocks") or [])
        message.streamed = ""  # chat.update replaces what was streamed
        return {"channel": message.channel, "ts": message.ts, "text": message.text}

    def _delete(self, args: dict[str, Any]) -> dict[str, Any]:
        message = self._found(args)
        if not isinstance(message, Message):
            return message
        message.deleted = True
        return {"channel": message.channel, "ts": message.ts}

    def _ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        if error := block_error(args.get("blocks")):
            return {"ok": False, "error": error}
        self.privates.append(Private(str(args["user"]), str(args["channel"]), args.get("thread_ts") or None,
                                     str(args.get("text") or ""), list(args.get("blocks") or []),
                                     "chat.postEphemeral"))
        return {"message_ts": self._next_ts()}

    @staticmethod
    def _markdown(args: dict[str, Any]) -> str:
        chunks = [c.get("text", "") for c in args.get("chunks") or [] if c.get("type") == "markdown_text"]
        return str(args.get("markdown_text") or "") + "".join(chunks)

    def _start(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if not args.get("thread_ts"):
            return {"ok": False, "error": "invalid_arguments"}
        if not channel.startswith("D") and not (args.get("recipient_user_id") and args.get("recipient_team_id")):
            return {"ok": False, "error": "missing_recipient_user_id"}
        ts = self._next_ts()
        self.messages[ts] = Message(channel, ts, str(args["thread_ts"]), streamed=self._markdown(args),
                                    streaming=True, recipient=args.get("recipient_user_id"))
        return {"channel": channel, "ts": ts}

    def _append(self, args: dict[str, Any]) -> dict[str, Any]:
        message = self._found(args)
        if not isinstance(message, Message):
            return message
        if not message.streaming:
            return {"ok": False, "error": "message_not_in_streaming_state"}
        message.streamed += self._markdown(args)
        return {"channel": message.channel, "ts": message.ts}

    def _stop(self, args: dict[str, Any]) -> dict[str, Any]:
        message = self._found(args)
        if not isinstance(message, Message):
            return message
        if not message.streaming:
            return {"ok": False, "error": "message_not_in_streaming_state"}
        if error := block_error(args.get("blocks")):
            return {"ok": False, "error": error}
        message.streamed += self._markdown(args)
        message.blocks += list(args.get("blocks") or [])
        message.streaming = False
        return {"channel": message.channel, "ts": message.ts}

    def _publish(self, args: dict[str, Any]) -> dict[str, Any]:
        view = args.get("view") or {}
        if view.get("type") != "home" or block_error(view.get("blocks"), HOME_BLOCKS):
            return {"ok": False, "error": "invalid_arguments"}
        return {"view": {"id": "V1", **view}}

    def _file_info(self, args: dict[str, Any]) -> dict[str, Any]:
        info = self.file_infos.get(str(args.get("file")))
        return {"file": info} if info else {"ok": False, "error": "file_not_found"}

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

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.calls.append(Call("response_url", body, dict(request.headers)))
        if error := block_error(body.get("blocks")):
            return web.Response(status=400, text=error)
        thread = request.match_info["thread"]
        self.privates.append(Private(request.match_info["user"], request.match_info["channel"],
                                     None if thread == "-" else thread, str(body.get("text") or ""),
                                     list(body.get("blocks") or []), "response_url",
                                     bool(body.get("replace_original"))))
        return web.Response(text="ok")

    # -- Socket Mode -------------------------------------------------------------

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
