"""One asyncio process runs the chosen adapters side by side until it is stopped."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from bot.bootstrap import Services
from bot.errors import UserError

log = logging.getLogger(__name__)


async def serve_forever(services: Services, *, slack: bool, discord: bool, port: int) -> None:
    jobs: list[Coroutine[Any, Any, None]] = []
    if slack:
        from adapters.slack import run_slack

        jobs.append(run_slack(services, port))
    if discord:
        from adapters.discord import run_discord

        jobs.append(run_discord(services))
    if not jobs:
        raise UserError("Nothing to serve: choose --slack and/or --discord.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    await asyncio.gather(*jobs)
