"""Serving Slack until cancelled: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on /slack/events.
When workspaces install the app (OAuth), the install pages are served over HTTP in either mode.

When cancelled (SIGTERM, SIGINT), it first stops taking events, then lets the answers under way
finish for up to DRAIN_SECONDS, logs how many finished and how many were dropped, and cancels the rest.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator

from adapters.in_flight import InFlight, Mark
from adapters.slack.app import build_app, signing_secret
from adapters.slack.credentials import check_credentials
from adapters.slack.digest_poster import SlackDigestPoster
from adapters.slack.http_mode import EVENTS_PATH, web_app
from adapters.slack.installations import RedisInstallationStore
from adapters.slack.workspaces import WorkspaceClients
from bot.bootstrap import ChatFacade

log = logging.getLogger("studybot.slack")


@dataclass(frozen=True)
class HttpEndpoint:
    """Where Slack's HTTP requests arrive, and the secret they are signed with."""

    host: str
    port: int
    signing_secret: str


DRAIN_SECONDS = 25.0  # Kubernetes gives 30 s between SIGTERM and SIGKILL by default
CLOSE_SECONDS = 3.0  # for requests being read as the port closes (each is acknowledged at once)


async def run_slack(services: ChatFacade, port: int, posters: dict[str, Any] | None = None,
                    drain_seconds: float = DRAIN_SECONDS, host: str = "127.0.0.1") -> None:
    """Run until cancelled; `posters` receives the Slack digest poster once the client exists."""
    work = InFlight("Slack work")
    app = build_app(services, work)
    if posters is not None:
        posters["slack"] = SlackDigestPoster(workspace_clients(app, services))
    app_token = await check_credentials(app, services.settings)
    http = HttpEndpoint(host, port, signing_secret(services.settings))
    runner: web.AppRunner | None = None
    socket: AsyncSocketModeHandler | None = None
    try:
        if app_token:
            socket = AsyncSocketModeHandler(app, app_token)
            await socket.connect_async()
            log.info("Slack connected in Socket Mode")
        if not app_token or app.oauth_flow is not None:  # events over HTTP, or the install pages
            runner = await _serve(app, http)
        await asyncio.Event().wait()
    finally:
        stop = work.mark()  # what was under way when the stop came
        if socket is not None:
            await socket.close_async()
        if runner is not None:
            await runner.cleanup()  # no new connections; requests already being read are still taken on
        await _drain(work, drain_seconds, stop)


def workspace_clients(app: AsyncApp, services: ChatFacade) -> WorkspaceClients:
    store = app.installation_store
    if not isinstance(store, RedisInstallationStore):
        return WorkspaceClients(app.client)
    s = services.settings
    assert s.slack_client_id and s.slack_client_secret
    rotator = AsyncTokenRotator(client_id=s.slack_client_id, client_secret=s.slack_client_secret.get_secret_value(),
                                client=app.client)
    return WorkspaceClients(app.client, store, rotator)


async def _drain(work: InFlight, seconds: float, stop: Mark) -> None:
    """Let the answers under way finish; count every one under way at the stop or accepted after it."""
    _, dropped = await work.drain(seconds)
    finished, under_way = work.since(stop)
    if dropped:
        log.warning("Slack stopped: %d of %d answers under way finished, %d dropped after %.0f s", finished,
                    under_way, dropped, seconds)
    else:
        log.info("Slack stopped: %d of %d answers under way finished, none dropped", finished, under_way)


async def _serve(app: AsyncApp, http: HttpEndpoint) -> web.AppRunner:
    runner = web.AppRunner(web_app(app, http.signing_secret), shutdown_timeout=CLOSE_SECONDS)
    await runner.setup()
    await web.TCPSite(runner, http.host, http.port).start()
    log.info("Slack events served on http://%s:%d%s", http.host, http.port, EVENTS_PATH)
    if app.oauth_flow is not None:
        log.info("Slack workspaces install studybot at http://%s:%d%s", http.host, http.port,
                 app.oauth_flow.install_path)
    return runner
