"""`studybot ingest` with YouTube links and `--chapters`, as a person runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.youtube_material import TOKENIZERS, TOKENIZERS_ID
from tests.youtube_stand_in import YouTubeStandIn

STUDYBOT = [sys.executable, "-c", "from adapters.cli import entrypoint; entrypoint()"]


def studybot(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "OPENAI_", "QDRANT_", "STUDYBOT_"))}
    return subprocess.run([*STUDYBOT, "--data-dir", str(data), *args], capture_output=True, text=True,
                          env={**clean, **env}, timeout=300)


@pytest.fixture()
def youtube(tmp_path: Path) -> Iterator[YouTubeStandIn]:
    stand_in = YouTubeStandIn(tmp_path).add(TOKENIZERS).start()
    yield stand_in
    stand_in.stop()


def test_a_youtube_link_without_reaching_youtube_is_one_line_naming_youtube(tmp_path: Path) -> None:
    done = studybot(tmp_path / "data", "ingest", f"https://www.youtube.com/watch?v={TOKENIZERS_ID}",
                    STUDYBOT_FETCH_TIMEOUT="3")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "YouTube" in lines[0] and "Traceback" not in done.stderr, done.stderr
    assert "STUDYBOT_YOUTUBE_PROXY" in lines[0] and "ingest that file" in lines[0]


def test_youtube_link_then_a_transcript_with_its_authors_chapters_file(tmp_path: Path,
                                                                      youtube: YouTubeStandIn) -> None:
    data = tmp_path / "data"
    via_proxy = {"STUDYBOT_YOUTUBE_PROXY": youtube.proxy, "STUDYBOT_YOUTUBE_CA_BUNDLE": youtube.ca_bundle}
    video = studybot(data, "ingest", "--json", f"https://www.youtube.com/watch?v={TOKENIZERS_ID}", **via_proxy)
    assert video.returncode == 0, video.stderr
    assert json.loads(video.stdout)["outcomes"][0]["title"] == "How Tokenizers Work"

    chapters = tmp_path / "chapters.txt"
    chapters.write_text("0:00 Welcome\n03:10 How text becomes tokens\n06:24 Base models\n09:44 Assistants\n")
    talk = studybot(data, "ingest", str(SAMPLES / "how-llms-are-built-lecture.vtt"), "--chapters", str(chapters))
    assert talk.returncode == 0, talk.stderr
    outline = json.loads(studybot(data, "outline", "--json", "how llms are built").stdout)
    text = outline["answer"]
    assert all(t in text for t in ("Welcome", "How text becomes tokens", "Base models", "Assistants")), text
    assert "3:10" in text and "9:44" in text

    sources = json.loads(studybot(data, "sources", "--json").stdout)
    about = {s["title"]: s.get("about") for s in sources}
    assert about["How Tokenizers Work"]["captions"] == "manual"

    chapters.write_text("Intro, then pretraining\n")
    bad = studybot(data, "ingest", str(SAMPLES / "how-llms-are-built-lecture.vtt"), "--chapters", str(chapters))
    assert bad.returncode == 2 and "0:00 Intro" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
