"""One-line descriptions of a source and links to a chapter, shared by outline, summary and digest."""

from __future__ import annotations

from bot.models import SourceRecord
from bot.study.outline.chapters import Chapter, span
from bot.text.links import format_time, link

KINDS = {"transcript": "lecture", "pdf": "PDF", "markdown": "article", "html": "web page", "text": "text"}


def describe_source(record: SourceRecord, chapters: list[Chapter]) -> str:
    """"lecture, 36:45, 12 chapters"."""
    parts = [KINDS.get(record.kind, record.kind)]
    if chapters and chapters[-1].end is not None:
        parts.append(format_time(chapters[-1].end))
    noun = "chapter" if record.kind == "transcript" else "section"
    parts.append(f"{len(chapters)} {noun}{'s' if len(chapters) != 1 else ''}")
    return ", ".join(parts)


def where(chapter: Chapter) -> str:
    """The chapter's time range or page as a markdown link when the source has a public link."""
    text = span(chapter)
    if chapter.start is None and chapter.page is None:
        return link(chapter.url, "link") if chapter.url else ""
    return link(chapter.url, text) if chapter.url else text
