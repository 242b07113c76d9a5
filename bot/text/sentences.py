"""Sentence boundaries for English and CJK text, without a model download."""

from __future__ import annotations

import re

# End of a sentence: ./!/? followed by space and an upper-case letter, digit, quote or
# bracket, or a CJK full stop (which needs no space after it).
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[A-Z0-9\u4e00-\u9fff])|(?<=[。！？；])\s*|\n{2,}"
)
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|Dr|Mr|Mrs|Ms|Prof|Fig|No|approx)\.$", re.I)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping abbreviations such as "e.g." intact."""
    pieces: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        candidate = text[start:m.start()].strip()
        if not candidate:
            continue
        if _ABBREV.search(candidate):
            continue
        pieces.append(candidate)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces
