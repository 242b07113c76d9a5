"""People who may change one tenant's material, kept in Redis next to the operator's STUDYBOT_ADMINS.

Whoever installs the bot in a workspace looks after that workspace's material; the operator's list
still holds everywhere. Stored per platform and tenant, so every replica agrees.
"""

from __future__ import annotations

import logging

from redis.asyncio import Redis

from bot.store import STORE_DOWN

log = logging.getLogger(__name__)


class TenantAdmins:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    @staticmethod
    def key(platform: str, tenant: str) -> str:
        return f"studybot:admins:{platform}:{tenant}"

    async def grant(self, platform: str, tenant: str, user: str) -> None:
        await self.redis.sadd(self.key(platform, tenant), user)

    async def contains(self, platform: str, tenant: str, user: str) -> bool:
        """False when Redis is down: nobody gains a right from an outage."""
        try:
            return bool(await self.redis.sismember(self.key(platform, tenant), user))
        except STORE_DOWN as e:
            log.warning("could not look the tenant's admins up: %s", type(e).__name__)
            return False
