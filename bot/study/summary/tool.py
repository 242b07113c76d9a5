"""`summary SOURCE`: a structured, cited summary of one source.

With a model: map-reduce, one set of notes per chapter (its passages numbered by their
place in the source), then one summary from the notes that keeps their citations,
which the code checks. Without one: the most central sentences of the whole source and
of each chapter, each cited with a link to its moment or page.
"""

from __future__ import annotations

import asyncio
import re

from bot.conversation import IncomingMessage, PartialSink, Reply
from bot.embedding.port import Embedder
from bot.errors import ServiceUnavailable
from bot.language import tr
from bot.llm.client import ChatModel
from bot.models import Citation
from bot.study.centrality import mean_vector, readability
from bot.study.find_source import SourceReader, find_source
from bot.study.outline.builder import Outliner, SourceOutline
from bot.study.outline.chapters import Chapter, shown_title
from bot.study.outline.describe import describe_source, where
from bot.study.prompts import summary_messages, summary_part_messages
from bot.study.replies import (
    Citations,
    cited_model_text,
    fallback_notice,
    model_text,
    safe_reply,
)
from bot.study.transitions import INTRO_TITLE
from bot.text.sparse import BM25Encoder

PARALLEL_CALLS = 4
OVERVIEW_SENTENCES = 3
_RECAP = re.compile(r"\b(?:summary|recap|takeaways?|conclusions?|wrap[- ]up|key points)\b", re.I)


class SummaryTool:
    def __init__(self, index: SourceReader, outliner: Outliner, embedder: Embedder, encoder: BM25Encoder,
                 llm: ChatModel | None = None) -> None:
        self.index, self.outliner, self.embedder, self.encoder, self.llm = index, outliner, embedder, encoder, llm

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        record = await find_source(self.index, msg.tenant, msg.text)
        outline = await self.outliner.outline(record)
        heading = tr("**Summary of {title}** ({about})").format(title=record.title,
                                                                about=describe_source(record, outline.chapters))
        if self.llm is not None:
            written = await self._with_model(outline)
            if isinstance(written, tuple):
                text, citations = written
                return safe_reply(f"{heading}\n\n{text}", citations, "llm")
            return await self._extractive(outline, heading, written)
        return await self._extractive(outline, heading, fallback_notice("no_llm"))

    # -- without a model -----------------------------------------------------

    async def _extractive(self, outline: SourceOutline, heading: str, notice: str) -> Reply:
        overview = await self._overview(outline)
        citations = Citations()
        lines = [heading, "", tr("**Overview**")]
        lines += [f"• {outline.sentences[i].text} [{citations.of(outline.sentences[i])}]" for i in overview]
        per_chapter = 2 if len(outline.chapters) <= 6 else 1
        by = tr("**Chapter by chapter**") if outline.record.kind == "transcript" else tr("**Section by section**")
        lines += ["", by]
        for ch in outline.chapters:
            picked = await self._chapter_sentences(outline, ch, per_chapter, exclude=set(overview))
            at = where(ch)
            lines.append(f"{ch.n}. **{shown_title(ch.title)}**{' (' + at + ')' if at else ''}")
            lines += [f"    • {outline.sentences[i].text} [{citations.of(outline.sentences[i])}]" for i in picked]
        return safe_reply("\n".join(lines), citations.items, "extractive", [notice])

    async def _overview(self, outline: SourceOutline) -> list[int]:
        """The author's own recap when there is one ("Summary", "Key takeaways"), else the introduction's plan,
        else the source's most central statements."""
        chapters = outline.chapters
        recap = next((c for c in reversed(chapters) if _RECAP.search(c.title)), None)
        if recap is not None:  # a recap runs in order: its first few statements
            statements = [i for i in range(recap.first, recap.stop)
                          if readability(outline.sentences[i].text) >= 0.6]
            if len(statements) >= 2:
                return statements[:OVERVIEW_SENTENCES + 1]
        if recap is None and len(chapters) >= 3 and chapters[0].title == INTRO_TITLE and sum(
                readability(outline.sentences[i].text) >= 0.6 for i in range(chapters[0].first, chapters[0].stop)) >= 2:
            recap = chapters[0]  # an introduction that says something (not only "let's get started", thanks)
        if recap is not None:
            indices, meaning = list(range(recap.first, recap.stop)), outline.meaning(recap)
        else:
            indices, meaning = list(range(len(outline.sentences))), mean_vector(outline.vectors)
        picked = await outline.centrality.central(indices, meaning, self.embedder, k=OVERVIEW_SENTENCES,
                                                  shortlist=12)
        return sorted(picked)

    async def _chapter_sentences(self, outline: SourceOutline, ch: Chapter, k: int, exclude: set[int]) -> list[int]:
        indices = [i for i in range(ch.first, ch.stop) if i not in exclude]
        if not indices:
            return []
        chosen = [ch.gist_at] if ch.gist_at in indices else []
        if len(chosen) < k:
            more = await outline.centrality.central(indices, outline.meaning(ch), self.embedder, k=k + 1,
                                                    focus=ch.title)
            chosen += [i for i in more if i not in chosen][:k - len(chosen)]
        return sorted(chosen)

    # -- with a model ----------------------------------------------------------

    async def _with_model(self, outline: SourceOutline) -> tuple[str, list[Citation]] | str:
        """(text, citations), or the notice saying why the extractive summary is shown instead."""
        record, chunks = outline.record, outline.chunks
        number = {c.position: i + 1 for i, c in enumerate(chunks)}
        gate = asyncio.Semaphore(PARALLEL_CALLS)

        async def notes_on(ch: Chapter) -> str:
            positions = sorted({s.chunk.position for s in outline.sentences[ch.first:ch.stop]})
            passages = [(number[p], chunks[number[p] - 1].locator, chunks[number[p] - 1].text) for p in positions]
            async with gate:
                text = await model_text(self.llm, summary_part_messages(record.title, ch.label(record.kind),
                                                                           passages))
            if text is None:
                raise ServiceUnavailable("a summary step got no answer from the model")
            return text

        model_down = False
        try:  # one failed part fails the map: the others are cancelled rather than waited for
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(notes_on(ch)) for ch in outline.chapters]
        except* ServiceUnavailable:
            model_down = True
        if model_down:
            return fallback_notice("llm_down")
        parts = [t.result() for t in tasks]
        notes = "\n\n".join(f"## {ch.label(record.kind)} ({ch.locator})\n{p}" for ch, p in zip(outline.chapters, parts))
        return await cited_model_text(self.llm, summary_messages(record.title, notes), chunks, self.encoder)
