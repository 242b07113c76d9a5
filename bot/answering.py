"""Extractive answers: the most relevant sentences of the top passages, each cited."""

from __future__ import annotations

import asyncio
import math
import re
from dataclasses import dataclass

from bot.links import timestamp_link
from bot.models import Answer, Chunk, Citation
from bot.retrieval import Embedder, Retrieval
from bot.sentences import split_sentences

NO_LLM_NOTICE = "No language model is configured, so this answer quotes the most relevant passages."
NOT_COVERED = (
    "The material doesn't seem to cover this. Try rephrasing, or add a source that does "
    "(`studybot sources` lists what is indexed)."
)
QUOTE_CHARS = 220


@dataclass(frozen=True)
class Candidate:
    text: str
    chunk: Chunk
    rank: int  # rank of its passage in the retrieval
    offset: int  # character offset in the chunk text


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def moment(chunk: Chunk, offset: int) -> float | None:
    """The start time of the cue in which `offset` of a transcript chunk falls."""
    if not chunk.marks:
        return chunk.start
    at = chunk.marks[0][1]
    for mark_offset, seconds in chunk.marks:
        if mark_offset > offset:
            break
        at = seconds
    return at


def cite(n: int, chunk: Chunk, text: str, offset: int = 0) -> Citation:
    """A citation whose link opens the exact moment (transcripts) or page of `text`."""
    url = chunk.url
    t = moment(chunk, offset) if chunk.kind == "transcript" else None
    if url and t is not None:
        url = timestamp_link(url, t)  # replaces the chunk's own start time
    return Citation(n, chunk.source_id, chunk.title, chunk.locator, url, quote(text))


def _candidates(retrieval: Retrieval, passages: int) -> list[Candidate]:
    out: list[Candidate] = []
    seen: set[str] = set()
    for rank, hit in enumerate(retrieval.hits[:passages]):
        text = hit.chunk.text
        cursor = 0
        for sentence in split_sentences(text):
            offset = text.find(sentence, cursor)
            cursor = max(cursor, offset)
            key = re.sub(r"\W+", "", sentence.lower())
            if len(key) < 20 or key in seen:
                continue
            seen.add(key)
            out.append(Candidate(sentence, hit.chunk, rank, max(offset, 0)))
    return out


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / (math.sqrt(sum(x * x for x in b)) or 1.0)


async def extractive_answer(retrieval: Retrieval, embedder: Embedder, sentences: int = 3,
                            passages: int = 4, notice: str = NO_LLM_NOTICE) -> Answer:
    """Pick the sentences closest to the question; cite each by its passage."""
    if not retrieval.relevant:
        return Answer(NOT_COVERED, [], abstained=True, mode="extractive")
    candidates = _candidates(retrieval, passages)
    if not candidates:
        return Answer(NOT_COVERED, [], abstained=True, mode="extractive")
    vectors = await asyncio.to_thread(embedder.embed, [c.text for c in candidates])
    scored = sorted(
        ((_cosine(retrieval.query_vector, v) + 0.04 / (c.rank + 1), c) for c, v in zip(candidates, vectors, strict=True)),
        key=lambda pair: pair[0], reverse=True,
    )
    chosen = [c for _, c in scored[:sentences]]
    # Read in document order within a passage, best passage first.
    chosen.sort(key=lambda c: (c.rank, c.offset))
    numbers: dict[tuple[str, int], int] = {}
    citations: list[Citation] = []
    lines: list[str] = []
    for c in chosen:
        key = (c.chunk.source_id, c.chunk.position)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            citations.append(cite(numbers[key], c.chunk, c.text, c.offset))
        lines.append(f"• {quote(c.text, 400)} [{numbers[key]}]")
    text = "From the material:\n" + "\n".join(lines) + f"\n\n_{notice}_"
    return Answer(text, citations, abstained=False, mode="extractive", notice=notice)
