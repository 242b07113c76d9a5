"""A source read, loaded and chunked, waiting for the model: the unit the ingest stages pass on."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.embedding.sentence_vectors import Span, sentence_spans
from bot.models import Chunk, SourceRecord
from ingest.budget import SourceBudget


@dataclass
class Prepared:
    """One source's chunks and what its outcome will say; `previous` tells added from updated."""

    target: str
    record: SourceRecord
    chunks: list[Chunk]
    updated: bool
    budget: SourceBudget
    warnings: tuple[str, ...] = ()  # what was left out of the source, and why
    texts: list[str] = field(default_factory=list)  # what the model reads: title and heading + text
    spans: list[list[Span]] = field(default_factory=list)  # sentence spans, in `texts` coordinates
    offsets: list[int] = field(default_factory=list)  # where each chunk's text starts in its `texts` entry

    def __post_init__(self) -> None:
        for c in self.chunks:
            text = c.embedding_text()
            shift = len(text) - len(c.text)
            self.texts.append(text)
            self.offsets.append(shift)
            self.spans.append([(a + shift, b + shift) for a, b in sentence_spans(c.text)])

    @property
    def key(self) -> tuple[str, str]:
        return self.record.tenant, self.record.source_id
