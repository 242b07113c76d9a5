"""`studybot ask`, `chat` and the study tools while `studybot serve` owns the data dir: the running bot
answers over its local socket, with the material and the thread memory it holds. Real processes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from tests.serve_process import STUDYBOT, clean_env, running_serve, studybot
from tests.slack_stub import SlackStub

NOTES = """# Glasswing notes

## Glasswing protocol
The Glasswing protocol rotates every signing key after exactly seventeen hours.
Keys older than seventeen hours are refused by every replica.
"""


async def test_ask_chat_and_study_tools_work_while_serve_runs(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (tmp_path / "notes.md").write_text(NOTES)
    (tmp_path / "batch.jsonl").write_text('{"id": "q1", "question": "How often are signing keys rotated?"}\n')
    slack = await SlackStub().start()
    try:
        async with running_serve(data, slack):
            assert (await studybot(data, "ingest", str(tmp_path / "notes.md"))).code == 0

            asked = await studybot(data, "ask", "How often does Glasswing rotate signing keys?", "--json")
            assert asked.code == 0, asked.stderr
            answer = json.loads(asked.stdout)
            assert "seventeen hours" in answer["answer"] and answer["citations"][0]["title"]

            printed = await studybot(data, "ask", "How often does Glasswing rotate signing keys?", "--thread", "t1")
            assert printed.code == 0 and "seventeen hours" in printed.stdout and "Sources" in printed.stdout
            follow = await studybot(data, "ask", "and what happens to older ones?", "--thread", "t1", "--json")
            assert follow.code == 0 and "refused" in json.loads(follow.stdout)["answer"]  # a follow-up in that thread

            [line] = (await studybot(data, "ask", "--batch", str(tmp_path / "batch.jsonl"))).stdout.splitlines()
            assert json.loads(line)["id"] == "q1" and "seventeen hours" in json.loads(line)["answer"]

            explained = await studybot(data, "explain", "Glasswing protocol")
            assert explained.code == 0 and "seventeen hours" in explained.stdout, explained.stderr

            chat = await asyncio.create_subprocess_exec(
                *STUDYBOT, "--data-dir", str(data), "chat", env=clean_env(), stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            out, err = await asyncio.wait_for(chat.communicate(b"How often are signing keys rotated?\n"), 300)
            assert chat.returncode == 0, err.decode()
            assert "1 sources indexed" in out.decode() and "seventeen hours" in out.decode()
    finally:
        await slack.stop()
