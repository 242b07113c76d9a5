"""Streaming partial replies to a platform without ever making the model wait for it.

A platform call can be slow or rate-limited; the model's tokens keep coming regardless. Only the
newest text matters, so while one delivery is in flight, newer text replaces older text and
intermediate versions are dropped. A failed delivery is logged and the next one tries again.
"""

from __future__ import annotations

import asyncio
import inspect
import logging

from bot.conversation import PartialSink

log = logging.getLogger(__name__)

FINISH_SECONDS = 5.0  # how long the last delivery in flight may take once the reply is complete


class LatestOnly:
    def __init__(self, sink: PartialSink) -> None:
        self.sink = sink
        self._latest: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    def __call__(self, text: str) -> None:
        if self._closed:
            return
        self._latest = text
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._deliver())

    async def _deliver(self) -> None:
        while self._latest is not None and not self._closed:
            text, self._latest = self._latest, None
            try:
                result = self.sink(text)
                if inspect.isawaitable(result):
                    await result
            except Exception as e:  # a partial is a courtesy; the final reply still comes
                log.info("could not show a partial reply: %s", type(e).__name__)

    async def close(self) -> None:
        """Stop delivering; let a delivery in flight finish (briefly) so the final reply follows it."""
        self._closed = True
        task = self._task
        if task is None or task.done():
            return
        try:
            await asyncio.wait_for(asyncio.shield(task), FINISH_SECONDS)
        except (asyncio.TimeoutError, Exception):
            task.cancel()
