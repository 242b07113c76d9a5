"""Forgetting a tenant from the operator's side (`studybot tenant rm`), wherever the index is held:
its material and state through the core, and its Slack installation if it has one."""

from __future__ import annotations

from redis.asyncio import Redis

from bot.tenants.forget import Forgetting, Forgotten

REASON = "studybot tenant rm"


async def remove_tenant(tenants: Forgetting, redis: Redis, tenant: str) -> Forgotten:
    from adapters.slack.installations import RedisInstallationStore

    return await tenants.forget(tenant, REASON, also=[RedisInstallationStore(redis, None)])
