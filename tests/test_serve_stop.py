"""`studybot serve` stops cleanly on SIGTERM, the way Docker and Kubernetes stop it."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from tests.serve_process import redis_servers_of, running_serve
from tests.slack_stub import SlackStub


async def test_sigterm_stops_serve_and_its_private_redis(tmp_path: Path) -> None:
    slack = await SlackStub().start()
    data = tmp_path / "data"
    try:
        async with running_serve(data, slack) as serve:
            assert redis_servers_of(data), "serve runs a private Redis in the data dir"
            assert (data / "run" / "studybot.sock").is_socket()  # takes jobs from the CLI

            serve.proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(serve.proc.wait(), timeout=60)
            log = serve.log()
            assert serve.proc.returncode == 0, log
            assert "Slack stopped: 0 of 0 answers under way finished, none dropped" in log
            assert redis_servers_of(data) == []  # nothing left behind
            assert not (data / "run" / "studybot.sock").exists()
    finally:
        await slack.stop()
