"""The `studybot` command end to end, as scripts use it: real processes, JSON contracts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

STUDYBOT = [sys.executable, "-c", "from adapters.cli import entrypoint; entrypoint()"]


def studybot(data: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "OPENAI_", "QDRANT_", "STUDYBOT_"))}
    done = subprocess.run([*STUDYBOT, "--data-dir", str(data), *args], capture_output=True, text=True, env=env,
                          timeout=300)
    if check and done.returncode != 0:
        raise AssertionError(f"exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory, sample_pdf: Path) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    course = folder / "course"
    course.mkdir()
    for f in SAMPLES.glob("*.md"):
        (course / f.name).write_bytes(f.read_bytes())
    (course / sample_pdf.name).write_bytes(sample_pdf.read_bytes())
    (course / "broken.pdf").write_bytes(b"%PDF-1.4 nope")
    done = studybot(folder / "data", "ingest", str(course), "--json", check=False)
    assert done.returncode == 1  # one file was skipped
    report = json.loads(done.stdout)
    assert (report["added"], report["skipped"], report["files"]) == (2, 1, 3) and report["chunks"] > 5
    [skipped] = [o for o in report["outcomes"] if o["status"] == "skipped"]
    assert "broken.pdf" in skipped["reason"] and "damaged PDF" in skipped["reason"]
    return folder / "data"


def test_sources_and_search_json(data: Path) -> None:
    sources = json.loads(studybot(data, "sources", "--json").stdout)
    assert {s["title"] for s in sources} == {"From base model to assistant",
                                             "Reinforcement learning for language models - study notes"}
    assert all({"id", "title", "kind", "chunks", "url"} <= s.keys() for s in sources)

    found = json.loads(studybot(data, "search", "reward hacking", "--k", "3", "--json").stdout)
    assert found["query"] == "reward hacking" and len(found["results"]) == 3
    first = found["results"][0]
    assert set(first) == {"text", "source_id", "title", "locator", "url", "score"}
    assert "reward" in first["text"].lower() and len(first["text"]) > 200  # the whole passage


def test_search_batch_jsonl(data: Path, tmp_path: Path) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "question": "What are special tokens?"}\n\n{"id": 7, "question": "What is DeepSeek-R1?"}\n')
    lines = [json.loads(line) for line in studybot(data, "search", "--batch", str(batch), "--k", "2").stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", 7]
    assert all(len(line["results"]) == 2 for line in lines)
    assert "DeepSeek" in " ".join(r["text"] for r in lines[1]["results"])

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n')
    done = studybot(data, "search", "--batch", str(bad), check=False)
    assert done.returncode == 2 and "line 1" in done.stderr and "Traceback" not in done.stderr


def test_ask_json_and_thread_memory_across_runs(data: Path) -> None:
    first = json.loads(studybot(data, "ask", "What is RLHF?", "--thread", "study-1", "--json").stdout)
    assert {"answer", "citations", "abstained", "mode"} <= first.keys()
    assert first["mode"] == "extractive" and not first["abstained"]
    assert set(first["citations"][0]) == {"n", "source_id", "title", "locator", "url", "quote"}
    follow = json.loads(studybot(data, "ask", "and how is that different from SFT?", "--thread", "study-1",
                                 "--json").stdout)
    assert follow["question"] == "How is RLHF different from SFT?"  # remembered by the private Redis between runs
    fresh = json.loads(studybot(data, "ask", "and how is that different from SFT?", "--json").stdout)
    assert "RLHF" not in fresh["question"]
    off = json.loads(studybot(data, "ask", "Who won the 2014 football World Cup?", "--json").stdout)
    assert off["abstained"] and off["citations"] == []
    mamba = json.loads(studybot(data, "ask", "What is Mamba?", "--json").stdout)
    assert mamba["abstained"] and mamba["not_covered"] == ["Mamba"] and "I don't know" in mamba["answer"]


def test_ask_prints_a_cited_answer(data: Path) -> None:
    out = studybot(data, "ask", "Why can RLHF not run for long?").stdout
    assert "[1]" in out and "Sources" in out and "p. 3" in out


def test_remove_source(data: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.txt"
    extra.write_text("Temporary notes about attention heads.\n")
    added = json.loads(studybot(data, "ingest", str(extra), "--json").stdout)
    source_id = added["outcomes"][0]["source_id"]
    assert "Removed" in studybot(data, "sources", "rm", source_id).stdout
    missing = studybot(data, "sources", "rm", source_id, check=False)
    assert missing.returncode == 1 and "No source with id" in missing.stderr


def test_flashcards_and_reviews_in_the_terminal(data: Path) -> None:
    deck = json.loads(studybot(data, "flashcards", "reward model", "--json").stdout)
    assert deck["answer"].startswith("🃏 **Flashcards on “reward model”**") and deck["cards"]
    assert all(c["choices"] == ["reveal"] for c in deck["cards"])
    revealed = studybot(data, "review", "reveal", "1").stdout
    assert "Answer:" in revealed and "review again|good|easy 1" in revealed
    rated = studybot(data, "review", "good", "1").stdout
    assert rated.startswith("✓ Good") and "Next review in 2 days" in rated
    progress = studybot(data, "progress").stdout
    assert "Cards: 1 in your reviews, 0 due now." in progress and "Streak: 1 day" in progress
    bad = studybot(data, "review", "pause", "soon", check=False)
    assert bad.returncode == 1 and "You don't get daily reviews" in bad.stderr


def test_sigterm_on_a_command_stops_its_private_redis(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "OPENAI_", "QDRANT_", "STUDYBOT_"))}
    data = tmp_path / "data"
    chat = subprocess.Popen([*STUDYBOT, "--data-dir", str(data), "chat"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert chat.stdout is not None and "Ask a question" in chat.stdout.readline()
        pid = int(Path(json.loads((data / "redis.db.settings").read_text())["pidfile"]).read_text())
        os.kill(pid, 0)  # the private server is running
        chat.send_signal(signal.SIGTERM)
        assert chat.wait(timeout=120) == 128 + signal.SIGTERM
    finally:
        chat.kill()
    for _ in range(100):  # the server exits after saving; a killed command would have left it running
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        subprocess.run(["sleep", "0.1"])
    raise AssertionError(f"the private Redis server (pid {pid}) outlived the command")
