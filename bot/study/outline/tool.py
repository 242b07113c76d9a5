"""`outline SOURCE`: the chapters of a source with start times (or pages), gists and deep links."""

from __future__ import annotations

from bot.conversation import IncomingMessage, PartialSink, Reply
from bot.language import tr
from bot.study.find_source import SourceReader, find_source
from bot.study.outline.builder import Outliner
from bot.study.outline.chapters import shown_title
from bot.study.outline.describe import describe_source, where
from bot.study.replies import Citations, safe_reply


class OutlineTool:
    def __init__(self, index: SourceReader, outliner: Outliner) -> None:
        self.index, self.outliner = index, outliner

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        record = await find_source(self.index, msg.tenant, msg.text)
        outline = await self.outliner.outline(record)
        citations = Citations()
        lines = [tr("**Outline of {title}** ({about})").format(title=record.title,
                                                                about=describe_source(record, outline.chapters)), ""]
        for ch in outline.chapters:
            n = citations.of(outline.sentences[ch.gist_at])
            at = where(ch)
            lines.append(f"{ch.n}. **{shown_title(ch.title)}**{' · ' + at if at else ''} — {ch.gist} [{n}]")
        notices = [outline.notice] if outline.notice else []
        if outline.mode != "llm" and not notices:
            notices.append(tr("Titles and gists are taken from the material (no language model is configured)."))
        return safe_reply("\n".join(lines), citations.items, outline.mode, notices)
