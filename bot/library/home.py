"""What a team's home page shows, on any platform: its sources, the channels that get a digest, and
how to use the bot (from the command table). Adapters render it (Slack's App Home tab)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from bot.commands import COMMANDS, Command
from bot.library.material import SourceRegistry
from bot.models import SourceRecord
from bot.store import STORE_DOWN
from bot.study.course.subscriptions import Subscription

log = logging.getLogger(__name__)


class Subscriptions(Protocol):
    async def all(self) -> list[Subscription]: ...


@dataclass(frozen=True)
class DigestLine:
    channel: str
    schedule: str  # "Mon–Fri at 09:00 (Asia/Shanghai)"
    source: str | None  # the source's title; None: the whole course


@dataclass(frozen=True)
class HomeFacts:
    sources: list[SourceRecord]
    digests: list[DigestLine] | None  # None: unknown right now (Redis is down)
    commands: list[Command]


class Home:
    def __init__(self, index: SourceRegistry, subscriptions: Subscriptions) -> None:
        self.index, self.subscriptions = index, subscriptions

    async def facts(self, platform: str, tenant: str) -> HomeFacts:
        sources = await self.index.records(tenant)
        titles = {r.source_id: r.title for r in sources}
        try:
            subs = [s for s in await self.subscriptions.all() if (s.platform, s.tenant) == (platform, tenant)]
            digests: list[DigestLine] | None = [
                DigestLine(s.channel, s.schedule.describe(), titles.get(s.source_id or "", s.source_id))
                for s in sorted(subs, key=lambda s: s.channel)]
        except STORE_DOWN as e:
            log.warning("could not read the digest subscriptions: %s", type(e).__name__)
            digests = None
        return HomeFacts(sources, digests, [c for c in COMMANDS if c.in_chat and c.listed])
