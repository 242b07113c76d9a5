"""Installing the app in many workspaces, through slack-bolt's own OAuth support: the "Add to Slack"
page, the redirect that exchanges Slack's code for the workspace's bot token (oauth.v2.access), the
installation and state stores in Redis, and bolt's per-request authorize, which finds each
workspace's token (and renews it before it expires when the app has token rotation turned on).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.install_pages import failed_page, installed_page
from adapters.slack.installations import RedisInstallationStore
from adapters.slack.oauth_state import RedisOAuthStateStore
from adapters.slack.scopes import BOT_SCOPES
from adapters.slack.tenant import installation_tenant
from bot.settings import Settings

log = logging.getLogger("studybot.slack")

STATE_SECONDS = 600  # how long an install link stays good
ROTATE_MINUTES_BEFORE = 120  # renew a rotating token this long before it expires

# (tenant, installing user) -> done; the core makes the installer an admin and keeps pending material
Installed = Callable[[str, str | None], Awaitable[None]]


def oauth_settings(settings: Settings, store: RedisInstallationStore, states: RedisOAuthStateStore,
                   installed: Installed, client: AsyncWebClient) -> AsyncOAuthSettings:
    """`client` is the app's own (SLACK_API_URL applies to the code exchange and token renewals too)."""
    assert settings.slack_client_id and settings.slack_client_secret
    client_id, secret = settings.slack_client_id, settings.slack_client_secret.get_secret_value()
    oauth = AsyncOAuthSettings(
        client_id=client_id, client_secret=secret, scopes=list(BOT_SCOPES), user_scopes=[],
        redirect_uri=settings.slack_redirect_uri or None, installation_store=store, installation_store_bot_only=True,
        token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE, state_store=states,
        state_expiration_seconds=STATE_SECONDS, logger=log,
    )
    oauth.callback_options = AsyncCallbackOptions(success=_on_success(installed, oauth), failure=_on_failure(oauth))
    oauth.authorize = AsyncInstallationStoreAuthorize(
        logger=log, installation_store=store, client_id=client_id, client_secret=secret,
        token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE, bot_only=True, cache_enabled=True, client=client)
    return oauth


def _on_success(installed: Installed, oauth: AsyncOAuthSettings) -> Callable[[AsyncSuccessArgs], Awaitable[BoltResponse]]:
    async def success(args: AsyncSuccessArgs) -> BoltResponse:
        i = args.installation
        tenant = installation_tenant(i.enterprise_id, i.team_id, i.is_enterprise_install)
        workspace = (i.enterprise_name if i.is_enterprise_install else i.team_name) or tenant
        try:
            await installed(tenant, i.user_id)
        except Exception as e:
            log.error("installed in Slack workspace %s (tenant %s), but could not record its installer: %s",
                      workspace, tenant, type(e).__name__)
            return failed_page("storage_error", 500, oauth.install_path, oauth.state_utils)
        log.info("installed in Slack workspace %s (tenant %s) by %s", workspace, tenant, i.user_id)
        return installed_page(workspace, tenant, oauth.state_utils)

    return success


def _on_failure(oauth: AsyncOAuthSettings) -> Callable[[AsyncFailureArgs], Awaitable[BoltResponse]]:
    async def failure(args: AsyncFailureArgs) -> BoltResponse:
        log.warning("a Slack installation was refused: %s", args.reason)
        return failed_page(args.reason, args.suggested_status_code, oauth.install_path, oauth.state_utils)

    return failure
