"""PDF pages as segments, page numbers kept."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from bot.errors import SourceError
from ingest.document import LoadedDocument, Segment

_HYPHEN_BREAK = re.compile(r"(\w)-\n(\w)")


def load_pdf(data: bytes, what: str) -> LoadedDocument:
    if not data.startswith(b"%PDF"):
        raise SourceError(f"{what} is not a PDF (no PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(f"{what} is password-protected; export an unprotected copy to add it")
        segments: list[Segment] = []
        for number, page in enumerate(reader.pages, start=1):
            text = _HYPHEN_BREAK.sub(r"\1\2", page.extract_text() or "")
            for para in re.split(r"\n\s*\n", text):
                para = " ".join(para.split())
                if para:
                    segments.append(Segment(para, page=number))
        title = (reader.metadata.title if reader.metadata else None) or None
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise SourceError(f"{what} is a damaged PDF that cannot be read ({e})") from None
    except Exception as e:  # pypdf raises many kinds on broken files
        if "decrypt" in str(e).lower() or "crypt" in type(e).__name__.lower():
            raise SourceError(f"{what} is encrypted in a way that cannot be read") from None
        raise SourceError(f"{what} is a damaged PDF that cannot be read ({type(e).__name__})") from None
    if not segments:
        raise SourceError(f"{what} has no extractable text (a scanned PDF needs OCR first)")
    return LoadedDocument(kind="pdf", segments=segments, title=str(title).strip() if title else None)
