"""Sentence boundaries for English and CJK text, without a model download."""

from __future__ import annotations

import re

# End of a sentence: ./!/? followed by space and an upper-case letter, digit, quote or
# bracket, or a CJK full stop (which needs no space after it). A speech recogniser may start
# sentences in lower case ("…one for each timestep. in the original paper…"): after a word of
# two letters or more, a lower-case start counts too ("U.S. government", "a.m. on" do not).
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[A-Z0-9\u4e00-\u9fff])|(?<=\w\w[.!?])\s+(?=[a-z])|(?<=[。！？；][”’」』）])\s*|(?<=[。！？；])(?![”’」』）])\s*|(?<=[\u4e00-\u9fff];)\s*|\n{2,}"
)
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|Dr|Mr|Mrs|Ms|Prof|Fig|No|approx|al|Inc|Ltd|Co|Jr|Sr|St|ca|resp|"
                     r"incl|esp|Sec|Ch|Vol|Eq|Ref|pp)\.$", re.I)


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


_CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def reading_length(text: str) -> int:
    """How long a text reads, in English characters: a Chinese character says about as much as three,
    so chunks, quotes and context windows hold about as much meaning in either language."""
    return len(text) + 2 * len(_CJK_CHAR.findall(text))


def joined(left: str, right: str) -> str:
    """What goes between two pieces of running text: nothing between Chinese ones, else a space."""
    return "" if _CJK_CHAR.match(right[:1]) and _CJK_CHAR.match(left[-1:]) else " "
