"""The wire format between the CLI and a running `serve`: newline-delimited JSON over a Unix socket.

One request per connection, `{"op": ...}`; the answer is zero or more progress events
(`total`, `item`) and then one final event: `report` (ingest), `result` (everything else) or
`error` (`message`, and `user` when the message is the user's to act on).
"""

from __future__ import annotations

import json
from typing import Any

LINE_LIMIT = 64 * 1024 * 1024  # a report of a large folder is one line
PROGRESS = frozenset({"total", "item"})


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False).encode() + b"\n"


def decode(line: bytes) -> dict[str, Any]:
    """One message; ValueError when the line is not a JSON object."""
    message = json.loads(line)
    if not isinstance(message, dict):
        raise ValueError("expected a JSON object")
    return message
