"""Timed transcripts: WebVTT, SRT and YouTube transcript JSON, timestamps kept."""

from __future__ import annotations

import json
import re

import srt
import webvtt
from webvtt.errors import MalformedFileError

from bot.errors import SourceError
from ingest.document import LoadedDocument, Segment

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


def _transcript(cues: list[Segment], what: str) -> LoadedDocument:
    cues = _merge_rolling(cues)
    if not cues:
        raise SourceError(f"{what} has no spoken text")
    return LoadedDocument(kind="transcript", segments=cues)


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


def load_vtt(text: str, what: str) -> LoadedDocument:
    try:
        captions = webvtt.from_string(text).captions
    except MalformedFileError as e:
        raise SourceError(f"{what} is not a valid WebVTT file ({e})") from None
    cues = [Segment(_clean(c.text), _seconds(c.start), _seconds(c.end)) for c in captions]
    return _transcript(cues, what)


def load_srt(text: str, what: str) -> LoadedDocument:
    try:
        subs = list(srt.parse(text))
    except (srt.SRTParseError, ValueError) as e:
        raise SourceError(f"{what} is not a valid SRT file ({e})") from None
    cues = [Segment(_clean(s.content), s.start.total_seconds(), s.end.total_seconds()) for s in subs]
    return _transcript(cues, what)


def load_youtube_json(text: str, what: str) -> LoadedDocument:
    """A list of {"text", "start", "duration"} as YouTube transcript tools export it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise SourceError(f"{what} is not valid JSON ({e.msg} at line {e.lineno})") from None
    if isinstance(data, dict):
        data = data.get("transcript") or data.get("segments") or data.get("events")
    if not isinstance(data, list) or not all(isinstance(x, dict) and "text" in x and "start" in x for x in data):
        raise SourceError(f"{what} is JSON but not a transcript (expected a list of {{text, start, duration}})")
    try:
        cues = [
            Segment(_clean(str(x["text"])), float(x["start"]), float(x["start"]) + float(x.get("duration") or 0))
            for x in data
        ]
    except (TypeError, ValueError):
        raise SourceError(f"{what} has a cue whose start or duration is not a number") from None
    return _transcript(cues, what)
