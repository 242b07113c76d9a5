"""An author's chapters, as people write them: `0:00 Intro`, `05:48 Pretraining`, one per line.

The same lines come from a YouTube description, a `--chapters` file or a Markdown front
matter `chapters:`; the outline uses them instead of the chapters it would find itself.
A line without a time (front matter of an article) names a section by its heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.errors import SourceError
from bot.language import tr

Chapter = tuple[float | None, str]  # start in seconds (None: a section named by its heading), title

_TIMED = re.compile(r"^\s*(?:[-*•]\s*)?\(?((?:\d{1,2}:)?\d{1,3}:\d{2})\)?\s*(?:[-–—:|.)]\s*)?(\S.*?)\s*$")
_LONGEST_TITLE = 120


def _seconds(stamp: str) -> float:
    total = 0
    for part in stamp.split(":"):
        total = total * 60 + int(part)
    return float(total)


def timed_chapters(lines: Iterable[str]) -> list[Chapter]:
    """Every `M:SS Title` line, in the order written; other lines are ignored."""
    out: list[Chapter] = []
    for line in lines:
        m = _TIMED.match(line)
        if m and m.group(2).strip(" -–—:|"):
            out.append((_seconds(m.group(1)), m.group(2).strip(" -–—:|")[:_LONGEST_TITLE]))
    return out


def description_chapters(description: str) -> list[Chapter]:
    """Chapters as YouTube itself reads them from a description: from 0:00, at least three, in order."""
    found = timed_chapters(description.splitlines())
    starts = [s for s, _ in found]
    if len(found) < 3 or starts[0] != 0 or any(b is None or a is None or b <= a for a, b in zip(starts, starts[1:])):
        return []
    return found


def chapters_file(text: str, what: str) -> list[Chapter]:
    """A `--chapters` file; refused in words when it holds no chapter line or goes back in time."""
    found = timed_chapters(text.splitlines())
    if not found:
        raise SourceError(tr("{what} has no chapter lines; write one per line like `0:00 Intro` or `05:48 Pretraining`")
                          .format(what=what))
    for (a, _), (b, title) in zip(found, found[1:]):
        if a is not None and b is not None and b <= a:
            raise SourceError(tr("{what}: chapter “{title}” starts before the one above it; list chapters in order")
                              .format(what=what, title=title))
    return found


def front_matter_chapters(value: object) -> list[Chapter]:
    """Front matter `chapters:` as a list (`- 0:00 Intro`, `- Training`) or a block of lines."""
    lines = value.splitlines() if isinstance(value, str) else [str(v) for v in value] if isinstance(value, list) else []
    out: list[Chapter] = []
    for line in lines:
        timed = timed_chapters([line])
        if timed:
            out.extend(timed)
        elif line.strip(" -*"):
            out.append((None, line.strip(" -*")[:_LONGEST_TITLE]))
    return out


def as_payload(chapters: list[Chapter]) -> list[list[object]]:
    """How a source record keeps them (JSON): `[[start, title], ...]`."""
    return [[start, title] for start, title in chapters]
