"""Whoever reaches /slack/events may send anything: unsigned or malformed requests get 400 or 401 before
anything parses them, and the log gets one WARNING line for a flood of them, never an ERROR."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from urllib.parse import urlencode

import aiohttp
import pytest

from tests.slack_harness import Harness, h, slack  # noqa: F401 (fixtures)
from tests.slack_requests import event_callback, mention
from tests.slack_stub import SIGNING_SECRET

DEEP = "[" * 100_000  # far past any parser's recursion limit


def signed(body: bytes, timestamp: str | None = None) -> dict[str, str]:
    """Headers as Slack signs `body` (bytes, so even bodies that are not UTF-8 can carry a true signature)."""
    ts = timestamp or str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


JSON, FORM = "application/json", "application/x-www-form-urlencoded"
REQUESTS: list[tuple[str, bytes, str, bool, int]] = [  # (what, body, content type, signed, expected status)
    ("unsigned JSON array", b"[1, 2, 3]", JSON, False, 401),
    ("signed JSON array", b"[1, 2, 3]", JSON, True, 400),
    ("signed deep nesting", DEEP.encode(), JSON, True, 400),
    ("unsigned deep nesting", DEEP.encode(), JSON, False, 401),
    ("signed bad UTF-8", b'{"type": "\xff\xfe"}', JSON, True, 400),
    ("signed form, payload an array", urlencode({"payload": "[1]"}).encode(), FORM, True, 400),
    ("signed form, payload deeply nested", urlencode({"payload": DEEP}).encode(), FORM, True, 400),
    ("signed form, payload not JSON", urlencode({"payload": "{oops"}).encode(), FORM, True, 400),
    ("no body, no signature", b"", JSON, False, 401),
]


async def test_malformed_and_unsigned_requests_are_refused_quietly(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with aiohttp.ClientSession() as http:
        async def post(body: bytes, content_type: str, headers: dict[str, str]) -> int:
            async with http.post(h.send.url, data=body, headers={"Content-Type": content_type, **headers}) as r:
                return r.status

        got = {what: await post(body, kind, signed(body) if sign else {}) for what, body, kind, sign, _ in REQUESTS}
        event = json.dumps(event_callback(mention("What is tokenization?", ts="1700000001.000100"))).encode()
        got["timestamp abc"] = await post(event, JSON, signed(event, timestamp="abc"))
        got["stale signature"] = await post(event, JSON, signed(event, timestamp=str(int(time.time()) - 3600)))
    assert got == {**{what: status for what, _, _, _, status in REQUESTS}, "timestamp abc": 401,
                   "stale signature": 401}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "refused a request to the Slack endpoint with 401" in warnings[0]

    # A true request from Slack is answered as ever.
    assert await h.send.event(mention("What is tokenization?", ts="1700000002.000100")) == (200, "")
    await h.settle()
    assert len(h.slack.visible("C1", thread_ts="1700000002.000100")) == 1
