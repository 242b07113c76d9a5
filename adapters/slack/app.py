"""The one Slack app factory, for Socket Mode and HTTP alike: the bolt app, its Web API client and the
parts every flow shares. Nothing is built at import time.

One workspace: SLACK_BOT_TOKEN answers everything. Many workspaces (SLACK_CLIENT_ID and
SLACK_CLIENT_SECRET): each installs the app at /slack/install, and bolt finds the workspace's own
token for every request. Either way each request's client (bolt's `context.client`) carries the token
to answer with, and every listener speaks through it.
"""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.in_flight import InFlight
from adapters.slack.departures import register_departures
from adapters.slack.files import FileDownloader
from adapters.slack.install_flow import oauth_settings
from adapters.slack.installations import RedisInstallationStore
from adapters.slack.listeners import register
from adapters.slack.live import Streaming
from adapters.slack.oauth_state import RedisOAuthStateStore
from adapters.slack.outbox import Outbox
from adapters.slack.parts import SlackParts
from adapters.slack.sealed import Sealer
from bot.bootstrap import ChatFacade
from bot.errors import UserError
from bot.settings import Settings

log = logging.getLogger("studybot.slack")

RATE_LIMIT_RETRIES = 2


def bot_token(settings: Settings) -> str:
    if not settings.slack_bot_token:
        raise UserError("Set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…) to serve one workspace, or "
                        "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to let workspaces install it; see the README's "
                        "Slack section.")
    return settings.slack_bot_token.get_secret_value()


def signing_secret(settings: Settings) -> str:
    return settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""


def configure_client(client: AsyncWebClient, settings: Settings) -> AsyncWebClient:
    """bolt's own client, pointed at SLACK_API_URL when set, waiting out 429s; every request's client
    copies it."""
    if settings.slack_api_url:
        client.base_url = settings.slack_api_url.rstrip("/") + "/"
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return client


def installation_store(services: ChatFacade) -> RedisInstallationStore:
    return RedisInstallationStore(services.redis, Sealer.from_settings(services.settings))


def build_app(services: ChatFacade, work: InFlight | None = None) -> AsyncApp:
    settings = services.settings
    secret = signing_secret(settings)
    if settings.slack_oauth:
        client = configure_client(AsyncWebClient(logger=log), settings)
        store = installation_store(services)

        async def installed(tenant: str, installer: str | None) -> None:
            await services.tenants.installed("slack", tenant, installer)

        app = AsyncApp(client=client, signing_secret=secret, name="studybot", process_before_response=True,
                       logger=log, oauth_settings=oauth_settings(settings, store, RedisOAuthStateStore(services.redis),
                                                                 installed, client))
    else:
        app = AsyncApp(token=bot_token(settings), signing_secret=secret, name="studybot",
                       process_before_response=True, logger=log)
        configure_client(app.client, settings)
    parts = SlackParts(service=services.service, outbox=Outbox.speaking_as(app.client),
                       files=FileDownloader(app.client, settings), work=work if work is not None else InFlight(),
                       home=services.home, streaming=Streaming())
    register(app, parts)
    if settings.slack_oauth:
        register_departures(app, parts.work, services.tenants, store)
    return app
