"""A source as one stream of sentences in document order, each located for a citation.

Chunks overlap (cue runs repeat their last cues, packed paragraphs repeat their tail),
so whole-source tools (summary, outline, first mention) must read every sentence once.
Each sentence is an `answering.Candidate` whose chunk and offset `answering.cite` turns
into a deep link to the exact cue or page.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from bot.models import Chunk
from bot.search.passages import Candidate, moment
from bot.text.sentences import split_sentences

_BULLET = re.compile(r"\s+[-•]\s+(?=[A-Z*])")
_NUMBERED = re.compile(r"(?:^|(?<=\s))(?:(?:chapter|section|part)\s+)?\d{1,2}(?:\.\d{1,2})*\.?\s+(?=[A-Z])", re.I)
_BODY_START = re.compile(r"^(?:-|•|A|I|[A-Z][a-z]+[,.;]?)$")


@dataclass(frozen=True)
class _Cue:
    text: str
    start: float
    chunk: Chunk
    offset: int  # where the cue starts in the chunk's text


def _cues(chunks: list[Chunk]) -> list[_Cue]:
    """Every cue once: overlapping chunks repeat cues with the same start time."""
    out: list[_Cue] = []
    seen: set[int] = set()
    for chunk in chunks:
        marks = chunk.marks or [[0, chunk.start or 0.0]]
        for i, (offset, seconds) in enumerate(marks):
            key = round(float(seconds) * 1000)
            if key in seen:
                continue
            seen.add(key)
            end = int(marks[i + 1][0]) if i + 1 < len(marks) else len(chunk.text)
            text = chunk.text[int(offset):end].strip()
            if text:
                out.append(_Cue(text, float(seconds), chunk, int(offset)))
    return sorted(out, key=lambda c: c.start)


def _transcript_sentences(chunks: list[Chunk]) -> list[Candidate]:
    cues = _cues(chunks)
    starts: list[int] = []
    parts: list[str] = []
    size = 0
    for cue in cues:
        starts.append(size)
        parts.append(cue.text)
        size += len(cue.text) + 1
    full = " ".join(parts)
    out: list[Candidate] = []
    cursor = 0
    for sentence in split_sentences(full):
        at = full.find(sentence, cursor)
        at = cursor if at < 0 else at
        cursor = at + len(sentence)
        i = max(bisect.bisect_right(starts, at) - 1, 0)
        out.append(Candidate(sentence, cues[i].chunk, len(out), cues[i].offset + max(at - starts[i], 0)))
    return out


def _pieces(text: str) -> list[tuple[str, int]]:
    """Sentences with their offsets; list items run together by PDF extraction ("... - Next item") split too."""
    out: list[tuple[str, int]] = []
    cursor = 0
    for sentence in split_sentences(text):
        at = text.find(sentence, cursor)
        at = cursor if at < 0 else at
        cursor = at + len(sentence)
        start = 0
        for m in _BULLET.finditer(sentence):
            out.append((sentence[start:m.start()].strip(), at + start))
            start = m.end()
        out.append((sentence[start:].strip(), at + start))
    return [(t, o) for t, o in out if t]


def page_heading(text: str, source_title: str) -> tuple[str, int] | None:
    """The numbered heading a PDF page opens with, and where its body starts in `text`.

    "Notes - study notes 1. Why RL comes after SFT A modern ..." -> ("Why RL comes after SFT", offset of "A").
    """
    skip = len(source_title) if text.lower().startswith(source_title.lower()) else 0
    m = _NUMBERED.search(text[skip:skip + 220])
    if not m:
        return None
    words: list[str] = []
    body = skip + m.end()
    for i, word in enumerate(re.finditer(r"\S+", text[skip + m.end():])):
        if i >= 2 and _BODY_START.match(word.group()):
            body = skip + m.end() + word.start()
            break
        words.append(word.group())
        if len(words) > 12:
            return None
    else:
        body = len(text)
    heading = " ".join(words).rstrip(" :-–")
    return (heading, body) if heading else None


def _document_sentences(chunks: list[Chunk], title: str) -> list[Candidate]:
    out: list[Candidate] = []
    previous: set[str] = set()
    pages_seen: set[int | None] = set()
    for chunk in chunks:
        body_start = 0
        if chunk.kind == "pdf" and chunk.page not in pages_seen:
            pages_seen.add(chunk.page)
            found = page_heading(chunk.text, title)
            body_start = found[1] if found else 0  # the running title and the heading are not sentences
        current: set[str] = set()
        for sentence, offset in _pieces(chunk.text):
            if offset + len(sentence) <= body_start:
                continue
            if offset < body_start:
                sentence, offset = chunk.text[body_start:offset + len(sentence)].strip(), body_start
            key = re.sub(r"\W+", "", sentence.lower())
            current.add(key)
            if key and key not in previous:  # the overlap repeats the tail of the previous chunk
                out.append(Candidate(sentence, chunk, len(out), offset))
        previous = current
    return out


def source_sentences(chunks: list[Chunk]) -> list[Candidate]:
    """Every sentence of a source once, in order; `rank` is the sentence's index."""
    if not chunks:
        return []
    if chunks[0].kind == "transcript" and any(c.marks for c in chunks):
        return _transcript_sentences(chunks)
    return _document_sentences(chunks, chunks[0].title)


def sentence_time(c: Candidate) -> float | None:
    """When a transcript sentence is spoken (the start of its cue); None for documents."""
    return moment(c.chunk, c.offset) if c.chunk.kind == "transcript" else None


def without_page_heading(c: Candidate) -> Candidate | None:
    """A PDF sentence without the running title and heading it swallowed; None if it was only those."""
    if c.chunk.kind != "pdf":
        return c
    found = page_heading(c.chunk.text, c.chunk.title)
    if not found or c.offset >= found[1]:
        return c
    end = c.offset + len(c.text)
    if end <= found[1]:
        return None
    return Candidate(c.chunk.text[found[1]:end].strip(), c.chunk, c.rank, found[1])
