"""One-line descriptions of a source and links to a chapter, shared by outline, summary and digest."""

from __future__ import annotations

from bot.language import tr
from bot.models import SourceRecord
from bot.study.outline.chapters import Chapter, span
from bot.text.links import format_time, link


def kind_name(kind: str) -> str:
    """What a person calls a source of this kind: "lecture", "article" (in the reply language)."""
    names = {"transcript": tr("lecture"), "pdf": tr("PDF"), "markdown": tr("article"), "html": tr("web page"),
             "text": tr("text")}
    return names.get(kind, kind)


def describe_source(record: SourceRecord, chapters: list[Chapter]) -> str:
    """"lecture, 36:45, 12 chapters"."""
    parts = [kind_name(record.kind)]
    if chapters and chapters[-1].end is not None:
        parts.append(format_time(chapters[-1].end))
    if record.kind == "transcript":
        count = tr("{n} chapter") if len(chapters) == 1 else tr("{n} chapters")
    else:
        count = tr("{n} section") if len(chapters) == 1 else tr("{n} sections")
    parts.append(count.format(n=len(chapters)))
    return tr(", ").join(parts)


def where(chapter: Chapter) -> str:
    """The chapter's time range or page as a markdown link when the source has a public link."""
    text = span(chapter)
    if chapter.start is None and chapter.page is None:
        return link(chapter.url, tr("link")) if chapter.url else ""
    return link(chapter.url, text) if chapter.url else text
