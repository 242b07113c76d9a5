"""Timed transcripts: WebVTT, SRT and YouTube transcript JSON, timestamps kept."""

from __future__ import annotations

import json
import re

import srt
import webvtt
from webvtt.errors import MalformedFileError

from bot.errors import SourceError
from bot.language import tr
from ingest.budget import SourceBudget
from ingest.cue_check import BadCues, scan_vtt_timings
from ingest.document import LoadedDocument, Segment
from ingest.spoken_text import cleaned_cues

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACE.sub(" ", _TAG.sub("", text)).strip()


def _seconds(stamp: str) -> float:
    """'01:02:03.450' or '02:03.450' -> seconds (webvtt-py rounds to whole seconds)."""
    total = 0.0
    for part in stamp.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return total


def _transcript(cues: list[Segment], what: str, warnings: list[str] | None = None) -> LoadedDocument:
    cues = cleaned_cues(_merge_rolling(cues))
    warnings = warnings or []
    if not cues:
        if warnings:
            raise SourceError(tr("{what} has no spoken text ({why})").format(what=what, why=tr("; ").join(warnings)))
        raise SourceError(tr("{what} has no spoken text").format(what=what))
    return LoadedDocument(kind="transcript", segments=cues, warnings=warnings)


def _merge_rolling(cues: list[Segment]) -> list[Segment]:
    """Drop empty cues and the repeated text of auto-captions' rolling display."""
    out: list[Segment] = []
    previous = ""
    for cue in cues:
        text = cue.text
        if previous and text.startswith(previous):
            text = text[len(previous):].strip()
        previous = cue.text or previous
        if text:
            out.append(Segment(text, cue.start, cue.end))
    return out


def load_vtt(text: str, what: str, budget: SourceBudget | None = None) -> LoadedDocument:
    """WebVTT cues, read by webvtt-py after a cheap scan that counts them and notes bad timings."""
    budget = budget or SourceBudget.unlimited(what)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = scan_vtt_timings(text, budget)
    try:
        captions = webvtt.from_string(text).captions
    except MalformedFileError as e:
        raise SourceError(tr("{what} is not a valid WebVTT file ({error})").format(what=what, error=e)) from None
    cues: list[Segment] = []
    for c in captions:
        start, end = _seconds(c.start), _seconds(c.end)
        if end >= start:  # reversed cues were counted by the scan
            budget.add_text(len(c.text))
            cues.append(Segment(_clean(c.text), start, end))
    return _transcript(cues, what, bad.warnings())


def load_srt(text: str, what: str, budget: SourceBudget | None = None) -> LoadedDocument:
    budget = budget or SourceBudget.unlimited(what)
    bad = BadCues()
    cues: list[Segment] = []
    try:
        for count, sub in enumerate(srt.parse(text), start=1):
            budget.check_cues(count)
            if count % 10_000 == 0:
                budget.check_time()
            if sub.end < sub.start:
                bad.reversed.note(tr("cue {n}").format(n=sub.index))
                continue
            budget.add_text(len(sub.content))
            cues.append(Segment(_clean(sub.content), sub.start.total_seconds(), sub.end.total_seconds()))
    except (srt.SRTParseError, ValueError) as e:
        raise SourceError(tr("{what} is not a valid SRT file ({error})").format(what=what, error=e)) from None
    return _transcript(cues, what, bad.warnings())


def load_youtube_json(text: str, what: str, budget: SourceBudget | None = None) -> LoadedDocument:
    """A list of {"text", "start", "duration"} as YouTube transcript tools export it."""
    budget = budget or SourceBudget.unlimited(what)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise SourceError(tr("{what} is not valid JSON ({error} at line {line})")
                          .format(what=what, error=e.msg, line=e.lineno)) from None
    if isinstance(data, dict):
        data = data.get("transcript") or data.get("segments") or data.get("events")
    if not isinstance(data, list) or not all(isinstance(x, dict) and "text" in x and "start" in x for x in data):
        raise SourceError(tr("{what} is JSON but not a transcript (expected a list of {{text, start, duration}})")
                          .format(what=what))
    budget.check_cues(len(data))
    bad = BadCues()
    cues: list[Segment] = []
    try:
        for i, x in enumerate(data, start=1):
            start, duration = float(x["start"]), float(x.get("duration") or 0)
            if duration < 0:
                bad.reversed.note(tr("entry {n}").format(n=i))
                continue
            budget.add_text(len(str(x["text"])))
            cues.append(Segment(_clean(str(x["text"])), start, start + duration))
    except (TypeError, ValueError):
        raise SourceError(tr("{what} has a cue whose start or duration is not a number").format(what=what)) from None
    return _transcript(cues, what, bad.warnings())
