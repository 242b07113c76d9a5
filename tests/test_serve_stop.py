"""`studybot serve` stops cleanly on SIGTERM, the way Docker and Kubernetes stop it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp

from tests.redis_server import free_port
from tests.slack_stub import BOT_TOKEN, SIGNING_SECRET, SlackStub

STUDYBOT = [sys.executable, "-c", "from adapters.cli import entrypoint; entrypoint()"]


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


async def test_sigterm_stops_serve_and_its_private_redis(tmp_path: Path) -> None:
    slack = await SlackStub().start()
    data = tmp_path / "data"
    ops = free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": slack.api_url, "STUDYBOT_OPS_PORT": str(ops), "REDIS_URL": "",
           "OPENAI_BASE_URL": "", "OPENAI_API_KEY": ""}
    env.pop("SLACK_APP_TOKEN", None)
    proc = await asyncio.create_subprocess_exec(
        *STUDYBOT, "--data-dir", str(data), "serve", "--slack", "--port", str(free_port()), env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(600):  # until the ops endpoint answers: everything is up
                try:
                    async with http.get(f"http://127.0.0.1:{ops}/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                assert proc.returncode is None, (await proc.stderr.read()).decode()  # type: ignore[union-attr]
                await asyncio.sleep(0.2)
            else:
                raise AssertionError("serve never became healthy")
        assert redis_servers_of(data), "serve runs a private Redis in the data dir"

        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
        assert proc.returncode == 0, err.decode()
        log = err.decode()
        assert "Slack stopped: 0 of 0 answers under way finished, none dropped" in log
        assert redis_servers_of(data) == []  # nothing left behind
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await slack.stop()
