"""Slack: slash commands, @mentions, DMs and threads through slack-bolt.

`run_slack` serves until cancelled, in Socket Mode when SLACK_APP_TOKEN is set, otherwise over HTTP
on /slack/events. Everything is imported and built inside it: importing this package has no effects.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncApp

    from bot.bootstrap import Services
    from bot.settings import Settings

log = logging.getLogger("studybot.slack")

DRAIN_SECONDS = 25.0  # answers under way get this long to finish when the process is stopped


async def run_slack(services: Services, port: int, posters: dict[str, Any] | None = None) -> None:
    """Run until cancelled; `posters` receives the Slack digest poster once the client exists."""
    from adapters.slack.app import build_app
    from adapters.slack.digest_poster import SlackDigestPoster
    from adapters.slack.outbox import Outbox
    from adapters.slack.work import InFlight

    work = InFlight()
    app = build_app(services, work)
    if posters is not None:
        posters["slack"] = SlackDigestPoster(Outbox(app.client))
    app_token = await _check_credentials(app, services.settings)
    try:
        if app_token:
            await _socket_mode(app, app_token)
        else:
            await _http_mode(app, port)
    finally:
        if not await work.drain(DRAIN_SECONDS):
            log.warning("stopping with %d Slack answers unfinished", len(work))
            work.cancel()


async def _check_credentials(app: AsyncApp, settings: Settings) -> str | None:
    """Fail at start, in plain words, rather than on the first message (or retrying forever)."""
    from slack_sdk.errors import SlackApiError

    from bot.errors import UserError

    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else None
    if not app_token and not settings.slack_signing_secret:
        raise UserError("Set SLACK_APP_TOKEN (xapp-…) for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode; "
                        "see the README's Slack section.")
    try:
        who = await app.client.auth_test()
    except SlackApiError as e:
        raise UserError(f"Slack refused SLACK_BOT_TOKEN ({e.response.get('error')}).") from None
    log.info("signed in to Slack workspace %s as %s; its material is tenant %s (studybot ingest PATH --tenant %s)",
             who.get("team"), who.get("user"), who.get("team_id"), who.get("team_id"))
    if app_token:
        try:
            await app.client.apps_connections_open(app_token=app_token)
        except SlackApiError as e:
            raise UserError(f"Slack refused SLACK_APP_TOKEN ({e.response.get('error')}): it must be the app-level "
                            "token (xapp-…) with the connections:write scope.") from None
    return app_token


async def _socket_mode(app: AsyncApp, app_token: str) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handler = AsyncSocketModeHandler(app, app_token)
    await handler.connect_async()
    log.info("Slack connected in Socket Mode")
    try:
        await asyncio.Event().wait()
    finally:
        await handler.close_async()


async def _http_mode(app: AsyncApp, port: int) -> None:
    from aiohttp import web

    from adapters.slack.http_mode import EVENTS_PATH, web_app

    runner = web.AppRunner(web_app(app))
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", port).start()
    log.info("Slack events served on http://0.0.0.0:%d%s", port, EVENTS_PATH)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
