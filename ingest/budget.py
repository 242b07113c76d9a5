"""What one ingest may cost: bytes, pages, cues, text, passages, seconds, and a tenant's total.

A hostile file can be tiny and still expand into hours of parsing and thousands of
passages (a PDF whose pages share one huge content stream, a VTT with a million cues).
Loaders ask the budget as they go and stop at the first sign of excess, so refusing
costs little; the pipeline checks passages and the tenant's total before anything is
written, so a refused source leaves the index as it was.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.errors import OverBudget
from bot.language import tr
from bot.models import SourceRecord
from bot.runtime.redaction import redact
from bot.settings import Settings


def unchanged() -> str:
    """What a refusal leaves as it was, in the reply language: said after every budget refusal."""
    return tr("Nothing was indexed; any earlier version stays searchable.")


@dataclass(frozen=True)
class IngestLimits:
    """The knobs, as Settings gives them (see the README's settings table)."""

    max_bytes: int
    max_pages: int
    max_cues: int
    max_chunks: int
    max_seconds: float
    max_tenant_chunks: int
    chunk_chars: int

    @classmethod
    def from_settings(cls, s: Settings) -> IngestLimits:
        return cls(max_bytes=s.max_fetch_bytes, max_pages=s.max_source_pages, max_cues=s.max_source_cues,
                   max_chunks=s.max_source_chunks, max_seconds=s.max_source_seconds,
                   max_tenant_chunks=s.max_tenant_chunks, chunk_chars=max(s.chunk_chars, s.transcript_chunk_chars))

    @property
    def max_chars(self) -> int:
        """Text that cannot fit in `max_chunks` passages, whatever the chunking: refuse before chunking."""
        return self.max_chunks * self.chunk_chars


NO_LIMITS = IngestLimits(max_bytes=2**62, max_pages=2**62, max_cues=2**62, max_chunks=2**40,
                         max_seconds=math.inf, max_tenant_chunks=2**62, chunk_chars=2**20)


class SourceRecords(Protocol):
    async def records(self, tenant: str) -> list[SourceRecord]: ...


class SourceBudget:
    """One source's allowance, its clock started when its ingest starts."""

    def __init__(self, limits: IngestLimits, what: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits, self.what, self._clock = limits, what, clock
        self.deadline = clock() + limits.max_seconds
        self.chars = 0

    @classmethod
    def unlimited(cls, what: str) -> SourceBudget:
        """For loaders used on their own (tests, tools); ingest always passes a real budget."""
        return cls(NO_LIMITS, what)

    def _refuse(self, reason: str) -> OverBudget:
        """`reason`: a sentence naming the source, without its full stop."""
        return OverBudget(redact(tr("{reason}. {unchanged}").format(reason=reason, unchanged=unchanged())))

    def remaining_seconds(self) -> float:
        return max(0.0, self.deadline - self._clock())

    def time_exceeded(self) -> OverBudget:
        return self._refuse(tr("{what} took longer than the {seconds:g}-second limit for one source "
                               "(STUDYBOT_MAX_SOURCE_SECONDS)").format(what=self.what, seconds=self.limits.max_seconds))

    def check_time(self) -> None:
        if self._clock() > self.deadline:
            raise self.time_exceeded()

    def bytes_exceeded(self, limit: int | None = None) -> OverBudget:
        mb = (limit or self.limits.max_bytes) / 1_000_000
        return self._refuse(tr("{what} is larger than the {mb:g} MB limit for one source (STUDYBOT_MAX_FETCH_BYTES)")
                            .format(what=self.what, mb=mb))

    def check_bytes(self, size: int) -> None:
        if size > self.limits.max_bytes:
            raise self.bytes_exceeded()

    def check_pages(self, pages: int) -> None:
        if pages > self.limits.max_pages:
            raise self._refuse(tr("{what} has {pages:,} pages, more than the {limit:,} allowed for one source "
                                  "(STUDYBOT_MAX_SOURCE_PAGES); split it, or ask whoever runs studybot to raise the "
                                  "limit").format(what=self.what, pages=pages, limit=self.limits.max_pages))

    def check_cues(self, cues: int) -> None:
        if cues > self.limits.max_cues:
            raise self._refuse(tr("{what} has more than {limit:,} cues, the limit for one transcript "
                                  "(STUDYBOT_MAX_SOURCE_CUES)").format(what=self.what, limit=self.limits.max_cues))

    def _too_much_text(self) -> OverBudget:
        return self._refuse(tr("{what} holds more text than {limit:,} passages can take, the limit for one source "
                               "(STUDYBOT_MAX_SOURCE_CHUNKS); split it, or ask whoever runs studybot to raise the "
                               "limit").format(what=self.what, limit=self.limits.max_chunks))

    def check_raw_text(self, chars: int) -> None:
        """Refuse before parsing a text far beyond the budget (markup rarely exceeds 8x the text)."""
        if chars > 8 * self.limits.max_chars:
            raise self._too_much_text()

    def add_text(self, chars: int) -> None:
        """Count extracted text; stops extraction as soon as it cannot fit in the passage budget."""
        self.chars += chars
        if self.chars > self.limits.max_chars:
            raise self._too_much_text()

    def check_chunks(self, chunks: int) -> None:
        if chunks > self.limits.max_chunks:
            raise self._refuse(tr("{what} makes {chunks:,} passages, more than the {limit:,} allowed for one source "
                                  "(STUDYBOT_MAX_SOURCE_CHUNKS)").format(what=self.what, chunks=chunks,
                                                                         limit=self.limits.max_chunks))

    def check_tenant(self, held: int, adding: int) -> None:
        """`held`: passages of the tenant's other sources (this source's old version is replaced)."""
        if held + adding > self.limits.max_tenant_chunks:
            raise self._refuse(tr("{what} would bring this library to {total:,} passages, over its limit of {limit:,} "
                                  "(STUDYBOT_MAX_TENANT_CHUNKS); remove sources that are no longer needed, or ask "
                                  "whoever runs studybot to raise the limit").format(
                what=self.what, total=held + adding, limit=self.limits.max_tenant_chunks))


async def held_chunks(index: SourceRecords, tenant: str, except_source: str) -> int:
    """Passages a tenant holds in its other sources."""
    return sum(r.chunks for r in await index.records(tenant) if r.source_id != except_source)
