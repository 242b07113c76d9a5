"""`studybot serve --slack` as a real process on a data dir, talking to a local Slack stub, and the
`studybot` command run next to it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from tests.redis_server import free_port
from tests.slack_requests import SlackSender
from tests.slack_stub import BOT_TOKEN, SIGNING_SECRET, SlackStub

STUDYBOT = [sys.executable, "-c", "from adapters.cli import entrypoint; entrypoint()"]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without the machine's studybot, Redis, model and Qdrant settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "OPENAI_", "QDRANT_", "STUDYBOT_"))}
    env.pop("SLACK_APP_TOKEN", None)
    return {**env, **extra}


@dataclass
class Serve:
    proc: asyncio.subprocess.Process
    send: SlackSender  # signed events to the process's Slack endpoint
    log_file: Path
    ops_url: str  # /healthz, /readyz, /metrics

    def log(self) -> str:
        return self.log_file.read_text(errors="replace")


@dataclass
class Done:
    code: int
    stdout: str
    stderr: str


async def studybot(data: Path, *args: str, cwd: Path | None = None) -> Done:
    """One `studybot` command on `data`, without blocking the loop that runs the Slack stub."""
    proc = await asyncio.create_subprocess_exec(
        *STUDYBOT, "--data-dir", str(data), *args, env=clean_env(), cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=300)
    assert proc.returncode is not None
    return Done(proc.returncode, out.decode(), err.decode())


async def _healthy(proc: asyncio.subprocess.Process, ops: int, log: Path) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(600):  # until the ops endpoint answers: everything is up
            try:
                async with http.get(f"http://127.0.0.1:{ops}/healthz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            if proc.returncode is not None:
                raise AssertionError(log.read_text(errors="replace"))
            await asyncio.sleep(0.2)
    raise AssertionError("serve never became healthy")


@asynccontextmanager
async def running_serve(data: Path, slack: SlackStub, **settings: str) -> AsyncIterator[Serve]:
    """Start serve and wait until it is healthy; on the way out, stop it if the test has not, and
    whatever private Redis a killed serve left behind."""
    ops, port = free_port(), free_port()
    env = clean_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=slack.api_url,
                    STUDYBOT_OPS_PORT=str(ops), **settings)
    log = data.with_name(f"{data.name}-serve-{ops}.log")  # a file: a pipe nobody reads would fill up
    with log.open("wb") as sink:
        proc = await asyncio.create_subprocess_exec(
            *STUDYBOT, "--data-dir", str(data), "serve", "--slack", "--port", str(port), env=env,
            stdout=sink, stderr=sink)
    try:
        await _healthy(proc, ops, log)
        yield Serve(proc, SlackSender(f"http://127.0.0.1:{port}/slack/events", slack), log,
                    f"http://127.0.0.1:{ops}")
    finally:
        if proc.returncode is None:
            proc.terminate()  # the graceful stop, which also stops its private Redis
            try:
                await asyncio.wait_for(proc.wait(), timeout=60)
            except asyncio.TimeoutError:
                proc.kill()
                await proc.wait()
        for pid in redis_servers_of(data):  # orphaned when serve was killed
            os.kill(pid, signal.SIGTERM)


def redis_servers_of(data_dir: Path) -> list[int]:
    """Pids of redis-server processes working for this data dir (the private Redis lives in it)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if "redis-server" in cmdline and (str(data_dir) in cmdline or cwd.startswith(str(data_dir))):
            pids.append(int(entry.name))
    return pids
