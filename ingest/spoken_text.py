"""Spoken transcripts made fit to quote: Whisper's repetition loops collapsed and fillers dropped, at ingest.

Speech recognisers sometimes loop, writing one sentence again and again across cues; speakers say
"um", "uh", "you know" and a filler "like,", and stumble on a small word ("the the page", "I'm, I'm
excited"). Quotes, answers and cards are read from the stored text,
so it is cleaned once here. Every other word stays as spoken, and each word keeps its cue (so its
moment): a repeated run is dropped where it repeats, not moved.
"""

from __future__ import annotations

import re

from ingest.document import Segment

LOOP_MIN_WORDS = 3  # a run this long said twice in a row is a loop, not emphasis ("very, very")
LOOP_MAX_WORDS = 40
STUTTER_MAX_WORDS = 2  # "the the", "it's a, it's a": small words said again as the speaker finds the next one
# Small words whose repetition is a stumble ("no, no", "very, very" are said on purpose, "that that" is
# grammar), written as compared: lower case, without punctuation.
_STUMBLED = frozenset("""a an the i im ive we were you it its is are was this thats there theres of to in on at
and or but if for with as be can will""".split())

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
_ENDS_ON_FILLER = re.compile(rf"[.!?]\s+\W*\b{_FILLER}\b[\s,.]*$", re.I)


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


def _loops(words: list[str], stops: list[str]) -> set[int]:
    """Indexes of words that repeat the run just before them (the second and later copies of a loop).

    `stops` holds each word's trailing punctuation: copies of a loop are punctuated alike, while a term said
    again to go on about it ("…is the write-ahead log. The write-ahead log, the file where…") is no loop."""
    dropped: set[int] = set()
    i, total = 0, len(words)
    while i < total:
        for n in range(LOOP_MIN_WORDS, LOOP_MAX_WORDS + 1):
            if i + 2 * n > total:
                break
            if (words[i] != words[i + n] or words[i:i + n] != words[i + n:i + 2 * n]
                    or stops[i:i + n] != stops[i + n:i + 2 * n]):
                continue
            copies = 2
            while i + (copies + 1) * n <= total and words[i:i + n] == words[i + copies * n:i + (copies + 1) * n]:
                copies += 1
            dropped.update(range(i + n, i + copies * n))
            i += copies * n - 1
            break
        i += 1
    return dropped


def _stutters(words: list[str], ends: list[bool]) -> set[int]:
    """Indexes of small words that repeat the one or two just before them in the same sentence ("the the",
    "it's a, it's a"); `ends` marks the words that end a sentence."""
    dropped: set[int] = set()
    for i in range(len(words)):
        for n in range(1, STUTTER_MAX_WORDS + 1):
            run = words[i - n:i]
            if (i >= n and words[i:i + n] == run and all(w in _STUMBLED for w in run) and not ends[i - 1]
                    and not dropped & set(range(i - n, i))):
                dropped.update(range(i, i + n))
                break
    return dropped


def cleaned_cues(cues: list[Segment]) -> list[Segment]:
    """The cues without fillers, stumbles and with repetition loops (even across cues) said once; empty cues go."""
    texts = [without_fillers(c.text) for c in cues]
    pieces = [(i, w) for i, text in enumerate(texts) for w in text.split()]
    bare = [_BARE.sub("", w.lower()) for _, w in pieces]
    stops = [w[len(w.rstrip(".,;:!?")):] for _, w in pieces]
    stumbles = _stutters(bare, [any(c in ".!?" for c in stop) for stop in stops])
    dropped = _loops(bare, stops) | stumbles
    for k in stumbles - {k + 1 for k in stumbles}:  # "I'm, I'm a" -> "I'm a": the stumble's comma goes too
        i, w = pieces[k - 1]
        pieces[k - 1] = (i, w.removesuffix(","))
    kept: dict[int, list[str]] = {}
    for k, (i, w) in enumerate(pieces):
        if k not in dropped:
            kept.setdefault(i, []).append(w)
    out: list[Segment] = []
    opens = False  # the cue before ended on a sentence and then a filler ("Great question. Um,")
    for i, cue in enumerate(cues):
        if i in kept:
            text = " ".join(kept[i])
            out.append(Segment(text[:1].upper() + text[1:] if opens else text, cue.start, cue.end))
        opens = bool(_ENDS_ON_FILLER.search(cue.text)) or (opens and i not in kept)
    return out
