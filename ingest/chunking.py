"""Structure-following chunking: cue runs for transcripts, packed paragraphs per section."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.models import Chunk
from bot.text.links import anchor_link, page_link, time_range, timestamp_link
from bot.text.sentences import joined, reading_length, split_sentences
from ingest.document import LoadedDocument, Segment


@dataclass
class Draft:
    """A chunk before it knows its source: text plus where it sits."""

    text: str
    start: float | None = None
    end: float | None = None
    page: int | None = None
    heading: tuple[str, ...] = ()
    anchor: str | None = None
    marks: list[list[float]] = field(default_factory=list)


def transcript_chunks(cues: list[Segment], max_chars: int, overlap_cues: int) -> list[Draft]:
    """Consecutive cues up to `max_chars`, the last `overlap_cues` cues repeated in the next."""
    drafts: list[Draft] = []
    i = 0
    while i < len(cues):
        j, size = i, 0
        while j < len(cues) and (j == i or size + reading_length(cues[j].text) + 1 <= max_chars):
            size += reading_length(cues[j].text) + 1
            j += 1
        run = cues[i:j]
        marks, text = [], ""
        for cue in run:
            text += joined(text, cue.text) if text else ""
            marks.append([len(text), cue.start or 0.0])
            text += cue.text
        drafts.append(Draft(text, run[0].start, run[-1].end, marks=marks))
        if j >= len(cues):
            break
        i = max(i + 1, j - overlap_cues)
    return drafts


Unit = tuple[str, bool]  # text, starts a paragraph


def _units(text: str, max_chars: int) -> list[Unit]:
    """Pieces no longer than max_chars: the paragraph, else its sentences, else word runs."""
    if reading_length(text) <= max_chars:
        return [(text, True)]
    pieces: list[str] = []
    for sentence in split_sentences(text):
        if reading_length(sentence) <= max_chars:
            pieces.append(sentence)
            continue
        line = ""
        for w in sentence.split():
            if line and len(line) + len(w) + 1 > max_chars:
                pieces.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        if line:
            pieces.append(line)
    return [(p, i == 0) for i, p in enumerate(pieces)]


def _join(units: list[Unit]) -> str:
    text = ""
    for piece, starts_paragraph in units:
        text += ("\n\n" if starts_paragraph else joined(text, piece)) + piece if text else piece
    return text


def _pack(units: list[Unit], max_chars: int, overlap_chars: int) -> list[str]:
    """Greedy packing; each new chunk repeats trailing units of the last, up to overlap_chars."""
    chunks: list[str] = []
    current: list[Unit] = []
    size = 0
    for unit in units:
        if current and size + reading_length(unit[0]) + 2 > max_chars:
            chunks.append(_join(current))
            carry: list[Unit] = []
            carried = 0
            for prev in reversed(current):
                if carried + reading_length(prev[0]) > overlap_chars:
                    break
                carry.insert(0, prev)
                carried += reading_length(prev[0]) + 2
            if carry and carried + reading_length(unit[0]) + 2 > max_chars:
                carry = []
            current, size = carry, carried if carry else 0
        current.append(unit)
        size += reading_length(unit[0]) + 2
    if current:
        chunks.append(_join(current))
    return chunks


_TOC_LINE = re.compile(r"^\s*(?:(?:\d+\.)+\d*|[IVXLC]+\.|[A-Z]\.)\s+\S|\.{4,}\s*\d+\s*$")


def is_navigation(text: str) -> bool:
    """A table of contents or index: lines that mostly just number or point to sections.

    Such text repeats every heading, so it outranks the sections themselves while
    holding none of their content.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) >= 4 and sum(bool(_TOC_LINE.search(line)) for line in lines) / len(lines) >= 0.6


def section_chunks(segments: list[Segment], max_chars: int, overlap_chars: int) -> list[Draft]:
    """Paragraphs packed within one section (same heading path and page); navigation left out."""
    drafts: list[Draft] = []
    group: list[Segment] = []
    segments = [s for s in segments if not is_navigation(s.text)]

    def flush() -> None:
        if not group:
            return
        units = [u for s in group for u in _units(s.text, max_chars)]
        first = group[0]
        for text in _pack(units, max_chars, overlap_chars):
            drafts.append(Draft(text, page=first.page, heading=first.heading, anchor=first.anchor))
        group.clear()

    for seg in segments:
        if group and (seg.heading != group[0].heading or seg.page != group[0].page):
            flush()
        group.append(seg)
    flush()
    return drafts


def _locator(kind: str, d: Draft, title: str, position: int) -> str:
    if d.start is not None and d.end is not None:
        return time_range(d.start, d.end)
    if d.page is not None:
        return f"p. {d.page}"
    if d.heading:
        path = d.heading[1:] if len(d.heading) > 1 and d.heading[0] == title else d.heading
        return " > ".join(path)
    return title if kind in ("markdown", "html") else f"part {position + 1}"


def _deep_link(url: str | None, d: Draft) -> str | None:
    if not url:
        return None
    if d.start is not None:
        return timestamp_link(url, d.start)
    if d.page is not None:
        return page_link(url, d.page)
    if d.heading:
        return anchor_link(url, d.anchor, d.heading[-1])
    return url


def chunk_document(doc: LoadedDocument, *, source_id: str, tenant: str, title: str, url: str | None,
                   version: str, chunk_chars: int, overlap_chars: int, overlap_cues: int) -> list[Chunk]:
    """Chunks with locator and deep link, following the document's own structure."""
    if doc.kind == "transcript":
        drafts = transcript_chunks(doc.segments, chunk_chars, overlap_cues)
    else:
        drafts = section_chunks(doc.segments, chunk_chars, overlap_chars)
    return [
        Chunk(
            source_id=source_id, tenant=tenant, title=title, kind=doc.kind, text=d.text,
            locator=_locator(doc.kind, d, title, i), url=_deep_link(url, d), position=i, version=version,
            start=d.start, end=d.end, page=d.page, heading=" > ".join(d.heading) or None,
            marks=d.marks or None,
        )
        for i, d in enumerate(drafts)
    ]
