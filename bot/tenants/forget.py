"""Forgetting a tenant: its material in the index and all its state in Redis, with one log line saying
what went. At once (`studybot tenant rm`), or after the operator's grace period when a workspace
uninstalls the bot, so a mistaken uninstall can be undone by installing again in time.

Removals that are due sit in one Redis sorted set (tenant -> due time); whichever replica takes one
off the set (ZREM answers 1 to exactly one of them) does the deleting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from redis.asyncio import Redis

from bot.clock import Clock, utc_now
from bot.index import ChunkIndex
from bot.runtime.periodic import every
from bot.tenants.admins import TenantAdmins

log = logging.getLogger(__name__)

DUE_KEY = "studybot:tenants:forget-due"
LOCK_KEY = "studybot:tenants:forgetting:"
LOCK_SECONDS = 600  # a replica that dies mid-removal lets another try after this
CHECK_EVERY_SECONDS = 60.0


class TenantData(Protocol):
    """Something that keeps a tenant's data and can delete all of it."""

    async def forget(self, tenant: str) -> dict[str, int]:
        """Delete it; how much of each kind went (kinds named as a person would)."""


@dataclass
class IndexMaterial:
    """The tenant's sources and passages in the index."""

    index: ChunkIndex

    async def forget(self, tenant: str) -> dict[str, int]:
        removed = await self.index.delete_tenant(tenant)
        return {"sources": removed.sources, "passages": removed.chunks}


@dataclass(frozen=True)
class Forgotten:
    tenant: str
    removed: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        """`3 sources, 120 passages, 4 notes` (kinds with nothing are left out)."""
        parts = [f"{n} {kind}" for kind, n in self.removed.items() if n]
        return ", ".join(parts) or "nothing was left"


class Forgetting:
    def __init__(self, redis: Redis, holders: Sequence[TenantData], admins: TenantAdmins,
                 grace: timedelta = timedelta(0), installer_is_admin: bool = True, clock: Clock = utc_now) -> None:
        self.redis, self.holders, self.admins = redis, list(holders), admins
        self.grace, self.installer_is_admin, self.clock = grace, installer_is_admin, clock

    async def installed(self, platform: str, tenant: str, installer: str | None) -> None:
        """A (re)install: the installer looks after the material, and a removal still pending is called off."""
        if installer and self.installer_is_admin:
            await self.admins.grant(platform, tenant, installer)
        if await self.redis.zrem(DUE_KEY, tenant):
            log.info("tenant %s installed again: its material is kept", tenant)

    async def left(self, tenant: str, reason: str, also: Sequence[TenantData] = ()) -> datetime | None:
        """The tenant uninstalled the bot. `also` (its installation on the platform) goes at once; the rest
        now, or after the grace period: then returns when (a later notice of the same departure keeps
        the first time)."""
        if self.grace <= timedelta(0):
            await self.forget(tenant, reason, also)
            return None
        removed: dict[str, int] = {}
        for holder in also:
            removed.update(await holder.forget(tenant))
        due = self.clock() + self.grace
        await self.redis.zadd(DUE_KEY, {tenant: due.timestamp()}, nx=True)
        when = datetime.fromtimestamp(float(await self.redis.zscore(DUE_KEY, tenant) or due.timestamp()), due.tzinfo)
        log.info("tenant %s left (%s): removed %s; its material will be deleted at %s unless it installs again",
                 tenant, reason, Forgotten(tenant, removed).describe(), when.isoformat())
        return when

    async def forget(self, tenant: str, reason: str, also: Sequence[TenantData] = ()) -> Forgotten:
        """Delete everything of the tenant now; `also`: holders a caller adds (a platform's installation).
        One removal per tenant at a time, across replicas: a second notice meanwhile finds it under way."""
        lock = LOCK_KEY + tenant
        if not await self.redis.set(lock, reason, nx=True, ex=LOCK_SECONDS):
            log.info("tenant %s (%s): its removal is already under way", tenant, reason)
            return Forgotten(tenant)
        try:
            removed: dict[str, int] = {}
            for holder in [*also, *self.holders]:
                removed.update(await holder.forget(tenant))
            await self.redis.zrem(DUE_KEY, tenant)
        finally:
            await self.redis.delete(lock)
        forgotten = Forgotten(tenant, removed)
        log.info("forgot tenant %s (%s): removed %s", tenant, reason, forgotten.describe())
        return forgotten

    async def pending(self) -> dict[str, datetime]:
        """Tenants whose removal is scheduled, and when."""
        return {t: datetime.fromtimestamp(s, self.clock().tzinfo)
                for t, s in await self.redis.zrange(DUE_KEY, 0, -1, withscores=True)}

    async def forget_due(self) -> list[Forgotten]:
        """Delete the tenants whose grace period is over (each by one replica only)."""
        done = []
        for tenant in await self.redis.zrangebyscore(DUE_KEY, "-inf", self.clock().timestamp()):
            if not await self.redis.zrem(DUE_KEY, tenant):
                continue  # another replica took it
            try:
                done.append(await self.forget(tenant, "grace period over"))
            except Exception:
                await self.redis.zadd(DUE_KEY, {tenant: self.clock().timestamp()}, nx=True)  # try again next time
                raise
        return done

    async def run_forever(self, stop: asyncio.Event, every_seconds: float = CHECK_EVERY_SECONDS) -> None:
        """Check for due removals until `stop` is set; errors are logged, never fatal."""
        await every(every_seconds, self.forget_due, stop, "could not delete the tenants that are due")
