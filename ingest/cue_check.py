"""Cue timings checked before a transcript is parsed: counted against the budget, bad ones reported.

webvtt-py drops a cue whose timestamp it cannot read without a word, and accepts one
that ends before it starts. One cheap pass over the timing lines (str.find, no list of
lines) counts the cues, so a file with a million of them is refused before the parser
builds a million objects, and notes where the malformed and reversed ones are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from webvtt.errors import MalformedCaptionError
from webvtt.models import Timestamp
from webvtt.vtt import WebVTTCueBlock

from bot.language import tr
from ingest.budget import SourceBudget


@dataclass
class Tally:
    """How many cues had one problem, and where the first one is."""

    count: int = 0
    first: str | None = None

    def note(self, where: str) -> None:
        self.count += 1
        self.first = self.first or where

    def said(self, one: str, many: str) -> str:
        """The template `one` or `many` (with {n} and {where}) that fits the count, filled in."""
        return (one if self.count == 1 else many).format(n=self.count, where=self.first)


@dataclass
class BadCues:
    malformed: Tally = field(default_factory=Tally)
    reversed: Tally = field(default_factory=Tally)

    def warnings(self) -> list[str]:
        """One line per problem for the ingest report; the other cues are kept."""
        out = []
        if self.malformed.count:
            out.append(self.malformed.said(tr("{n} cue with a malformed timestamp was left out (first at {where})"),
                                           tr("{n} cues with a malformed timestamp were left out (first at {where})")))
        if self.reversed.count:
            out.append(self.reversed.said(tr("{n} cue with an end before its start was left out (first at {where})"),
                                          tr("{n} cues with an end before its start were left out (first at {where})")))
        return out


def _timing_ok(line: str) -> bool | None:
    """True for good timings, False when the end comes before the start, None when unreadable."""
    match = WebVTTCueBlock.CUE_TIMINGS_PATTERN.match(line)
    if not match:
        return None
    try:
        start, end = Timestamp.from_string(match.group(1)), Timestamp.from_string(match.group(2))
    except MalformedCaptionError:
        return None
    return end >= start


def scan_vtt_timings(text: str, budget: SourceBudget) -> BadCues:
    """Every line with "-->" is a cue's timings; `text` has "\\n" line ends only."""
    bad = BadCues()
    cues, line_number, counted_to = 0, 1, 0
    arrow = text.find("-->")
    while arrow != -1:
        start = text.rfind("\n", 0, arrow) + 1
        end = text.find("\n", arrow)
        end = len(text) if end == -1 else end
        line_number += text.count("\n", counted_to, start)
        counted_to = start
        cues += 1
        budget.check_cues(cues)
        if cues % 10_000 == 0:
            budget.check_time()
        ok = _timing_ok(text[start:end])
        if ok is None:
            bad.malformed.note(tr("line {n}").format(n=line_number))
        elif not ok:
            bad.reversed.note(tr("line {n}").format(n=line_number))
        arrow = text.find("-->", end)
    return bad
