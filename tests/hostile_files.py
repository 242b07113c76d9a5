"""Files built to exhaust an ingest: tiny on disk, huge once parsed. Generated, never committed."""

from __future__ import annotations

import io

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject

LINE = "the quick brown fox jumps over the lazy dog"


def shared_stream_pdf(pages: int, stream_bytes: int = 2_000_000) -> bytes:
    """Every page draws the same Flate-compressed content stream of `stream_bytes` text operators."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.text(20, 20, "seed")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(pdf.output()))))
    first = writer.pages[0]
    font = next(iter(first["/Resources"]["/Font"]))  # the name fpdf2 gave Helvetica
    op = f"BT {font} 10 Tf 72 720 Td ({LINE}) Tj ET\n".encode()
    content = ContentStream(None, writer)
    content.set_data(op * (stream_bytes // len(op)))
    first.replace_contents(content)
    first.compress_content_streams()
    shared = first.raw_get("/Contents")
    for _ in range(pages - 1):
        page = writer.add_blank_page()
        page[NameObject("/Resources")] = first.raw_get("/Resources")
        page[NameObject("/Contents")] = shared
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def many_cue_vtt(cues: int) -> bytes:
    """A WebVTT file with `cues` one-word cues."""
    parts = ["WEBVTT\n"]
    for i in range(cues):
        s, ms = divmod(i, 1000)
        h, rem = divmod(s, 3600)
        m, sec = divmod(rem, 60)
        stamp = f"{h:02d}:{m:02d}:{sec:02d}.{ms:03d}"
        parts.append(f"\n{stamp} --> {stamp}\nw{i % 10}\n")
    return "".join(parts).encode()
