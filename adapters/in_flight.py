"""Work under way on any platform: kept referenced, logged if it fails, finished or cancelled on stop.

Slack acknowledges an event first and answers in a task of its own (`spawn`); Discord answers inside
the handler discord.py runs (`track`). Either way a stop lets what was accepted finish within a bound
(`drain`) and reports the true counts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mark:
    """The counters at one moment (a stop being asked for), to count what came after."""

    busy: int
    started: int
    finished: int


class InFlight:
    def __init__(self, name: str = "work") -> None:
        self.name = name
        self._tasks: set[asyncio.Task[Any]] = set()
        self._changed: asyncio.Event | None = None
        self.started = 0  # pieces of work taken on since the start
        self.finished = 0  # that ran to their end (or failed)

    def spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run `work` in a task of its own, tracked until it ends."""
        task = asyncio.create_task(work)
        self._add(task)
        task.add_done_callback(self._done)
        return task

    @asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        """Around work the current task does itself (handling one event, command or click)."""
        task = asyncio.current_task()
        assert task is not None
        self._add(task)
        cancelled = False
        try:
            yield
        except asyncio.CancelledError:
            cancelled = True  # cut short by a stop: dropped, not finished
            raise
        finally:
            self._discard(task)
            if not cancelled:
                self.finished += 1

    def _add(self, task: asyncio.Task[Any]) -> None:
        self._tasks.add(task)
        self.started += 1
        self._signal()

    def _discard(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        self._signal()

    def _signal(self) -> None:
        if self._changed is not None:
            self._changed.set()

    def _done(self, task: asyncio.Task[None]) -> None:
        self._discard(task)
        if task.cancelled():
            return
        self.finished += 1
        if task.exception() is not None:
            log.error("%s failed", self.name, exc_info=task.exception())

    def mark(self) -> Mark:
        return Mark(len(self._tasks), self.started, self.finished)

    def since(self, mark: Mark) -> tuple[int, int]:
        """(finished, under way) since `mark`: what was under way then, and what was taken on after."""
        return self.finished - mark.finished, mark.busy + self.started - mark.started

    @property
    def busy(self) -> int:
        return len(self._tasks)

    def __len__(self) -> int:
        return len(self._tasks)

    async def idle_after(self, started: int) -> None:
        """Once more than `started` pieces of work were taken on and none is under way."""
        self._changed = self._changed or asyncio.Event()
        while True:
            self._changed.clear()
            if self.started > started and not self._tasks:
                return
            await self._changed.wait()

    async def settle(self, timeout: float | None = None) -> bool:
        """Wait for all work, including work started meanwhile; False if some is still running."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while self._tasks:
            left = None if deadline is None else deadline - loop.time()
            if left is not None and left <= 0:
                return False
            await asyncio.wait(set(self._tasks), timeout=left)
        return True

    async def drain(self, timeout: float) -> tuple[int, int]:
        """Let the work under way finish for up to `timeout` seconds, then cancel the rest.

        Returns (finished meanwhile, cancelled)."""
        finished_before = self.finished
        cancelled = 0
        if not await self.settle(timeout):
            late = list(self._tasks)
            for task in late:
                task.cancel()
            cancelled = len(late)
            await asyncio.wait(late, timeout=1.0)
        return self.finished - finished_before, cancelled
