"""Where each workspace's installation lives: Redis, shared by every replica and kept across restarts,
the tokens sealed (adapters/slack/sealed.py). slack-bolt reads and writes it through the
`AsyncInstallationStore` interface: it saves an install, finds the bot token for each request,
and saves the new token after a rotation.

One record per tenant (see tenant.py): the workspace, or the enterprise for an org-wide install. The
latest installation (who installed, when, with which scopes) and the bot (its token, refresh token
and expiry) are kept side by side.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from redis.asyncio import Redis
from slack_sdk.oauth.installation_store.async_installation_store import (
    AsyncInstallationStore,
)
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation

from adapters.slack.sealed import Sealer
from adapters.slack.tenant import installation_tenant

log = logging.getLogger("studybot.slack")

PREFIX = "studybot:slack"


def _key(kind: str, tenant: str) -> str:
    return f"{PREFIX}:{kind}:{tenant}"


class RedisInstallationStore(AsyncInstallationStore):
    def __init__(self, redis: Redis, sealer: Sealer | None) -> None:
        """`sealer` None: only for removing installations (`studybot tenant rm` needs no key)."""
        self.redis, self.sealer = redis, sealer

    @property
    def logger(self) -> logging.Logger:
        return log

    # -- writing ------------------------------------------------------------------

    async def async_save(self, installation: Installation) -> None:
        tenant = installation_tenant(installation.enterprise_id, installation.team_id,
                                     installation.is_enterprise_install)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(_key("installation", tenant), self._seal(installation.__dict__))
            if installation.bot_token:
                pipe.set(_key("bot", tenant), self._seal(installation.to_bot().__dict__))
            await pipe.execute()

    async def async_save_bot(self, bot: Bot) -> None:
        """A bot alone: after a token rotation, with its new token, refresh token and expiry."""
        tenant = installation_tenant(bot.enterprise_id, bot.team_id, bot.is_enterprise_install)
        await self.redis.set(_key("bot", tenant), self._seal(bot.__dict__))

    # -- reading ------------------------------------------------------------------

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        return await self.bot_of(installation_tenant(enterprise_id, team_id, is_enterprise_install))

    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                      user_id: str | None = None,
                                      is_enterprise_install: bool | None = False) -> Installation | None:
        """The latest installation; asked for a user, only when that user installed it (no user tokens here)."""
        raw = await self.redis.get(_key("installation", installation_tenant(enterprise_id, team_id,
                                                                            is_enterprise_install)))
        if raw is None:
            return None
        installation = Installation(**self._open(raw))
        return None if user_id is not None and installation.user_id != user_id else installation

    async def bot_of(self, tenant: str) -> Bot | None:
        raw = await self.redis.get(_key("bot", tenant))
        return Bot(**self._open(raw)) if raw is not None else None

    # -- deleting -----------------------------------------------------------------

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.redis.delete(_key("bot", str(team_id or enterprise_id)))

    async def async_delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                        user_id: str | None = None) -> None:
        if user_id is None:
            await self.redis.delete(_key("installation", str(team_id or enterprise_id)))

    async def forget(self, tenant: str) -> dict[str, int]:
        """As a holder of tenant data (bot/tenants/forget.py): the installation and its tokens."""
        removed = await self.redis.delete(_key("installation", tenant), _key("bot", tenant))
        return {"Slack installation": int(removed > 0)}

    # -- sealing ------------------------------------------------------------------

    def _seal(self, fields: dict[str, Any]) -> str:
        assert self.sealer is not None, "built without STUDYBOT_ENCRYPTION_KEY"
        return self.sealer.seal(json.dumps(fields))

    def _open(self, sealed: str) -> dict[str, Any]:
        assert self.sealer is not None, "built without STUDYBOT_ENCRYPTION_KEY"
        return dict(json.loads(self.sealer.open(sealed)))
