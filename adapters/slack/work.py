"""Work started after Slack was acknowledged: kept referenced, logged if it escapes, drained on stop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class InFlight:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self.finished = 0  # tasks that ran to their end (or failed), since start

    def spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        self.finished += 1
        if task.exception() is not None:
            log.error("Slack work failed", exc_info=task.exception())

    def __len__(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait for all work (including work started meanwhile); False if some is still running."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while self._tasks:
            left = None if deadline is None else deadline - loop.time()
            if left is not None and left <= 0:
                return False
            await asyncio.wait(set(self._tasks), timeout=left)
        return True

    def cancel(self) -> int:
        """Cancel what is left; returns how many were dropped."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        return len(tasks)
