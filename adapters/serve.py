"""One asyncio process runs the chosen adapters side by side until it is stopped, with the digest
scheduler, the sender of each person's daily reviews and the removal of tenants whose grace period
after an uninstall is over.

With the embedded index, serve opens it at start (so it owns the data dir) and takes jobs from
the CLI (`studybot ingest`, `sources`, `search`) on a Unix socket in the data dir.

SIGTERM (how Docker and Kubernetes stop a container) and SIGINT stop it gracefully: the adapters
stop taking events and finish the answers under way (each within its own bounded drain time), the
scheduler, the ops endpoints and the local socket stop, and the caller then closes clients and the
private Redis.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Coroutine
from typing import Any

from adapters.local_jobs import LocalJobs
from adapters.local_socket import LocalSocket
from adapters.ops_http import run_ops
from bot.bootstrap import Services, digest_scheduler, review_sender
from bot.errors import UserError
from bot.events import Poster
from bot.runtime.logs import configure_logging
from bot.text.chinese_english import prepare as prepare_chinese

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


async def serve_forever(services: Services, *, slack: bool, discord: bool, port: int, host: str | None = None,
                        stop: asyncio.Event | None = None) -> None:
    """Adapters, the digest scheduler and the ops endpoints, until a stop signal (or `stop` is set)."""
    if not (slack or discord):
        raise UserError("Nothing to serve: choose --slack and/or --discord.")
    settings = services.settings
    configure_logging(settings.log_level, secrets=settings.secret_values(), message_text=settings.log_message_text)
    local = None
    if settings.embedded_index:
        await services.index.ensure()  # own the data dir now: a second serve or CLI is told at once
        local = LocalSocket.listen(LocalJobs(services), settings.serve_socket)
    posters: dict[str, Poster] = {}  # each adapter adds its own once its client exists
    adapters: list[Coroutine[Any, Any, None]] = []
    if slack:
        from adapters.slack.run import run_slack

        adapters.append(run_slack(services.chat, port, posters, host=host or settings.host))
    if discord:
        from adapters.discord import run_discord

        adapters.append(run_discord(services.chat, posters))
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    scheduler = digest_scheduler(services, posters)
    reviews = review_sender(services, posters)
    tasks = [asyncio.create_task(job) for job in adapters]
    warming = asyncio.create_task(asyncio.to_thread(prepare_chinese))  # the first Chinese question waits less
    tasks.append(asyncio.create_task(run_ops(services.ops, settings.ops_port, settings.ops_host)))
    tasks.append(asyncio.create_task(scheduler.run_forever(stop, settings.digest_tick_seconds)))
    tasks.append(asyncio.create_task(services.tenants.run_forever(stop)))  # removals after a grace period
    tasks.append(asyncio.create_task(reviews.run_forever(stop, settings.digest_tick_seconds)))
    if local is not None:
        tasks.append(asyncio.create_task(local.run()))
    stopping = asyncio.create_task(stop.wait())
    log.info("serving slack=%s discord=%s ops=%s:%s", slack, discord, settings.ops_host, settings.ops_port)
    try:
        done, _ = await asyncio.wait([*tasks, stopping], return_when=asyncio.FIRST_COMPLETED)
        failed = [t for t in done if t is not stopping and not t.cancelled() and t.exception() is not None]
        if stopping in done:
            log.info("stop requested: finishing the answers under way")
    finally:
        stop.set()
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)
        for task in tasks:
            task.cancel()  # adapters drain their work in flight while being cancelled
        await asyncio.gather(*tasks, warming, return_exceptions=True)
        stopping.cancel()
    if failed:
        raise failed[0].exception()  # type: ignore[misc]
    log.info("stopped")
