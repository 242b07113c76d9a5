"""Material with bad details: unsafe links are left out, bad cues reported, BOM-marked text read."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from bot.bootstrap import Knowledge
from ingest.loaders import load_bytes
from tests.test_cli import studybot

POISONED_NOTES = b"""---
title: Attention notes
url: javascript:alert(1)
---
# Attention
Every token looks at every other token.
"""

CUES = """WEBVTT

00:00:01.000 --> 00:00:04.000
Pretraining reads the web.

00:00:0x.000 --> 00:00:06.000
This cue has a broken start time.

00:00:09.000 --> 00:00:07.000
This cue ends before it starts.

00:00:10.000 --> 00:00:12.000
Fine-tuning teaches the assistant style.

10:61.000 --> 10:62.000
Minutes and seconds cannot be 61.
"""


def test_front_matter_link_must_be_http() -> None:
    doc = load_bytes(POISONED_NOTES, "notes.md")
    assert doc.url is None and doc.title == "Attention notes"
    assert doc.warnings == ["front matter url 'javascript:alert(1)' is not an http(s) link and was ignored"]
    ok = load_bytes(POISONED_NOTES.replace(b"javascript:alert(1)", b"https://example.org/attention"), "notes.md")
    assert ok.url == "https://example.org/attention" and ok.warnings == []


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd",
                                  "ftp://example.org/x", "//example.org/x", "https://exa mple.org/"])
async def test_only_http_links_are_stored(services: Knowledge, tmp_path: Path, link: str) -> None:
    talk = tmp_path / "talk.vtt"
    talk.write_text(CUES)
    [outcome] = (await services.ingestor.ingest([str(talk)], "default", url=link)).outcomes
    assert outcome.status == "added"
    assert any("is not an http(s) link and was ignored" in w for w in outcome.warnings)
    [record] = await services.index.records("default")
    assert record.url is None
    hits = (await services.retriever.search("default", "fine-tuning assistant style", 3)).hits
    assert hits and all(h.chunk.url is None for h in hits)


def test_malformed_and_reversed_cues_are_reported_and_the_rest_kept() -> None:
    doc = load_bytes(CUES.encode(), "talk.vtt")
    assert [s.text for s in doc.segments] == ["Pretraining reads the web.", "Fine-tuning teaches the assistant style."]
    assert doc.warnings == [
        "2 cues with a malformed timestamp were left out (first at line 6)",
        "1 cue with an end before its start was left out (first at line 9)",
    ]


def test_reversed_srt_cues_are_reported() -> None:
    srt = b"1\n00:00:01,000 --> 00:00:02,000\nFirst.\n\n2\n00:00:09,000 --> 00:00:03,000\nBackwards.\n\n" \
          b"3\n00:00:10,000 --> 00:00:11,000\nThird.\n"
    doc = load_bytes(srt, "talk.srt")
    assert [s.text for s in doc.segments] == ["First.", "Third."]
    assert doc.warnings == ["1 cue with an end before its start was left out (first at cue 2)"]


def test_a_transcript_whose_cues_are_all_bad_says_why() -> None:
    from bot.errors import SourceError

    with pytest.raises(SourceError, match=r"no spoken text \(1 cue with a malformed timestamp"):
        load_bytes(b"WEBVTT\n\n00:00:aa.000 --> 00:00:02.000\nhello\n", "bad.vtt")


async def test_cue_problems_reach_the_ingest_report(services: Knowledge, tmp_path: Path) -> None:
    talk = tmp_path / "talk.vtt"
    talk.write_text(CUES)
    report = await services.ingestor.ingest([str(talk)], "default")
    [outcome] = report.as_json()["outcomes"]  # type: ignore[index]
    assert outcome["status"] == "added" and outcome["warnings"][0].startswith("2 cues with a malformed timestamp")
    hits = (await services.retriever.search("default", "pretraining reads the web", 1)).hits
    assert hits[0].chunk.start == 1.0


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"])
def test_unicode_text_with_a_byte_order_mark_is_read(encoding: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
           "utf-32-be": codecs.BOM_UTF32_BE, "utf-8": codecs.BOM_UTF8}[encoding]
    text = "Notes\n=====\n\nSelf-attention — 自注意力 — weighs every token.\n"
    doc = load_bytes(bom + text.encode(encoding), "notes.txt")
    assert doc.segments[0].heading == ("Notes",)
    assert doc.segments[0].text == "Self-attention — 自注意力 — weighs every token."
    vtt = load_bytes(bom + CUES.encode(encoding), "talk.vtt")
    assert len(vtt.segments) == 2


def test_binary_behind_a_byte_order_mark_is_still_refused() -> None:
    from bot.errors import SourceError

    with pytest.raises(SourceError, match="binary"):
        load_bytes(codecs.BOM_UTF16_LE + b"\x01\x02\x00\x00" * 64, "weights.txt")


def test_cli_never_prints_a_non_http_link(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_bytes(POISONED_NOTES)
    done = studybot(tmp_path / "data", "ingest", str(notes))
    shown = " ".join(done.stderr.split())  # the terminal wraps long lines
    assert "notes.md: front matter url 'javascript:alert(1)' is not an http(s) link and was ignored" in shown
    listed = studybot(tmp_path / "data", "sources")
    assert "Attention notes" in listed.stdout and "javascript" not in listed.stdout
