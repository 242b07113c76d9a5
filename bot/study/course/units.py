"""The course a digest walks: every chapter of every source, sources in the order they were added."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.index import ChunkIndex
from bot.models import SourceRecord
from bot.study.outline.builder import Outliner
from bot.study.outline.chapters import Chapter, span


@dataclass(frozen=True)
class Unit:
    number: int  # 1-based place in the course
    id: str  # stable across re-ingest: source id and where the chapter starts
    record: SourceRecord
    chapter: Chapter

    @property
    def label(self) -> str:
        """"How LLMs Are Built — Chapter 3: Tokenization, 4:53–7:28", in the reply language."""
        return f"{self.record.title} — {place_of(self.record.kind, self.chapter)}"


def place_of(kind: str, chapter: Chapter) -> str:
    """"Chapter 3: Tokenization, 4:53–7:28", "Section 4: Supervised fine-tuning", "Section 2: RLHF, p. 3" (in the
    reply language)."""
    where = span(chapter)
    label = chapter.shown_label(kind)
    return f"{label}, {where}" if where and where != chapter.title else label


def unit_id(record: SourceRecord, chapter: Chapter) -> str:
    if chapter.start is not None:
        where = f"t{int(chapter.start)}"
    elif record.kind == "pdf" and chapter.page is not None:
        where = f"p{chapter.page}"
    elif record.kind in ("markdown", "html"):
        where = "s:" + re.sub(r"\W+", "-", chapter.title.lower()).strip("-")
    else:
        where = f"i{chapter.first}"
    return f"{record.source_id}@{where}"


class Course:
    def __init__(self, index: ChunkIndex, outliner: Outliner) -> None:
        self.index, self.outliner = index, outliner

    async def sources(self, tenant: str, source_id: str | None = None) -> list[SourceRecord]:
        records = await self.index.records(tenant)
        if source_id is not None:
            records = [r for r in records if r.source_id == source_id]
        return sorted(records, key=lambda r: (r.ingested_at, r.title.lower()))

    async def units(self, tenant: str, source_id: str | None = None) -> list[Unit]:
        """Every chapter in course order (chapters found in the material, so ids never depend on a model)."""
        out: list[Unit] = []
        for record in await self.sources(tenant, source_id):
            outline = await self.outliner.outline(record, use_llm=False)
            for chapter in outline.chapters:
                out.append(Unit(len(out) + 1, unit_id(record, chapter), record, chapter))
        return out
