"""A workspace leaving: `app_uninstalled`, or `tokens_revoked` naming the bot. Its installation goes at
once (its tokens are dead anyway) and the core forgets its material and state, now or after the
operator's grace period (bot/tenants/forget.py). Slack sends both events for one uninstall; the
second finds nothing left to remove.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from adapters.in_flight import InFlight
from adapters.slack.installations import RedisInstallationStore
from adapters.slack.tenant import tenant_of
from bot.tenants.forget import Forgetting


def register_departures(app: AsyncApp, work: InFlight, tenants: Forgetting, store: RedisInstallationStore) -> None:
    @app.event("app_uninstalled")
    async def uninstalled(context: AsyncBoltContext) -> None:
        work.spawn(_left(tenants, store, tenant_of(context), "app_uninstalled"))

    @app.event("tokens_revoked")
    async def revoked(event: dict[str, Any], context: AsyncBoltContext) -> None:
        if (event.get("tokens") or {}).get("bot"):  # user tokens alone: the bot stays
            work.spawn(_left(tenants, store, tenant_of(context), "tokens_revoked"))


async def _left(tenants: Forgetting, store: RedisInstallationStore, tenant: str, reason: str) -> None:
    await tenants.left(tenant, reason, also=[store])
