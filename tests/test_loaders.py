"""Every supported format loads with its locators; every bad file says why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fpdf import FPDF

from bot.errors import SourceError
from ingest.loaders import load_bytes

VTT = b"""WEBVTT

00:00:01.000 --> 00:00:04.500
Pretraining starts with <b>web text</b>.

00:12:34.250 --> 00:12:38.000
Then comes supervised fine-tuning.
"""

SRT = b"""1
00:00:01,000 --> 00:00:03,000
Tokens are pieces of words.

2
00:01:05,500 --> 00:01:09,000
The vocabulary has about fifty thousand entries.
"""


def pdf_bytes(pages: list[str], user_password: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    if user_password:
        pdf.set_encryption(owner_password="owner", user_password=user_password)
    return bytes(pdf.output())


def test_webvtt_keeps_timestamps_and_strips_tags() -> None:
    doc = load_bytes(VTT, "lecture.vtt")
    assert doc.kind == "transcript"
    assert [s.text for s in doc.segments] == ["Pretraining starts with web text.", "Then comes supervised fine-tuning."]
    assert doc.segments[1].start == pytest.approx(754.25)
    assert doc.segments[1].end == pytest.approx(758.0)


def test_srt_keeps_timestamps() -> None:
    doc = load_bytes(SRT, "talk.srt")
    assert doc.segments[1].start == pytest.approx(65.5)
    assert "fifty thousand" in doc.segments[1].text


def test_youtube_transcript_json() -> None:
    data = json.dumps([{"text": "hello there", "start": 3.5, "duration": 2.0},
                       {"text": "second line", "start": 5.5, "duration": 1.5}]).encode()
    doc = load_bytes(data, "video.json")
    assert doc.kind == "transcript"
    assert (doc.segments[0].start, doc.segments[0].end) == (3.5, 5.5)


def test_rolling_auto_captions_are_not_repeated() -> None:
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n\n00:00:02.000 --> 00:00:03.000\nhello world\n\n" \
           b"00:00:03.000 --> 00:00:04.000\nhello world\n"
    assert [s.text for s in load_bytes(data, "auto.vtt").segments] == ["hello", "world"]


def test_markdown_heading_path_front_matter_and_tables() -> None:
    md = b"""---
title: Training notes
url: https://example.org/notes
---
# Training
Intro paragraph.
## SFT
Labelers write ideal answers.
| stage | signal |
|---|---|
| SFT | demonstrations |
"""
    doc = load_bytes(md, "notes.md")
    assert doc.title == "Training notes" and doc.url == "https://example.org/notes"
    sft = [s for s in doc.segments if s.heading == ("Training", "SFT")]
    assert sft[0].text == "Labelers write ideal answers."
    assert sft[0].anchor == "sft"
    assert any("SFT | demonstrations" in s.text for s in sft)


def test_html_follows_headings_and_drops_navigation() -> None:
    html = b"""<html><head><title>RLHF explained</title><script>var x=1;</script></head><body>
    <nav>Home | About</nav><h1>RLHF</h1><p>Humans rank answers.</p>
    <h2 id="reward">Reward model</h2><p>A model learns the rankings.</p><ul><li>It can be gamed.</li></ul></body></html>"""
    doc = load_bytes(html, "page.html")
    assert doc.title == "RLHF explained"
    texts = [s.text for s in doc.segments]
    assert "Home | About" not in " ".join(texts) and "var x" not in " ".join(texts)
    reward = [s for s in doc.segments if s.heading == ("RLHF", "Reward model")]
    assert [s.text for s in reward] == ["A model learns the rankings.", "It can be gamed."]
    assert reward[0].anchor == "reward"


def test_plain_text_paragraphs_and_underlined_headings() -> None:
    text = b"Intro line one\nline two\n\nUsage\n-----\nRun it twice.\n"
    doc = load_bytes(text, "readme.txt")
    assert doc.segments[0].text == "Intro line one\nline two"
    assert doc.segments[1].heading == ("Usage",) and doc.segments[1].text == "Run it twice."


def test_plain_text_in_legacy_encoding() -> None:
    doc = load_bytes("Café au lait, naïve résumé, déjà vu. ".encode("latin-1") * 5, "notes.txt")
    assert "Café" in doc.segments[0].text


def test_pdf_pages_are_kept() -> None:
    doc = load_bytes(pdf_bytes(["First page about tokens.", "Second page about rewards."]), "paper.pdf")
    assert doc.kind == "pdf"
    assert [(s.page, "rewards" in s.text) for s in doc.segments] == [(1, False), (2, True)]


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.md", "is empty"),
        (b"   \n\n", "blank.txt", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "diagram.png", "unsupported file type .png"),
        (b"\x00\x01\x02binary\x00data" * 10, "weights.txt", "binary"),
        (b"%PDF-1.7\n garbage that is not a pdf", "broken.pdf", "damaged PDF"),
        (b"This is not a PDF at all", "fake.pdf", "not a PDF"),
        (b"NOT A VTT\n\n00:01 --> 00:02\nhi", "bad.vtt", "not a valid WebVTT"),
        (b"1\nnonsense\n", "bad.srt", "not a valid SRT"),
        (b"{not json", "bad.json", "not valid JSON"),
        (b'{"a": 1}', "other.json", "not a transcript"),
        (b"WEBVTT\n\n", "silent.vtt", "no spoken text"),
    ],
)
def test_bad_files_say_why(data: bytes, name: str, reason: str) -> None:
    with pytest.raises(SourceError, match=reason):
        load_bytes(data, name)


def test_encrypted_pdf_is_refused_kindly() -> None:
    with pytest.raises(SourceError, match="password-protected"):
        load_bytes(pdf_bytes(["secret"], user_password="s3cret"), "locked.pdf")


def test_pdf_without_text_needs_ocr() -> None:
    pdf = FPDF()
    pdf.add_page()
    with pytest.raises(SourceError, match="no extractable text"):
        load_bytes(bytes(pdf.output()), "scan.pdf")


def test_sample_lecture_is_long_enough(tmp_path: Path) -> None:
    from tests.conftest import SAMPLES

    doc = load_bytes((SAMPLES / "how-llms-are-built-lecture.vtt").read_bytes(), "lecture.vtt")
    assert doc.segments[-1].end is not None and doc.segments[-1].end > 30 * 60
