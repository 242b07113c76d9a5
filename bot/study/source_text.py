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

from bot.answering import Candidate, moment
from bot.models import Chunk
from bot.sentences import split_sentences


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


def _document_sentences(chunks: list[Chunk]) -> list[Candidate]:
    out: list[Candidate] = []
    previous: set[str] = set()
    for chunk in chunks:
        current: set[str] = set()
        cursor = 0
        for sentence in split_sentences(chunk.text):
            offset = chunk.text.find(sentence, cursor)
            cursor = max(cursor, offset)
            key = re.sub(r"\W+", "", sentence.lower())
            current.add(key)
            if key and key not in previous:  # the overlap repeats the tail of the previous chunk
                out.append(Candidate(sentence, chunk, len(out), max(offset, 0)))
        previous = current
    return out


def source_sentences(chunks: list[Chunk]) -> list[Candidate]:
    """Every sentence of a source once, in order; `rank` is the sentence's index."""
    if not chunks:
        return []
    if chunks[0].kind == "transcript" and any(c.marks for c in chunks):
        return _transcript_sentences(chunks)
    return _document_sentences(chunks)


def sentence_time(c: Candidate) -> float | None:
    """When a transcript sentence is spoken (the start of its cue); None for documents."""
    return moment(c.chunk, c.offset) if c.chunk.kind == "transcript" else None
