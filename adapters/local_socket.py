"""The Unix socket on which `serve` takes jobs from the machine's own CLI while it owns the embedded index.

Qdrant Edge lets one process open the index, so `studybot ingest`, `sources` and `search` hand
their work to the running serve instead. Only serve's own user (or root) can reach it: the
socket is 0600 in a 0700 folder of the data dir, and a peer of any other uid is refused. No TCP
port is involved.

serve binds only after opening the index, whose lock proves that no other serve is alive on
this data dir; a socket file found then was left by a killed one and is replaced. Stopping
removes the file.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import stat
import struct
from functools import partial
from pathlib import Path

from adapters.local_jobs import LocalJobs
from adapters.local_protocol import LINE_LIMIT, decode, encode
from bot.errors import UserError

log = logging.getLogger(__name__)

MAX_PATH = 107  # sun_path holds 108 bytes with the terminating NUL


def bind_private(path: Path) -> socket.socket:
    """A listening socket at `path` that only this user can reach."""
    folder = path.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise UserError(f"{folder} must be a folder owned by the user running serve; move it aside and start again.")
    os.chmod(folder, 0o700)
    path.unlink(missing_ok=True)  # a killed serve's socket: this process holds the index now
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(path))
        os.chmod(path, 0o600)
        sock.listen(16)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def _peer_uid(writer: asyncio.StreamWriter) -> int | None:
    sock = writer.get_extra_info("socket")
    if sock is None or not hasattr(socket, "SO_PEERCRED"):
        return None
    _pid, uid, _gid = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return int(uid)


class LocalSocket:
    def __init__(self, jobs: LocalJobs, path: Path, sock: socket.socket) -> None:
        self.jobs, self.path, self.sock = jobs, path, sock
        self._clients: set[asyncio.Task[None]] = set()

    @classmethod
    def listen(cls, jobs: LocalJobs, path: Path) -> LocalSocket | None:
        """Bind now, so that a problem shows at start; None (with a warning) when the path cannot hold a socket."""
        if len(os.fsencode(path)) > MAX_PATH:
            log.warning("the data dir's path is too long for a Unix socket, so studybot ingest cannot reach this "
                        "serve; use a shorter --data-dir")
            return None
        try:
            return cls(jobs, path, bind_private(path))
        except OSError as e:
            raise UserError(f"serve cannot create its socket {path} ({e.strerror or e}).") from None

    async def run(self) -> None:
        """Take jobs until cancelled; cancelling interrupts the jobs under way and removes the socket file."""
        inode = self.path.stat().st_ino
        server = await asyncio.start_unix_server(self._accept, sock=self.sock, limit=LINE_LIMIT)
        log.info("taking jobs from the CLI on %s", self.path)
        try:
            await asyncio.Event().wait()
        finally:
            server.close()
            for task in list(self._clients):
                task.cancel()
            await asyncio.gather(*self._clients, return_exceptions=True)
            _remove_if_same(self.path, inode)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._clients.add(task)
        try:
            await self._serve_one(reader, writer)
        finally:
            self._clients.discard(task)
            writer.close()

    async def _serve_one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        uid = _peer_uid(writer)
        if uid not in (None, os.getuid(), 0):
            log.warning("refused a local job from uid %s", uid)
            return
        send = partial(_send, writer)
        try:
            request = decode(await reader.readline())
        except (ValueError, asyncio.LimitOverrunError):
            send({"event": "error", "message": "serve could not read the request.", "user": True})
            return
        job = asyncio.create_task(self.jobs.run(request, send))
        hangup = asyncio.create_task(reader.read(1))  # the caller leaving (Ctrl-C) stops its job
        try:
            await asyncio.wait([job, hangup], return_when=asyncio.FIRST_COMPLETED)
            if not job.done():
                log.info("the CLI left; its %s job is stopped", request.get("op"))
                job.cancel()
            await asyncio.gather(job, return_exceptions=True)
            error = None if job.cancelled() else job.exception()
            if isinstance(error, UserError):
                send({"event": "error", "message": str(error), "user": True})
            elif error is not None:
                log.error("local %s job failed", request.get("op"), exc_info=error)
                send({"event": "error", "message": f"serve could not finish the job ({type(error).__name__}); "
                                                   "its log has the details."})
            await writer.drain()
        except asyncio.CancelledError:
            job.cancel()
            await asyncio.gather(job, return_exceptions=True)
            send({"event": "error", "message": "serve is stopping; the job was interrupted. Run it again once "
                                               "serve is back, or while it is stopped."})
            raise
        except ConnectionError:
            job.cancel()
        finally:
            hangup.cancel()


def _send(writer: asyncio.StreamWriter, message: dict[str, object]) -> None:
    if not writer.is_closing():
        writer.write(encode(message))


def _remove_if_same(path: Path, inode: int) -> None:
    """Remove the socket file unless another process has replaced it since."""
    try:
        if path.stat().st_ino == inode:
            path.unlink()
    except FileNotFoundError:
        pass
