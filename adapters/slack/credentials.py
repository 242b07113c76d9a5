"""Checking the Slack credentials at start: fail in plain words rather than on the first message."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from adapters.slack.tenant import tenant_of
from bot.errors import UserError
from bot.settings import Settings

log = logging.getLogger("studybot.slack")


async def check_credentials(app: AsyncApp, settings: Settings) -> str | None:
    """The app-level token for Socket Mode, or None for HTTP mode; UserError when something is off."""
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else None
    if not app_token and not settings.slack_signing_secret:
        raise UserError("Set SLACK_APP_TOKEN (xapp-…) for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode; "
                        "see the README's Slack section.")
    if settings.slack_oauth:
        if settings.slack_bot_token:
            log.warning("SLACK_BOT_TOKEN is not used: with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set, every "
                        "workspace installs studybot at /slack/install and is answered with its own token")
        log.info("serving every Slack workspace that installs studybot (OAuth, client id %s); each workspace's "
                 "material is the tenant named by its team id", settings.slack_client_id)
    else:
        await _signed_in(app)
    if app_token:
        try:
            await app.client.apps_connections_open(app_token=app_token)
        except SlackApiError as e:
            raise UserError(f"Slack refused SLACK_APP_TOKEN ({e.response.get('error')}): it must be the app-level "
                            "token (xapp-…) with the connections:write scope.") from None
    return app_token


async def _signed_in(app: AsyncApp) -> None:
    """One workspace: SLACK_BOT_TOKEN works, and the log says which workspace (tenant) it serves."""
    try:
        who = await app.client.auth_test()
    except SlackApiError as e:
        raise UserError(f"Slack refused SLACK_BOT_TOKEN ({e.response.get('error')}).") from None
    tenant = tenant_of(who.data if isinstance(who.data, dict) else {})
    log.info("signed in to Slack workspace %s as %s; its material is tenant %s (studybot ingest PATH --tenant %s)",
             who.get("team"), who.get("user"), tenant, tenant)
