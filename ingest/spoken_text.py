"""Spoken transcripts made fit to quote: Whisper's repetition loops collapsed and fillers dropped, at ingest.

Speech recognisers sometimes loop, writing one sentence again and again across cues; speakers say
"um", "uh", "you know" and a filler "like,". Quotes, answers and cards are read from the stored text,
so it is cleaned once here. Every other word stays as spoken, and each word keeps its cue (so its
moment): a repeated run is dropped where it repeats, not moved.
"""

from __future__ import annotations

import re

from ingest.document import Segment

LOOP_MIN_WORDS = 3  # a run this long said twice in a row is a loop, not emphasis ("very, very")
LOOP_MAX_WORDS = 40

_HESITATION = r"(?:um+|uh+|erm+|uhm+|hmm+|mm+)"
_FILLER = rf"(?:{_HESITATION}|you know|like)"
_MARKER = re.compile(r"\b(?:okay|ok|well|yeah|yes|no|right|now|alright|oh)$", re.I)
# "had, um, opinions", "is, you know, big", "was, like, huge": the filler and its commas
_BETWEEN_COMMAS = re.compile(rf"\s*,\s*\b{_FILLER}\b\s*,\s*", re.I)
# "Um, so", "You know, it", "Like, it": a filler opening a sentence (or the cue)
_OPENING = re.compile(rf"(^|[.!?]\s+)\W*\b{_FILLER}\b\s*,\s*(\w?)", re.I)
_HESITATION_ALONE = re.compile(rf"(^|[.!?]\s+)\b{_HESITATION}\b[\s,.]*(\w?)|\s*,?\s*\b{_HESITATION}\b(?=[\s,.!?]|$)", re.I)
_CLOSING = re.compile(rf"\s*,\s*\b(?:{_HESITATION}|you know)\b(?=[.!?]|$)", re.I)
_BARE = re.compile(r"[^\w]+")


def _between(m: re.Match[str]) -> str:
    """The comma stays after a discourse marker ("Okay, um, can" -> "Okay, can"), else one space."""
    return ", " if _MARKER.search(m.string[:m.start()]) else " "


def _opening(m: re.Match[str]) -> str:
    return m.group(1) + m.group(2).upper()


def _hesitation(m: re.Match[str]) -> str:
    if m.group(1) is not None:  # at a sentence's start: the next word opens it
        return m.group(1) + (m.group(2) or "").upper()
    return ""


def without_fillers(text: str) -> str:
    """`text` without hesitations ("um", "uh") and filler phrases ("you know", a filler "like,")."""
    out = _BETWEEN_COMMAS.sub(_between, text)
    out = _OPENING.sub(_opening, out)
    out = _CLOSING.sub("", out)
    out = _HESITATION_ALONE.sub(_hesitation, out)
    return re.sub(r"\s+([,.!?;:])", r"\1", re.sub(r"\s{2,}", " ", out)).strip()


def _loops(words: list[str]) -> set[int]:
    """Indexes of words that repeat the run just before them (the second and later copies of a loop)."""
    dropped: set[int] = set()
    i, total = 0, len(words)
    while i < total:
        for n in range(LOOP_MIN_WORDS, LOOP_MAX_WORDS + 1):
            if i + 2 * n > total:
                break
            if words[i] != words[i + n] or words[i:i + n] != words[i + n:i + 2 * n]:
                continue
            copies = 2
            while i + (copies + 1) * n <= total and words[i:i + n] == words[i + copies * n:i + (copies + 1) * n]:
                copies += 1
            dropped.update(range(i + n, i + copies * n))
            i += copies * n - 1
            break
        i += 1
    return dropped


def cleaned_cues(cues: list[Segment]) -> list[Segment]:
    """The cues without fillers and with repetition loops (even across cues) said once; empty cues go."""
    texts = [without_fillers(c.text) for c in cues]
    pieces = [(i, w) for i, text in enumerate(texts) for w in text.split()]
    dropped = _loops([_BARE.sub("", w.lower()) for _, w in pieces])
    kept: dict[int, list[str]] = {}
    for k, (i, w) in enumerate(pieces):
        if k not in dropped:
            kept.setdefault(i, []).append(w)
    out: list[Segment] = []
    for i, cue in enumerate(cues):
        if i in kept:
            out.append(Segment(" ".join(kept[i]), cue.start, cue.end))
    return out
