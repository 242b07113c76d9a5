"""The door of /slack/events: a request is signed by Slack and well formed before bolt parses it.

Anyone who can reach the port can send anything; bolt parses the body before it checks the signature
and some bodies (a JSON array, a timestamp "abc", deep nesting, bad UTF-8) make that raise. Here they
get a 400 or 401 at once, and the log gets one WARNING line now and then, never a traceback.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("studybot.slack")

WARN_EVERY_SECONDS = 60.0


class ThrottledWarning:
    """At most one WARNING per `every` seconds, saying how many were refused meanwhile."""

    def __init__(self, every: float = WARN_EVERY_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.every, self.clock = every, clock
        self.last: float | None = None
        self.quiet = 0

    def __call__(self, status: int, reason: str) -> None:
        now = self.clock()
        if self.last is not None and now - self.last < self.every:
            self.quiet += 1
            return
        log.warning("refused a request to the Slack endpoint with %d (%s); %d more refused since the last note",
                    status, reason, self.quiet)
        self.last, self.quiet = now, 0


class RequestCheck:
    """Why a request is refused, as (status, reason), or None for a signed, well-formed one."""

    def __init__(self, signing_secret: str) -> None:
        self.verifier = SignatureVerifier(signing_secret)
        self.warn = ThrottledWarning()

    def refusal(self, body: bytes, headers: Mapping[str, str]) -> tuple[int, str] | None:
        found = self._problem(body, headers)
        if found is not None:
            self.warn(*found)
        return found

    def _problem(self, body: bytes, headers: Mapping[str, str]) -> tuple[int, str] | None:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return 400, "not UTF-8"
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not (timestamp.isascii() and timestamp.isdigit()) or not signature:
            return 401, "no valid signature headers"
        if not self.verifier.is_valid(text, timestamp, signature):
            return 401, "bad or stale signature"
        return self._shape(text, headers.get("Content-Type", ""))

    @staticmethod
    def _shape(text: str, content_type: str) -> tuple[int, str] | None:
        """Slack sends a JSON object, or a form whose `payload` (if any) is a JSON object."""
        try:
            if content_type.startswith("application/json"):
                document = json.loads(text)
            else:
                payload = parse_qs(text).get("payload")
                document = json.loads(payload[0]) if payload else {}
        except (ValueError, RecursionError):
            return 400, "malformed body"
        if not isinstance(document, dict):
            return 400, "body is not an object"
        return None
