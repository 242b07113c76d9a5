"""What a loader produces: a document as ordered, located segments."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Segment:
    """One unit of source text with where it sits: a cue, a paragraph, a page."""

    text: str
    start: float | None = None  # seconds, transcripts
    end: float | None = None
    page: int | None = None  # 1-based, PDFs
    heading: tuple[str, ...] = ()  # heading path, Markdown/HTML
    anchor: str | None = None  # fragment id of the heading, when the source has one


@dataclass
class LoadedDocument:
    kind: str  # transcript | pdf | markdown | html | text
    segments: list[Segment]
    title: str | None = None  # the document's own title, when it names one
    url: str | None = None  # a public http(s) link the document declares (front matter)
    meta: dict[str, str] = field(default_factory=dict)
    chapters: list[tuple[float | None, str]] = field(default_factory=list)  # the author's (ingest/chapters.py)
    warnings: list[str] = field(default_factory=list)  # what was left out and why, for the ingest report
