"""Chunks follow structure and carry locators and deep links."""

from __future__ import annotations

from bot.text.links import anchor_link, format_time, page_link, timestamp_link
from ingest.chunking import chunk_document, section_chunks, transcript_chunks
from ingest.document import LoadedDocument, Segment


def cues(n: int, length: int = 40) -> list[Segment]:
    return [Segment(f"cue{i} " + "w" * length, start=i * 5.0, end=i * 5.0 + 4.5) for i in range(n)]


def test_transcript_chunks_are_cue_runs_with_overlap_and_times() -> None:
    drafts = transcript_chunks(cues(30), max_chars=200, overlap_cues=1)
    assert all(len(d.text) <= 200 for d in drafts)
    assert drafts[0].start == 0.0 and drafts[0].end == drafts[0].start + 5.0 * (drafts[0].text.count("cue") - 1) + 4.5
    # the last cue of one chunk opens the next
    assert drafts[1].text.split()[0] == drafts[0].text.split()[-2]
    assert drafts[-1].text.endswith("cue29 " + "w" * 40)
    # marks map offsets to cue start times
    assert drafts[1].marks[0] == [0, drafts[1].start]


def test_oversized_cue_still_makes_a_chunk() -> None:
    drafts = transcript_chunks([Segment("x" * 500, start=1.0, end=2.0)], max_chars=100, overlap_cues=1)
    assert len(drafts) == 1 and drafts[0].start == 1.0


def test_sections_do_not_mix_headings_or_pages() -> None:
    segs = [Segment("a" * 50, heading=("A",)), Segment("b" * 50, heading=("A", "B")), Segment("c" * 50, page=2)]
    drafts = section_chunks(segs, max_chars=1000, overlap_chars=100)
    assert [d.heading for d in drafts] == [("A",), ("A", "B"), ()]
    assert drafts[2].page == 2


def test_long_paragraph_splits_at_sentences_with_overlap() -> None:
    text = " ".join(f"Sentence number {i} talks about tokens." for i in range(40))
    drafts = section_chunks([Segment(text)], max_chars=300, overlap_chars=80)
    assert len(drafts) > 3 and all(len(d.text) <= 300 for d in drafts)
    assert all(d.text.endswith(".") for d in drafts)
    last_of_first = drafts[0].text.rsplit(". ", 1)[-1]
    assert last_of_first in drafts[1].text and not drafts[1].text.startswith(drafts[0].text[:40])
    assert "\n\n" not in drafts[0].text  # sentences of one paragraph stay one paragraph


def test_locators_and_deep_links_per_kind() -> None:
    common = dict(source_id="s", tenant="t", title="Lecture", version="v", chunk_chars=1000, overlap_chars=0, overlap_cues=0)
    video = chunk_document(LoadedDocument("transcript", [Segment("hi", start=754, end=790.2)]),
                           url="https://www.youtube.com/watch?v=abc", **common)[0]
    assert video.locator == "12:34–13:10"
    assert video.url == "https://www.youtube.com/watch?v=abc&t=754s"
    paper = chunk_document(LoadedDocument("pdf", [Segment("x", page=7)]), url="https://example.org/p.pdf", **common)[0]
    assert (paper.locator, paper.url) == ("p. 7", "https://example.org/p.pdf#page=7")
    md = chunk_document(LoadedDocument("markdown", [Segment("x", heading=("Training", "SFT"), anchor="sft")]),
                        url="https://example.org/a.md", **common)[0]
    assert (md.locator, md.url, md.heading) == ("Training > SFT", "https://example.org/a.md#sft", "Training > SFT")
    local = chunk_document(LoadedDocument("pdf", [Segment("x", page=1)]), url=None, **common)[0]
    assert local.url is None


def test_link_helpers() -> None:
    assert format_time(3723) == "1:02:03"
    assert timestamp_link("https://youtu.be/abc?t=5s", 90) == "https://youtu.be/abc?t=90s"
    assert timestamp_link("https://vimeo.com/123", 61) == "https://vimeo.com/123#t=61s"
    assert timestamp_link("https://cdn.example.org/lecture.mp4", 61) == "https://cdn.example.org/lecture.mp4#t=61"
    assert page_link("https://example.org/x.pdf#page=2", 9) == "https://example.org/x.pdf#page=9"
    assert anchor_link("https://example.org/a", None, "Reward model") == "https://example.org/a#:~:text=Reward%20model"


def test_tables_of_contents_are_left_out() -> None:
    toc = "1. Definitions\n1.1. What is this FAQ?\n1.2. What is Debian?\n2. Installing\n2.1. Where are images?"
    body = "Debian is a free operating system.\n1. It is old.\n2. It is stable."
    drafts = section_chunks([Segment(toc), Segment(body)], max_chars=1000, overlap_chars=0)
    assert [d.text for d in drafts] == [body]
