"""The sentences of retrieved passages, ranked by closeness to a question and cited to their moment.

Sentence boundaries and vectors come from the index (made at ingest), so ranking embeds nothing
but the question; passages from older indexes have their sentences embedded here. The ask use
case and every study tool quote material through these.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from dataclasses import dataclass, field

import numpy as np

from bot.embedding.port import Embedder
from bot.embedding.sentence_vectors import sentence_spans, unpack
from bot.language import has_cjk
from bot.models import Chunk, Citation, SearchHit
from bot.text.links import timestamp_link
from bot.text.sentence_roles import SentenceRoles, roles_in_order
from bot.text.sentences import joined, reading_length, split_sentences
from bot.text.sparse import cjk_terms

QUOTE_CHARS = 220
LEXICAL_WEIGHT = 0.5  # of the share of a Chinese question's terms a sentence holds
_ENDS = re.compile(r"[.!?。！？…][\"'”’)\]]*\s*$")  # a passage that ends where a sentence does


@dataclass(frozen=True)
class Candidate:
    text: str
    chunk: Chunk
    rank: int  # rank of its passage in the retrieval
    offset: int  # character offset in the chunk text
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)  # stored at ingest
    roles: SentenceRoles = field(default_factory=SentenceRoles, compare=False, repr=False)  # stored at ingest


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


def _sentences(chunk: Chunk) -> list[tuple[int, str, np.ndarray | None, SentenceRoles]]:
    """(offset, sentence, stored vector, stored roles) for each sentence of a chunk; passages indexed before
    roles were stored have them read here."""
    stored = unpack(chunk.sentences)
    spans, vectors = stored if stored is not None else (sentence_spans(chunk.text), None)
    packed = (chunk.sentences or {}).get("roles") or []
    roles = ([SentenceRoles.unpacked(r) for r in packed] if stored is not None and len(packed) == len(spans)
             else roles_in_order([chunk.text[a:b] for a, b in spans]))
    return [(a, chunk.text[a:b], None if vectors is None else vectors[i], roles[i]) for i, (a, b) in enumerate(spans)]


def sentence_candidates(hits: list[SearchHit]) -> list[Candidate]:
    """Every distinct sentence of the passages, with where it sits. Passages overlap, so a sentence a passage
    cuts off at its edge ("…remembers the LSN of the") is left out where another passage holds it whole."""
    out: list[tuple[str, Candidate]] = []
    seen: set[str] = set()
    for rank, hit in enumerate(hits):
        for offset, sentence, vector, roles in _sentences(hit.chunk):
            key = re.sub(r"\W+", "", sentence.lower())
            if len(key) < (8 if has_cjk(key) else 20) or key in seen:
                continue
            seen.add(key)
            out.append((key, Candidate(sentence, hit.chunk, rank, offset, vector, roles)))
    return [c for key, c in out if not any(
        len(other) > len(key) and (other.startswith(key) or other.endswith(key)) for other, _ in out)]


def with_context(c: Candidate, min_chars: int = 140, max_chars: int = 420) -> Candidate:
    """A short or lead-in sentence ("... as follows:") reads better with what follows it."""
    if reading_length(c.text) >= min_chars and not c.text.rstrip().endswith((":", "：")):
        return c
    text = c.text
    following = split_sentences(c.chunk.text[c.offset + len(c.text):])
    if following and not _ENDS.search(c.chunk.text):
        following.pop()  # the passage cuts it off ("The working set, the pages a process")
    for nxt in following[:3]:
        if reading_length(text) + reading_length(nxt) + 1 > max_chars:
            break
        text = f"{text}{joined(text, nxt)}{nxt}"
        if reading_length(text) >= min_chars and not text.endswith((":", "：")):
            break
    return dataclasses.replace(c, text=text)


def with_antecedent(c: Candidate, max_chars: int = 420) -> Candidate:
    """A sentence that leans on the one before it ("So…", "This…", "That's why…") brings it along."""
    if not c.roles.leans or c.offset == 0:
        return c
    before = split_sentences(c.chunk.text[:c.offset])
    if not before or reading_length(before[-1]) + reading_length(c.text) + 1 > max_chars:
        return c
    at = c.chunk.text.rfind(before[-1], 0, c.offset)
    return dataclasses.replace(c, text=f"{before[-1]}{joined(before[-1], c.text)}{c.text}", offset=max(at, 0))


def drop_repeats(chosen: list[Candidate]) -> list[Candidate]:
    """A sentence already quoted (alone, or as the context of another) is not quoted again: a quote that
    overlaps one kept before it goes."""
    kept: list[Candidate] = []
    for c in chosen:
        if not any((k.chunk.source_id, k.chunk.position) == (c.chunk.source_id, c.chunk.position)
                   and k.offset < c.offset + len(c.text) and c.offset < k.offset + len(k.text) for k in kept):
            kept.append(c)
    return kept


async def rank_sentences(candidates: list[Candidate], query_vector: list[float], embedder: Embedder,
                         native_vector: list[float] | None = None,
                         native_terms: frozenset[str] = frozenset()) -> list[Candidate]:
    """Candidates by closeness to the question, with a small bonus for better passages."""
    scored = await scored_sentences(candidates, query_vector, embedder, native_vector, native_terms)
    return [c for c, _ in scored]


async def scored_sentences(candidates: list[Candidate], query_vector: list[float], embedder: Embedder,
                           native_vector: list[float] | None = None,
                           native_terms: frozenset[str] = frozenset()) -> list[tuple[Candidate, float]]:
    """Candidates with their closeness to the question (plus a small bonus for better passages), best first.
    A Chinese sentence is compared with the question as written (`native_vector`, and the share of its
    Chinese terms it holds) when there is one."""
    if not candidates:
        return []
    missing = [i for i, c in enumerate(candidates) if c.vector is None or len(c.vector) != len(query_vector)]
    vectors: list[np.ndarray | list[float] | None] = [c.vector for c in candidates]
    if missing:  # passages indexed before sentence vectors were stored
        embedded = await asyncio.to_thread(embedder.embed, [candidates[i].text for i in missing])
        for i, v in zip(missing, embedded, strict=True):
            vectors[i] = v
    questions = np.asarray([native_vector if native_vector is not None and has_cjk(c.text) else query_vector
                            for c in candidates], dtype=np.float32)
    similarity = (np.asarray(vectors, dtype=np.float32) * questions).sum(axis=1)
    if native_terms:  # the English model reads Chinese poorly: the question's own words count too
        similarity += np.asarray([LEXICAL_WEIGHT * len(native_terms & cjk_terms(c.text)) / len(native_terms)
                                  for c in candidates], dtype=np.float32)
    similarity += np.asarray([0.04 / (c.rank + 1) for c in candidates], dtype=np.float32)
    order = sorted(range(len(candidates)), key=lambda i: -float(similarity[i]))
    return [(candidates[i], float(similarity[i])) for i in order]
