"""Structured (JSON) logs: secrets masked in every line, library text withheld by default.

studybot's own log calls pass ids and kinds, never message text. Client libraries
(slack_sdk, slack_bolt, discord, httpx, openai, ...) are not so careful: at DEBUG they
log the bodies they send, which hold the answers posted to people. So a line from any
logger outside studybot keeps its level, logger, message template and error type, and
its arguments, pre-formatted text and exception messages are withheld, unless the
operator sets STUDYBOT_LOG_MESSAGE_TEXT=true. Redaction (bot/runtime/redaction.py) applies to
every line either way, whatever the logger.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Iterable
from typing import Any, TextIO

from bot.runtime.redaction import redact

OWN_LOGGERS = ("bot", "adapters", "ingest", "bench", "studybot")
QUIET_LOGGERS = ("httpx", "httpcore", "httpx2", "httpcore2", "aiohttp.access")
WITHHELD = "(library text withheld; STUDYBOT_LOG_MESSAGE_TEXT=true shows it)"


def is_own(logger: str) -> bool:
    return any(logger == name or logger.startswith(name + ".") for name in OWN_LOGGERS)


class JsonFormatter(logging.Formatter):
    """One JSON object per line; the single place where log text is redacted and withheld."""

    def __init__(self, secrets: Iterable[str] = (), message_text: bool = False) -> None:
        super().__init__()
        self.secrets = tuple(secrets)
        self.message_text = message_text

    def format(self, record: logging.LogRecord) -> str:
        full = self.message_text or is_own(record.name)
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": self._event(record, full),
        }
        if not full:
            entry["withheld"] = True
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
            trace = self.formatException(record.exc_info) if full else "".join(traceback.format_tb(record.exc_info[2]))
            entry["trace"] = redact(trace, self.secrets)
        return json.dumps(entry, ensure_ascii=False)

    def _event(self, record: logging.LogRecord, full: bool) -> str:
        if full:
            try:
                text = record.getMessage()
            except Exception:  # a malformed library call still gets a line
                text = str(record.msg)
            return redact(text, self.secrets)
        if record.args and isinstance(record.msg, str):
            return redact(record.msg, self.secrets)  # the template is the library's code; its arguments are data
        return WITHHELD


def configure_logging(level: str = "INFO", *, secrets: Iterable[str] = (), message_text: bool = False,
                      stream: TextIO | None = None) -> None:
    """JSON lines on stderr (or `stream`) for the whole process; `secrets` are masked wherever they appear."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(secrets, message_text))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in QUIET_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
