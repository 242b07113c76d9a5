"""The CLI's side of the local socket: hand a job to the `serve` process that owns the data dir."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from adapters.local_protocol import LINE_LIMIT, PROGRESS, decode, encode
from bot.errors import StudybotError, UserError

Progress = Callable[[dict[str, Any]], None]


class NoServe(Exception):
    """Nothing listens on the socket: no serve owns the data dir (or it was killed)."""


class ServeChannel:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._reached = False  # once serve has answered, losing it is an error, not a reason to work alone

    async def request(self, request: dict[str, Any], on_progress: Progress | None = None) -> dict[str, Any]:
        """Send one request; progress events go to `on_progress`, the final event is returned.

        NoServe when nobody listens; UserError or StudybotError with serve's own words when the job fails.
        """
        try:
            reader, writer = await asyncio.open_unix_connection(str(self.path), limit=LINE_LIMIT)
        except (FileNotFoundError, ConnectionRefusedError) as e:
            if self._reached:
                raise StudybotError("serve stopped while the job was under way.") from None
            raise NoServe(str(e)) from None
        except PermissionError:
            raise UserError(f"A studybot serve owns this data dir, but its socket {self.path} belongs to another "
                            "user; run this command as that user.") from None
        self._reached = True
        try:
            writer.write(encode(request))
            await writer.drain()
            while line := await reader.readline():
                event = decode(line)
                if event.get("event") in PROGRESS:
                    if on_progress:
                        on_progress(event)
                    continue
                if event.get("event") == "error":
                    message = str(event.get("message"))
                    raise UserError(message) if event.get("user") else StudybotError(message)
                return event
        except (ConnectionError, ValueError):
            pass
        finally:
            writer.close()
        raise StudybotError("serve stopped before the job finished; run the command again.")
