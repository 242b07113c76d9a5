"""The client that speaks for a tenant outside any request (the digest scheduler's posts): the app's
own with SLACK_BOT_TOKEN, else one with the token of the tenant's installation, renewed first when
it is about to expire (token rotation), as bolt does for requests."""

from __future__ import annotations

from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.install_flow import ROTATE_MINUTES_BEFORE
from adapters.slack.installations import RedisInstallationStore
from bot.errors import UserError


class WorkspaceClients:
    def __init__(self, app_client: AsyncWebClient, store: RedisInstallationStore | None = None,
                 rotator: AsyncTokenRotator | None = None) -> None:
        self.app_client, self.store, self.rotator = app_client, store, rotator

    async def client_for(self, tenant: str) -> AsyncWebClient:
        if self.store is None:
            return self.app_client
        bot = await self.store.bot_of(tenant)
        if bot is None:
            raise UserError(f"studybot is not installed in the Slack workspace of tenant {tenant}.")
        if bot.bot_refresh_token and self.rotator is not None:
            renewed = await self.rotator.perform_bot_token_rotation(bot=bot,
                                                                    minutes_before_expiration=ROTATE_MINUTES_BEFORE)
            if renewed is not None:
                await self.store.async_save_bot(renewed)
                bot = renewed
        c = self.app_client
        return AsyncWebClient(token=bot.bot_token, base_url=c.base_url, timeout=c.timeout, logger=c.logger,
                              retry_handlers=list(c.retry_handlers))
