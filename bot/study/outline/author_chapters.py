"""The author's own chapters (a video description's `0:00 Intro` lines, `--chapters`, front matter).

Ingest keeps them with the source record as `extra["chapters"]`: `[[start seconds or null, title], ...]`.
Where a source has them they are its chapters, titles included, in place of detected ones.
"""

from __future__ import annotations

import bisect

from bot.models import SourceRecord
from bot.search.passages import Candidate
from bot.study.outline.boundaries import Boundary

EARLY = 1.0  # a sentence starting up to a second before the author's time opens the chapter


def author_chapters(record: SourceRecord) -> list[tuple[float | None, str]]:
    raw = record.extra.get("chapters") if isinstance(record.extra, dict) else None
    if not isinstance(raw, list):
        return []
    out: list[tuple[float | None, str]] = []
    for item in raw:
        if isinstance(item, (list, tuple)) and len(item) == 2 and str(item[1]).strip():
            start = float(item[0]) if isinstance(item[0], (int, float)) else None
            out.append((start, str(item[1]).strip()))
    return out


def author_boundaries(record: SourceRecord, sentences: list[Candidate], positions: list[float],
                      transcript: bool) -> list[Boundary]:
    """Where each of the author's chapters starts: by time in a transcript, by heading in a document.

    Chapters that match nothing (past the end, a heading the document lacks) are left out; the
    first chapter always opens at the first sentence. Empty when the source has no author's chapters.
    """
    starts: dict[int, str] = {}
    for start, title in author_chapters(record):
        if transcript and start is not None:
            i = bisect.bisect_left(positions, start - EARLY)
        elif not transcript:
            wanted = title.casefold()
            i = next((k for k, s in enumerate(sentences)
                      if wanted in (p.casefold() for p in (s.chunk.heading or "").split(" > "))), len(sentences))
        else:
            continue
        if i < len(sentences):
            starts.setdefault(i, title)
    if not starts:
        return []
    first = min(starts)
    if first != 0:
        starts[0] = starts.pop(first)
    return [Boundary(i, starts[i]) for i in sorted(starts)]
