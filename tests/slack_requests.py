"""What Slack sends to the app: signed event callbacks, slash commands, button clicks and shortcuts,
in Slack's own payload shapes, signed with the v0 scheme exactly as Slack signs them."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.slack_stub import (
    BOT_ID,
    BOT_USER,
    SIGNING_SECRET,
    Message,
    Private,
    SlackStub,
)


@dataclass
class SlackSender:
    """Posts to the app what Slack would: signed event callbacks, slash commands, clicks, shortcuts."""

    url: str
    slack: SlackStub
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
                    event_id: str | None = None, enterprise: str | None = None) -> tuple[int, str]:
        """An Events API callback; `enterprise` sends it as an org-wide (Enterprise Grid) install does."""
        body = json.dumps(event_callback(event, team, event_id or f"Ev{next(self._ids):06d}", enterprise))
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return await self.post(body, "application/json", headers)

    async def command(self, text: str, user: str = "U1", team: str = "T1", channel: str = "C1",
                      enterprise: str | None = None) -> tuple[int, str]:
        form = slash_command(text, user, team, channel, self.slack.response_url(channel, user),
                             trigger=f"{next(self._ids)}.trigger", enterprise=enterprise)
        return await self.post(urlencode(form), "application/x-www-form-urlencoded")

    async def click(self, message: Message | Private, action_id: str, user: str = "U1", team: str = "T1",
                    channel: str | None = None, enterprise: str | None = None) -> tuple[int, str]:
        """A button in a message the bot sent, clicked by `user`; an ephemeral one arrives without its
        content, as Slack sends it."""
        blocks = message.blocks
        button = next(e for b in blocks if b["type"] == "actions" for e in b["elements"]
                      if e["action_id"] == action_id)
        n = next(self._ids)
        channel = channel or message.channel
        ephemeral = isinstance(message, Private)
        thread = message.thread_ts
        container: dict[str, Any] = {"type": "message", "channel_id": channel, "is_ephemeral": ephemeral,
                                     "message_ts": f"{n}.000200" if ephemeral else message.ts}
        payload: dict[str, Any] = {
            "type": "block_actions", "api_app_id": "A1", "token": "legacy-verification-token",
            "user": {"id": user, "username": user.lower(), "team_id": team}, "team": {"id": team, "domain": "test"},
            "container": container | ({"thread_ts": thread} if thread else {}),
            "trigger_id": f"{n}.{n}.trigger", "channel": {"id": channel, "name": "general"},
            "response_url": self.slack.response_url(channel, user, thread), "state": {"values": {}},
            "actions": [{**button, "block_id": "b", "action_ts": f"{time.time():.6f}"}],
        }
        if enterprise:  # org-wide installs: no team, the enterprise instead
            payload |= {"team": None, "enterprise": {"id": enterprise, "name": "Grid"}, "is_enterprise_install": True}
        if isinstance(message, Message):
            payload["message"] = {"type": "message", "ts": message.ts, "text": message.text, "user": BOT_USER,
                                  "bot_id": BOT_ID, "blocks": blocks, **({"thread_ts": thread} if thread else {})}
        return await self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    async def shortcut(self, callback_id: str, message: dict[str, Any], user: str = "U1", team: str = "T1",
                       channel: str = "C1") -> tuple[int, str]:
        """A message shortcut (the ⋮ menu on a message) chosen by `user`."""
        n = next(self._ids)
        payload = {
            "type": "message_action", "callback_id": callback_id, "trigger_id": f"{n}.{n}.trigger",
            "team": {"id": team, "domain": "test"}, "channel": {"id": channel, "name": "general"},
            "user": {"id": user, "name": user.lower(), "team_id": team}, "message_ts": message["ts"],
            "message": message, "response_url": self.slack.response_url(channel, user, message.get("thread_ts")),
            "token": "legacy-verification-token", "api_app_id": "A1",
        }
        return await self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def event_callback(event: dict[str, Any], team: str = "T1", event_id: str = "Ev000001",
                   enterprise: str | None = None) -> dict[str, Any]:
    """As Slack wraps an event; org-wide installs authorize the enterprise, with no workspace."""
    authorization = ({"enterprise_id": enterprise, "team_id": None, "user_id": BOT_USER, "is_bot": True,
                      "is_enterprise_install": True} if enterprise else
                     {"enterprise_id": None, "team_id": team, "user_id": BOT_USER, "is_bot": True,
                      "is_enterprise_install": False})
    return {
        "token": "legacy-verification-token", "team_id": team, "api_app_id": "A1", "event": event,
        "type": "event_callback", "event_id": event_id, "event_time": int(time.time()), "is_ext_shared_channel": False,
        "authorizations": [authorization], **({"enterprise_id": enterprise} if enterprise else {}),
    }


def slash_command(text: str, user: str = "U1", team: str = "T1", channel: str = "C1",
                  response_url: str = "https://hooks.slack.com/commands/T1/1/x",
                  trigger: str = "1.trigger", enterprise: str | None = None) -> dict[str, str]:
    form = {"token": "legacy-verification-token", "team_id": team, "team_domain": "test", "channel_id": channel,
            "channel_name": "general", "user_id": user, "user_name": user.lower(), "command": "/study",
            "text": text, "api_app_id": "A1", "is_enterprise_install": "true" if enterprise else "false",
            "response_url": response_url, "trigger_id": trigger}
    return form | ({"enterprise_id": enterprise, "enterprise_name": "Grid"} if enterprise else {})


def mention(text: str, ts: str, channel: str = "C1", user: str = "U1", thread_ts: str | None = None,
            bot: str = BOT_USER, **extra: Any) -> dict[str, Any]:
    """As Slack sends it, with the workspace of the person (`team`); `bot`: the bot user mentioned."""
    event = {"type": "app_mention", "user": user, "text": f"<@{bot}> {text}", "ts": ts, "channel": channel,
             "event_ts": ts, "team": "T1", **extra}
    return event | ({"thread_ts": thread_ts} if thread_ts else {})


def message(text: str, ts: str, channel: str = "C1", user: str = "U1", thread_ts: str | None = None,
            channel_type: str = "channel", **extra: Any) -> dict[str, Any]:
    event = {"type": "message", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts,
             "channel_type": channel_type, "team": "T1", **extra}
    return event | ({"thread_ts": thread_ts} if thread_ts else {})
