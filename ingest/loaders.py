"""Pick the loader for a file by its name (or a URL's content type) and run it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from bot.errors import SourceError
from bot.language import tr
from ingest.budget import SourceBudget
from ingest.document import LoadedDocument
from ingest.markup import load_html, load_markdown, load_text
from ingest.pdf import load_pdf
from ingest.textdecode import decode_text
from ingest.transcripts import load_srt, load_vtt, load_youtube_json

TextLoader = Callable[[str, str, SourceBudget], LoadedDocument]

_BY_SUFFIX: dict[str, str] = {
    ".vtt": "vtt", ".webvtt": "vtt", ".srt": "srt", ".json": "youtube",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
    ".txt": "text", ".text": "text", ".rst": "text", ".adoc": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf",
}
_BY_CONTENT_TYPE: dict[str, str] = {
    "text/vtt": "vtt", "application/x-subrip": "srt", "application/json": "youtube",
    "text/markdown": "markdown", "text/x-markdown": "markdown", "text/plain": "text",
    "text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf",
}

SUPPORTED_SUFFIXES = frozenset(_BY_SUFFIX)


def detect_format(name: str, content_type: str | None = None, head: bytes = b"") -> str | None:
    """The format key for a file name, falling back to a content type and magic bytes."""
    fmt = _BY_SUFFIX.get(PurePosixPath(name).suffix.lower())
    if fmt:
        return fmt
    if content_type:
        fmt = _BY_CONTENT_TYPE.get(content_type.split(";")[0].strip().lower())
        if fmt:
            return fmt
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.lstrip().startswith(b"WEBVTT"):
        return "vtt"
    return None


def _markup(fn: Callable[[str], LoadedDocument]) -> TextLoader:
    """Markup loaders parse in one call: the raw size is checked before, the text counted after."""
    def load(text: str, what: str, budget: SourceBudget) -> LoadedDocument:
        budget.check_raw_text(len(text))
        doc = fn(text)
        budget.add_text(sum(len(s.text) for s in doc.segments))
        return doc
    return load


_TEXT_LOADERS: dict[str, TextLoader] = {
    "vtt": load_vtt, "srt": load_srt, "youtube": load_youtube_json,
    "markdown": _markup(load_markdown), "html": _markup(load_html), "text": _markup(load_text),
}


def load_bytes(data: bytes, name: str, content_type: str | None = None,
               budget: SourceBudget | None = None) -> LoadedDocument:
    """Parse raw bytes into a document within `budget`; every failure is a SourceError saying why."""
    what = name
    budget = budget or SourceBudget.unlimited(what)
    budget.check_bytes(len(data))
    if not data.strip():
        raise SourceError(tr("{what} is empty").format(what=what))
    fmt = detect_format(name, content_type, data[:16])
    if fmt is None:
        suffix = PurePosixPath(name).suffix or tr("(no extension)")
        raise SourceError(tr("{what}: unsupported file type {suffix}; supported: {supported}").format(
            what=what, suffix=suffix, supported=tr(", ").join(sorted(SUPPORTED_SUFFIXES))))
    if fmt == "pdf":
        doc = load_pdf(data, what, budget)
    else:
        doc = _TEXT_LOADERS[fmt](decode_text(data, what), what, budget)
    if not any(s.text.strip() for s in doc.segments):
        raise SourceError(tr("{what} contains no text").format(what=what))
    return doc
