"""Chapter boundaries from content: spoken transitions first, topic shifts to fill long stretches.

Works on a source's sentences in order, each with a position (seconds for transcripts,
characters for documents) and a topic-shift score (how clearly a new topic starts
there, from `topic_shifts`). Returns the sentence indices where chapters start and,
for each, the topic a speaker announced there, if any.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from bot.study.transitions import (
    QUESTIONS_TITLE,
    announced_topic,
    opens_questions,
    strength,
)
from bot.text.sentence_roles import goes_on

_LEAD_IN = re.compile(r"^(?:okay|ok|alright|all right|so|now|right|but|well|good)\b", re.I)
LEAD_IN_SECONDS = 12.0
QUESTIONS_FROM = 0.8  # where in a talk (its share) the audience's questions it ends with are looked for
CHAPTERS = 12  # how many chapters a talk of an hour or less has, about (YouTube authors give 10 to 15)


@dataclass(frozen=True)
class Boundary:
    index: int  # sentence where the chapter starts
    topic: str | None  # what the speaker said comes next


@dataclass(frozen=True)
class Pacing:
    """How long chapters should be, in the unit of the positions."""

    target: float
    min_gap: float  # two boundaries never sit closer than this
    transition_gap: float  # ... unless announced out loud, then this

    @classmethod
    def for_transcript(cls, seconds: float) -> Pacing:
        target = min(max(seconds / CHAPTERS, 90.0), 480.0)
        return cls(target, 0.35 * target, min(60.0, 0.35 * target))

    @classmethod
    def for_text(cls, chars: float) -> Pacing:
        target = min(max(chars / 8, 1500.0), 8000.0)
        return cls(target, 0.35 * target, 0.35 * target)


def _lead_in(texts: list[str], positions: list[float], i: int, floor: int, seconds: bool) -> int:
    """Start a chapter at the bridging question or "Okay, so ..." just before its transition."""
    start = i
    for j in (i - 1, i - 2):
        if j <= floor or (seconds and positions[i] - positions[j] > LEAD_IN_SECONDS):
            break
        text = texts[j].strip()
        if text.endswith("?") or _LEAD_IN.match(text):
            start = j
        else:
            break
    return start


def detect_boundaries(texts: list[str], shifts: list[float], positions: list[float], total: float,
                      pacing: Pacing, spoken: bool = True) -> list[Boundary]:
    """Chapter starts (always including sentence 0), in order."""
    n = len(texts)
    if n == 0:
        return []
    positive = [s for s in shifts if s > 0]
    typical = statistics.median(positive) if positive else 0.0
    starts: dict[int, str | None] = {0: None}
    if spoken:
        last = 0
        for i in range(1, n):
            kind = strength(texts[i])
            local_shift = max((shifts[j] for j in range(max(1, i - 12), min(n, i + 12))
                               if abs(positions[j] - positions[i]) <= pacing.min_gap / 2), default=0.0)
            if kind == 0 or (kind == 1 and local_shift < typical):
                continue
            topic = announced_topic(texts[i])
            if positions[i] - positions[last] < pacing.transition_gap:
                # the same transition said twice ("That brings us to ... Let's move on to ..."): keep the crisper topic
                if last in starts and topic and (starts[last] is None or len(topic) < len(starts[last] or "")):
                    starts[last] = topic if last else starts[last]
                continue
            at = _lead_in(texts, positions, i, last, spoken)
            starts[at] = topic
            last = at
        asked = next((i for i in range(last + 1, n)  # after the talk's last announced topic
                      if positions[i] >= QUESTIONS_FROM * total and opens_questions(texts[i:])), None)
        if asked is not None and all(abs(positions[asked] - positions[i]) >= pacing.transition_gap for i in starts):
            starts[asked] = QUESTIONS_TITLE  # the audience's questions are a chapter of their own
    return _fill_long_stretches(starts, texts, shifts, positions, total, pacing)


def _fill_long_stretches(starts: dict[int, str | None], texts: list[str], shifts: list[float], positions: list[float],
                         total: float, pacing: Pacing) -> list[Boundary]:
    """Split any chapter much longer than the target at its clearest topic shift, recursively; where shifts
    tie (a short talk has few passages to compare), at a sentence a speaker opens a stretch with ("So,
    tokenization."), the first such."""
    cuts = sorted(starts)
    changed = True
    while changed:
        changed = False
        edges = cuts + [len(positions)]
        for a, b in zip(edges, edges[1:]):
            end = positions[b] if b < len(positions) else total
            if end - positions[a] <= 1.6 * pacing.target:
                continue
            inside = [i for i in range(a + 1, b)
                      if positions[i] - positions[a] >= pacing.min_gap and end - positions[i] >= pacing.min_gap]
            inside = [i for i in inside if not goes_on(texts[i])]  # a chapter never starts mid-thought
            if not inside:
                continue
            best = max(inside, key=lambda i: (shifts[i], bool(_LEAD_IN.match(texts[i].strip())), -i))
            cuts = sorted(cuts + [best])
            starts[best] = None
            changed = True
            break
    return [Boundary(i, starts.get(i)) for i in cuts]
