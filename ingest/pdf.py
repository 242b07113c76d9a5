"""PDF pages as segments, page numbers kept, read within the ingest budget."""

from __future__ import annotations

import io
import re

from pypdf import PageObject, PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, IndirectObject

from bot.errors import OverBudget, SourceError
from bot.language import tr
from ingest.budget import SourceBudget, unchanged
from ingest.document import LoadedDocument, Segment

_HYPHEN_BREAK = re.compile(r"(\w)-\n(\w)")
PAGE_TEXT_LIMIT = 100_000  # characters; a dense printed page holds well under 10,000


class _PageOverflow(Exception):
    """Raised from inside pypdf's text visitor to stop reading a page at once."""


def _contents_key(page: PageObject) -> tuple[tuple[int, int], ...] | None:
    """Which stored content streams a page draws, to recognise pages that share them."""
    raw = page.get("/Contents")
    refs = raw if isinstance(raw, ArrayObject) else [raw]
    if not refs or not all(isinstance(r, IndirectObject) for r in refs):
        return None
    return tuple((r.idnum, r.generation) for r in refs)


def _page_text(page: PageObject, number: int, what: str, budget: SourceBudget) -> str:
    """The page's text, abandoned mid-page when it grows past a page's worth or the time runs out."""
    seen = 0

    def visit(text: str, *_: object) -> None:
        nonlocal seen
        seen += len(text)
        if seen > PAGE_TEXT_LIMIT:
            raise _PageOverflow
        budget.check_time()

    try:
        text = page.extract_text(visitor_text=visit) or ""
    except _PageOverflow:
        raise OverBudget(tr("{what}: page {number} holds more than {limit:,} characters of text, more than any "
                            "printed page; the PDF looks malformed. {unchanged}").format(
            what=what, number=number, limit=PAGE_TEXT_LIMIT, unchanged=unchanged())) from None
    budget.add_text(len(text))
    return _HYPHEN_BREAK.sub(r"\1\2", text)


def load_pdf(data: bytes, what: str, budget: SourceBudget | None = None) -> LoadedDocument:
    """Paragraphs per page; pages and text are counted against the budget as they are read."""
    budget = budget or SourceBudget.unlimited(what)
    if not data.startswith(b"%PDF"):
        raise SourceError(tr("{what} is not a PDF (no PDF header)").format(what=what))
    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(tr("{what} is password-protected; export an unprotected copy to add it")
                              .format(what=what))
        budget.check_pages(len(reader.pages))
        segments: list[Segment] = []
        drawn: set[tuple[tuple[int, int], ...]] = set()
        repeats = 0
        for number, page in enumerate(reader.pages, start=1):
            budget.check_time()
            key = _contents_key(page)
            if key is not None and key in drawn:
                repeats += 1  # the same drawing as an earlier page: same text, read once
                continue
            if key is not None:
                drawn.add(key)
            for para in re.split(r"\n\s*\n", _page_text(page, number, what, budget)):
                para = " ".join(para.split())
                if para:
                    segments.append(Segment(para, page=number))
        title = (reader.metadata.title if reader.metadata else None) or None
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise SourceError(tr("{what} is a damaged PDF that cannot be read ({error})")
                          .format(what=what, error=e)) from None
    except Exception as e:  # pypdf raises many kinds on broken files
        if "decrypt" in str(e).lower() or "crypt" in type(e).__name__.lower():
            raise SourceError(tr("{what} is encrypted in a way that cannot be read").format(what=what)) from None
        raise SourceError(tr("{what} is a damaged PDF that cannot be read ({error})")
                          .format(what=what, error=type(e).__name__)) from None
    if not segments:
        raise SourceError(tr("{what} has no extractable text (a scanned PDF needs OCR first)").format(what=what))
    if repeats:
        warnings.append(f"{repeats} page{'s' if repeats > 1 else ''} repeating an earlier page's content "
                        "were read once")
    return LoadedDocument(kind="pdf", segments=segments, title=str(title).strip() if title else None,
                          warnings=warnings)
