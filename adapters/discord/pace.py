"""How often a streaming answer may edit its Discord message.

Discord rate-limits message edits (a few per few seconds per channel); an answer that edited on
every token would be throttled, and its final version delayed. One edit per PACE_SECONDS keeps
well inside the limits; updates in between are skipped, as the next one carries all the text.
"""

from __future__ import annotations

import time

PACE_SECONDS = 1.5
clock = time.monotonic  # tests stop it to count edits without depending on time


class Pace:
    def __init__(self, seconds: float = PACE_SECONDS) -> None:
        self.seconds = seconds
        self._last: float | None = None

    def due(self) -> bool:
        """True (and the time is taken) when an edit may be made now."""
        now = clock()
        if self._last is not None and now - self._last < self.seconds:
            return False
        self._last = now
        return True
