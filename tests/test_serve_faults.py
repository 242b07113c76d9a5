"""`studybot serve` as a real process under faults: its data dir is private, a killed private Redis comes
back with its state (nothing is answered twice afterwards), and SIGTERM under load answers what was
accepted, says how many, and leaves no Redis behind."""

from __future__ import annotations

import asyncio
import os
import signal
import stat
from pathlib import Path

import aiohttp

from tests.serve_process import Serve, redis_servers_of, running_serve, studybot
from tests.slack_requests import mention
from tests.slack_stub import SlackStub

LOOPBACK = "0100007F"  # 127.0.0.1 as /proc/net/tcp writes it


async def readyz(serve: Serve) -> int:
    try:
        async with aiohttp.ClientSession() as http, http.get(f"{serve.ops_url}/readyz") as r:
            return r.status
    except aiohttp.ClientError:
        return 0


def listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP socket listens on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def open_to_others(data: Path) -> list[str]:
    """Entries of the data dir that a user other than its owner could read, enter or write."""
    loose = []
    for root, folders, files in os.walk(data):
        for path in [Path(root), *(Path(root, f) for f in files)]:
            mode = path.lstat().st_mode
            if not stat.S_ISLNK(mode) and mode & 0o077:
                loose.append(f"{path.relative_to(data)} {stat.filemode(mode)}")
    return loose


async def answered(slack: SlackStub, ts: str) -> int:
    return len(slack.visible("C1", thread_ts=ts))


async def test_the_data_dir_is_private_and_serve_listens_on_loopback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "cache").mkdir(parents=True)
    for folder in (data, data / "cache"):
        folder.chmod(0o755)  # as an earlier version left it
    (data / "cache" / "old.txt").write_text("someone's question")
    (data / "cache" / "old.txt").chmod(0o644)
    notes = tmp_path / "notes.md"
    notes.write_text("# Tokens\n\nA tokenizer splits text into tokens; GPT-4's has 100,277 of them.\n")
    slack = await SlackStub().start()
    try:
        async with running_serve(data, slack) as serve:
            slack_port = int(serve.send.url.split(":")[2].split("/")[0])
            ops_port = int(serve.ops_url.rsplit(":", 1)[1])
            assert listening_addresses(slack_port) == {LOOPBACK} and listening_addresses(ops_port) == {LOOPBACK}
            done = await studybot(data, "ingest", str(notes))  # handed to serve over its socket
            assert done.code == 0, done.stderr
            await serve.send.event(mention("How many tokens does GPT-4's tokenizer have?", ts="1700000001.000100"))
            await slack.wait_for("chat.postMessage")
            serve.proc.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(serve.proc.wait(), timeout=60) == 0
        assert (data / "redis.db").exists() and any((data / "index").iterdir())
        assert open_to_others(data) == []
        assert serve.log().count("made the data dir") == 1
    finally:
        await slack.stop()


async def test_a_killed_private_redis_is_restarted_with_its_state(tmp_path: Path) -> None:
    data = tmp_path / "data"
    slack = await SlackStub().start()
    try:
        async with running_serve(data, slack) as serve:
            q = mention("What is a tokenizer?", ts="1700000002.000100")
            await serve.send.event(q)
            await slack.wait_for("chat.postMessage")
            [pid] = redis_servers_of(data)
            os.kill(pid, signal.SIGKILL)
            for _ in range(600):  # back within seconds; the bound only keeps a broken build from hanging
                if await readyz(serve) == 200 and redis_servers_of(data):
                    break
                await asyncio.sleep(0.1)
            assert await readyz(serve) == 200, serve.log()
            assert redis_servers_of(data) != [pid]
            assert "restarting it" in serve.log()
            # Slack retries the answered question: the restarted server still knows it was answered.
            await serve.send.event(q, retry=1)
            after = mention("And what is a token?", ts="1700000003.000100")
            await serve.send.event(after)
            await slack.wait_for("chat.postMessage", count=2)
            assert await answered(slack, q["ts"]) == 1 and await answered(slack, after["ts"]) == 1
    finally:
        await slack.stop()


async def test_sigterm_under_load_answers_what_was_accepted_and_leaves_no_redis(tmp_path: Path) -> None:
    data = tmp_path / "data"
    slack = await SlackStub().start()
    try:
        async with running_serve(data, slack) as serve:
            asked = [(f"U{i}", f"17000{i:05d}.000100") for i in range(24)]  # within the bound on answers
            release = slack.hold("chat.postMessage")  # no answer can finish before the stop

            async def ask(user: str, ts: str) -> int:
                try:
                    status, _ = await serve.send.event(mention("What is a tokenizer?", ts=ts, user=user))
                    return status
                except aiohttp.ClientError:  # refused once serve stopped listening
                    return 0

            sending = [asyncio.create_task(ask(user, ts)) for user, ts in asked[:12]]
            await slack.wait_for("reactions.add", count=3)  # some answers are under way
            serve.proc.send_signal(signal.SIGTERM)
            sending += [asyncio.create_task(ask(user, ts)) for user, ts in asked[12:]]  # while it stops
            while "stop requested" not in serve.log():
                await asyncio.sleep(0.05)
            statuses = await asyncio.gather(*sending)
            release.set()
            assert await asyncio.wait_for(serve.proc.wait(), timeout=60) == 0
        log = serve.log()
        accepted = [(user, ts) for (user, ts), status in zip(asked, statuses, strict=True) if status == 200]
        replies = [len(slack.visible("C1", thread_ts=ts)) + len(slack.private_to(user)) for user, ts in accepted]
        assert replies == [1] * len(accepted), log  # every accepted question answered once
        assert f"Slack stopped: {len(accepted)} of {len(accepted)} answers under way finished, none dropped" in log
        assert redis_servers_of(data) == []
    finally:
        await slack.stop()
