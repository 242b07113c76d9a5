"""Answers under way: a stop finishes them within a bounded time and says how many it could not."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class InFlight:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[object]] = set()
        self._changed = asyncio.Event()
        self.started = 0  # events taken on since the start

    @asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        """Around the handling of one event (a message, a command, a click)."""
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.started += 1
        self._changed.set()
        try:
            yield
        finally:
            self._tasks.discard(task)
            self._changed.set()

    @property
    def busy(self) -> int:
        return len(self._tasks)

    async def idle_after(self, started: int) -> None:
        """Once more than `started` events were taken on and none is under way."""
        while True:
            self._changed.clear()
            if self.started > started and not self._tasks:
                return
            await self._changed.wait()

    async def drain(self, timeout: float) -> tuple[int, int]:
        """Let the answers under way finish for up to `timeout` seconds, then cancel the rest.

        Returns (finished, cancelled).
        """
        pending = list(self._tasks)
        if not pending:
            return 0, 0
        done, late = await asyncio.wait(pending, timeout=timeout)
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late, timeout=1.0)
        return len(done), len(late)
