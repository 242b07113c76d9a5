"""Plain data shared by ingest, retrieval and answering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage with everything a citation needs."""

    source_id: str
    tenant: str
    title: str
    kind: str  # transcript | pdf | markdown | html | text
    text: str
    locator: str  # "12:34–13:10", "p. 7", "Training > SFT"
    url: str | None  # deep link to the exact moment or page
    position: int  # order of the chunk within its source
    version: str  # content hash of the source version it belongs to
    start: float | None = None
    end: float | None = None
    page: int | None = None
    heading: str | None = None
    marks: list[list[float]] | None = None  # [char offset, seconds] of each cue in `text`
    # Sentence spans and int8 sentence vectors made at ingest (bot/embedding/sentence_vectors.py); None in older indexes.
    sentences: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    def embedding_text(self) -> str:
        """What gets embedded and BM25-indexed: the text with its title and heading path for context."""
        context = " > ".join(p for p in (self.title, self.heading) if p)
        return f"{context}\n{self.text}" if context else self.text

    def payload(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "tenant": self.tenant,
            "title": self.title,
            "kind": self.kind,
            "text": self.text,
            "locator": self.locator,
            "url": self.url,
            "position": self.position,
            "version": self.version,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "heading": self.heading,
            "marks": self.marks,
            "sentences": self.sentences,
        }

    @classmethod
    def from_payload(cls, p: dict[str, Any]) -> Chunk:
        return cls(**{k: p.get(k) for k in cls.__dataclass_fields__})  # type: ignore[arg-type]


@dataclass(frozen=True)
class SearchHit:
    chunk: Chunk
    score: float

    def as_json(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "text": c.text,
            "source_id": c.source_id,
            "title": c.title,
            "locator": c.locator,
            "url": c.url,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class SourceRecord:
    """What the index knows about one ingested source."""

    source_id: str
    tenant: str
    title: str
    kind: str
    origin: str  # the path or URL it came from
    url: str | None  # public link used for deep links
    version: str
    chunks: int
    ingested_at: str
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.source_id,
            "tenant": self.tenant,
            "title": self.title,
            "kind": self.kind,
            "origin": self.origin,
            "url": self.url,
            "chunks": self.chunks,
            "version": self.version,
            "ingested_at": self.ingested_at,
            **{k: self.extra[k] for k in ("about", "chapters") if self.extra.get(k)},  # a video's channel, captions
        }


@dataclass(frozen=True)
class Citation:
    n: int
    source_id: str
    title: str
    locator: str
    url: str | None
    quote: str

    def as_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "source_id": self.source_id,
            "title": self.title,
            "locator": self.locator,
            "url": self.url,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Answer:
    text: str
    citations: list[Citation]
    abstained: bool
    mode: str  # "llm" or "extractive"
    notice: str | None = None  # one line about how the answer was made
    not_covered: list[str] = field(default_factory=list)  # the question's words the material never mentions

    def as_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "citations": [c.as_json() for c in self.citations],
            "abstained": self.abstained,
            "mode": self.mode,
            "notice": self.notice,
            "not_covered": self.not_covered,
        }
