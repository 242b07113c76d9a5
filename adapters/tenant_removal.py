"""Forgetting a tenant from the operator's side (`studybot tenant rm`), wherever the index is held:
its material and state through the core, and its Slack installation if it has one."""

from __future__ import annotations

from bot.bootstrap import Services
from bot.tenants.forget import Forgotten

REASON = "studybot tenant rm"


async def remove_tenant(services: Services, tenant: str) -> Forgotten:
    from adapters.slack.installations import RedisInstallationStore

    return await services.tenants.forget(tenant, REASON, also=[RedisInstallationStore(services.redis, None)])
