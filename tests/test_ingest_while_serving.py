"""`studybot ingest` (and `sources`, `search`) while `studybot serve` owns the data dir: the running bot
does the work over its local socket and answers from the new material at once. Real processes throughout."""

from __future__ import annotations

import asyncio
import json
import signal
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.cli.serve_channel import ServeChannel
from adapters.local_jobs import LocalJobs
from adapters.local_socket import LocalSocket
from bot.bootstrap import Knowledge, build_knowledge
from bot.errors import UserError
from bot.settings import Settings
from tests.serve_process import running_serve, studybot
from tests.slack_harness import texts
from tests.slack_requests import mention
from tests.slack_stub import SlackStub

NOTES = """# Glasswing notes

## Glasswing protocol
The Glasswing protocol rotates every signing key after exactly seventeen hours.
Keys older than seventeen hours are refused by every replica.
"""


@pytest.fixture()
async def slack() -> AsyncIterator[SlackStub]:
    stub = await SlackStub().start()
    yield stub
    await stub.stop()


async def test_ingest_during_serve_reaches_the_running_bot(tmp_path: Path, slack: SlackStub) -> None:
    data = tmp_path / "data"
    (tmp_path / "notes.md").write_text(NOTES)
    async with running_serve(data, slack) as serve:
        sock = data / "run" / "studybot.sock"
        assert stat.S_IMODE(sock.stat().st_mode) == 0o600
        assert stat.S_IMODE(sock.parent.stat().st_mode) == 0o700

        # a relative path, resolved by the CLI; serve holds the index, so only serve can have done this
        added = await studybot(data, "ingest", "notes.md", "--json", cwd=tmp_path)
        assert added.code == 0, added.stderr
        report = json.loads(added.stdout)
        assert (report["files"], report["added"]) == (1, 1) and report["chunks"] >= 1
        assert report["outcomes"][0]["target"] == str(tmp_path / "notes.md")

        again = await studybot(data, "ingest", str(tmp_path / "notes.md"))
        assert again.code == 0, again.stderr
        assert "1 files: 0 added, 0 updated, 1 unchanged, 0 skipped, 0 failed" in again.stdout

        missing = await studybot(data, "ingest", str(tmp_path / "nowhere.md"))
        assert missing.code == 1 and "0 added" in missing.stdout
        assert "nowhere.md does not exist" in " ".join(missing.stderr.split())  # the same line as a local ingest

        found = json.loads((await studybot(data, "search", "how often are signing keys rotated", "--json")).stdout)
        assert "seventeen hours" in found["results"][0]["text"]
        [source] = json.loads((await studybot(data, "sources", "--json")).stdout)
        assert source["title"] == "Glasswing notes" and source["chunks"] == report["chunks"]

        # the bot in Slack answers from it, without a restart
        q = mention("How often does the Glasswing protocol rotate signing keys?", ts="1700000001.000100")
        assert (await serve.send.event(q, team="default")) == (200, "")
        await slack.wait_for("reactions.remove", timeout=120)  # the ⏳ goes away once the answer is posted
        [answer] = slack.visible("C1", thread_ts=q["ts"])
        assert "seventeen hours" in texts(answer)

        removed = await studybot(data, "sources", "rm", source["id"])
        assert removed.code == 0 and f"Removed {source['id']}." in removed.stdout
        gone = await studybot(data, "sources", "rm", source["id"])
        assert gone.code == 1 and "No source with id" in gone.stderr

        # forgetting the whole tenant goes through serve too
        assert (await studybot(data, "ingest", str(tmp_path / "notes.md"))).code == 0
        forgot = await studybot(data, "tenant", "rm", "default", "--yes", "--json")
        assert forgot.code == 0, forgot.stderr
        assert json.loads(forgot.stdout)["removed"]["sources"] == 1
        assert json.loads((await studybot(data, "sources", "--json")).stdout) == []


async def test_a_killed_serve_blocks_nothing_and_a_stopped_one_leaves_no_socket(tmp_path: Path,
                                                                                slack: SlackStub) -> None:
    data = tmp_path / "data"
    (tmp_path / "notes.md").write_text(NOTES)
    sock = data / "run" / "studybot.sock"
    async with running_serve(data, slack) as first:
        first.proc.send_signal(signal.SIGKILL)
        await first.proc.wait()
        assert sock.is_socket()  # left behind, with nobody listening (and its private Redis, orphaned)

        async with running_serve(data, slack) as second:
            added = await studybot(data, "ingest", str(tmp_path / "notes.md"))
            assert added.code == 0 and "1 added" in added.stdout, added.stderr
            second.proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(second.proc.wait(), timeout=60)
            assert second.proc.returncode == 0, second.log()
        assert not sock.exists()

    # with serve gone, the CLI opens the index itself and finds what serve added
    [source] = json.loads((await studybot(data, "sources", "--json")).stdout)
    assert source["title"] == "Glasswing notes"


async def test_an_index_held_by_a_process_that_takes_no_jobs_is_reported_plainly(settings: Settings,
                                                                                  tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(NOTES)
    holder = build_knowledge(settings)
    await holder.index.ensure()
    try:
        done = await studybot(settings.data_dir, "ingest", str(tmp_path / "notes.md"))
        said = " ".join(done.stderr.split())
        assert done.code == 2 and "is open in another studybot process. Stop it first" in said
        assert "Traceback" not in said and "failed" not in said  # one clear error, not one per file
    finally:
        await holder.close()


@pytest.fixture()
async def local(services: Knowledge) -> AsyncIterator[ServeChannel]:
    """The socket served in this process over a real index, and the CLI's client for it."""
    path = services.settings.serve_socket
    listening = LocalSocket.listen(LocalJobs(services), path)
    assert listening is not None
    task = asyncio.create_task(listening.run())
    yield ServeChannel(path)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert not path.exists()


async def test_requests_serve_cannot_carry_out_are_refused_in_plain_words(local: ServeChannel) -> None:
    with pytest.raises(UserError, match="does not know the request 'drop'"):
        await local.request({"op": "drop", "tenant": "default"})
    with pytest.raises(UserError, match="absolute paths"):
        await local.request({"op": "ingest", "tenant": "default", "targets": ["notes.md"]})
    with pytest.raises(UserError, match="`k` must be"):
        await local.request({"op": "search", "tenant": "default", "query": "keys", "k": 0})
    with pytest.raises(UserError, match="`tenant`"):
        await local.request({"op": "sources"})


async def test_progress_arrives_before_the_report(local: ServeChannel, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(NOTES)
    (tmp_path / "b.txt").write_bytes(b"")
    events: list[dict[str, object]] = []
    report = await local.request({"op": "ingest", "tenant": "t", "targets": [str(tmp_path)]}, events.append)
    assert events[0] == {"event": "total", "files": 2}
    assert sorted(str(e["status"]) for e in events[1:]) == ["added", "skipped"]
    assert report["event"] == "report" and (report["added"], report["skipped"]) == (1, 1)
