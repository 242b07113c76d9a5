"""The one Slack app factory, for Socket Mode and HTTP alike.

Listeners only acknowledge and hand the work to background tasks, so Slack always gets its
answer within 3 seconds (and, with process_before_response, only after the work is registered,
which also makes the app drainable on shutdown). The real work lives in events, commands and
actions; nothing here is built at import time.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import actions, commands, events
from adapters.slack.files import FileDownloader
from adapters.slack.outbox import Outbox
from adapters.slack.parts import SlackParts
from adapters.slack.render import FOLLOWUP_ACTION, VOTE_ACTIONS
from adapters.slack.threads import BotThreads
from adapters.slack.work import InFlight
from bot.bootstrap import Services
from bot.errors import UserError
from bot.settings import Settings

log = logging.getLogger("studybot.slack")

SLASH_COMMAND = "/study"
VOTE = re.compile("^(" + "|".join(VOTE_ACTIONS.values()) + ")$")
FOLLOWUP = re.compile("^" + FOLLOWUP_ACTION.format(r"\d+") + "$")


def bot_token(settings: Settings) -> str:
    if not settings.slack_bot_token:
        raise UserError("Set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…); see the README's Slack section.")
    return settings.slack_bot_token.get_secret_value()


def configure_client(client: AsyncWebClient, settings: Settings) -> AsyncWebClient:
    """bolt's own client (so it is not built twice), pointed at SLACK_API_URL when set, retrying 429s."""
    if settings.slack_api_url:
        client.base_url = settings.slack_api_url.rstrip("/") + "/"
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    return client


def tenant(context: AsyncBoltContext) -> str:
    """The workspace is the tenant (the enterprise for org-wide events without one)."""
    return str(context.team_id or context.enterprise_id or "unknown")


def build_app(services: Services, work: InFlight | None = None) -> AsyncApp:
    settings = services.settings
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    app = AsyncApp(token=bot_token(settings), signing_secret=secret, name="studybot", process_before_response=True,
                   logger=log)
    client = configure_client(app.client, settings)
    parts = SlackParts(
        service=services.service, outbox=Outbox(client),
        threads=BotThreads(services.redis, int(settings.thread_ttl_days * 86400)),
        files=FileDownloader(client, settings), work=work if work is not None else InFlight(),
    )
    register(app, parts)
    return app


def register(app: AsyncApp, parts: SlackParts) -> None:
    spawn = parts.work.spawn

    @app.event("app_mention")
    async def mention(event: dict[str, Any], context: AsyncBoltContext) -> None:
        spawn(events.on_mention(parts, event, tenant(context), context.bot_user_id))

    @app.event("message")
    async def message(event: dict[str, Any], context: AsyncBoltContext) -> None:
        spawn(events.on_message(parts, event, tenant(context), context.bot_user_id))

    @app.command(SLASH_COMMAND)
    async def study(ack: Any, command: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        spawn(commands.on_study(parts, command, tenant(context)))

    @app.action(VOTE)
    async def vote(ack: Any, body: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        spawn(actions.on_vote(parts, body, tenant(context)))

    @app.action(FOLLOWUP)
    async def followup(ack: Any, body: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        spawn(actions.on_followup(parts, body, tenant(context)))
