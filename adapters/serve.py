"""One asyncio process runs the chosen adapters side by side until it is stopped."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from adapters.ops_http import run_ops
from bot.bootstrap import Services
from bot.digest.scheduler import DigestPoster, run_scheduler
from bot.errors import UserError
from bot.logs import configure_logging

log = logging.getLogger(__name__)


async def serve_forever(services: Services, *, slack: bool, discord: bool, port: int) -> None:
    """Adapters, the digest scheduler and the ops endpoints, until cancelled."""
    posters: dict[str, DigestPoster] = {}  # each adapter adds its own once its client exists
    jobs: list[Coroutine[Any, Any, None]] = []
    if slack:
        from adapters.slack import run_slack

        jobs.append(run_slack(services, port, posters))
    if discord:
        from adapters.discord import run_discord

        jobs.append(run_discord(services, posters))
    if not jobs:
        raise UserError("Nothing to serve: choose --slack and/or --discord.")
    s = services.settings
    configure_logging(s.log_level, secrets=s.secret_values(), message_text=s.log_message_text)
    stop = asyncio.Event()
    jobs += [run_ops(services, services.settings.ops_port), run_scheduler(services, posters, stop)]
    log.info("serving slack=%s discord=%s ops_port=%s", slack, discord, services.settings.ops_port)
    try:
        await asyncio.gather(*jobs)
    finally:
        stop.set()
