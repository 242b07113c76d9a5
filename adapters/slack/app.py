"""The one Slack app factory, for Socket Mode and HTTP alike: the bolt app, its two Web API clients
and the parts every flow shares. Nothing is built at import time."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.files import FileDownloader
from adapters.slack.listeners import register
from adapters.slack.live import Streaming
from adapters.slack.outbox import Outbox
from adapters.slack.parts import SlackParts
from adapters.slack.work import InFlight
from bot.bootstrap import Services
from bot.errors import UserError
from bot.settings import Settings

log = logging.getLogger("studybot.slack")

RATE_LIMIT_RETRIES = 2


def bot_token(settings: Settings) -> str:
    if not settings.slack_bot_token:
        raise UserError("Set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…); see the README's Slack section.")
    return settings.slack_bot_token.get_secret_value()


def clients(app: AsyncApp, settings: Settings) -> tuple[AsyncWebClient, AsyncWebClient]:
    """bolt's own client (pointed at SLACK_API_URL when set) waiting out 429s, and one that never waits."""
    client = app.client
    if settings.slack_api_url:
        client.base_url = settings.slack_api_url.rstrip("/") + "/"
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    quick = AsyncWebClient(token=client.token, base_url=client.base_url, timeout=client.timeout, logger=log)
    return client, quick


def build_app(services: Services, work: InFlight | None = None) -> AsyncApp:
    settings = services.settings
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    app = AsyncApp(token=bot_token(settings), signing_secret=secret, name="studybot", process_before_response=True,
                   logger=log)
    client, quick = clients(app, settings)
    parts = SlackParts(service=services.service, outbox=Outbox(client, quick),
                       files=FileDownloader(client, settings), work=work if work is not None else InFlight(),
                       home=services.home, streaming=Streaming())
    register(app, parts)
    return app
