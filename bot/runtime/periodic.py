"""The loop behind every background job of `serve` (digests, reviews, tenant removals): do the work,
wait, again, until stopped; a failed round is logged and the next one runs as usual."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def every(seconds: float, work: Callable[[], Awaitable[object]], stop: asyncio.Event, failed: str) -> None:
    """Run `work` every `seconds` until `stop` is set; `failed` names a failed round in the log."""
    while not stop.is_set():
        try:
            await work()
        except Exception:
            log.exception(failed)
        try:
            await asyncio.wait_for(stop.wait(), timeout=seconds)
        except asyncio.TimeoutError:
            pass
