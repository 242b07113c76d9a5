"""Posting due digests: exactly once per subscription and slot, across replicas and restarts.

For each subscription, `run_due(now)` looks at the slots of the last few days:
- older than the grace window: skipped, with one log line (a SET NX key per slot);
- within it and not yet posted: composed and posted through the platform's DigestPoster
  while holding the slot's claim (slot_claim.py), then marked done together with the
  channel's progress; the unit's cards join the team's cards. A post that fails is
  not marked, so the next run retries it while it is still within the grace window.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol

from redis.asyncio import Redis

from bot.conversation import Reply
from bot.digest.compose import DigestComposer
from bot.digest.progress import DONE, FINISHED, CourseProgress
from bot.digest.schedule import local_time
from bot.digest.slot_claim import SlotClaim
from bot.digest.subscriptions import Subscription, SubscriptionStore
from bot.link_policy import with_safe_links
from bot.periodic import every
from bot.study.quiz.tool import PendingQuizzes

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
LOOKBACK = timedelta(days=7)


class DigestPoster(Protocol):
    async def post(self, platform: str, tenant: str, channel: str, reply: Reply) -> None: ...


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Outcome:
    subscription: str
    slot: datetime
    status: str  # posted | late_skipped | superseded | already_posted | busy | no_poster | nothing_new | failed
    detail: str = ""


class DigestScheduler:
    def __init__(self, subscriptions: SubscriptionStore, composer: DigestComposer, progress: CourseProgress,
                 pending: PendingQuizzes, redis: Redis, posters: dict[str, DigestPoster], clock: Clock = utc_now,
                 grace: timedelta = timedelta(hours=6), lock_seconds: float = 300.0) -> None:
        self.subscriptions, self.composer, self.progress, self.pending = subscriptions, composer, progress, pending
        self.redis, self.posters, self.clock = redis, posters, clock
        self.grace, self.lock_seconds = grace, lock_seconds
        self.claim = SlotClaim(redis, lock_seconds)

    @staticmethod
    def _slot_key(kind: str, sub: Subscription, slot: datetime) -> str:
        return f"studybot:digest:{kind}:{sub.id}:{int(slot.timestamp())}"

    async def run_due(self, now: datetime | None = None) -> list[Outcome]:
        """Post every digest that is due at `now` (default: the clock); what happened, per slot."""
        now = now or self.clock()
        out: list[Outcome] = []
        for sub in await self.subscriptions.all():
            try:
                out += await self._run_subscription(sub, now)
            except Exception as e:  # one broken subscription must not stop the others
                log.exception("digest for %s failed", sub.id)
                out.append(Outcome(sub.id, now, "failed", type(e).__name__))
        return out

    async def _run_subscription(self, sub: Subscription, now: datetime) -> list[Outcome]:
        start = max(datetime.fromtimestamp(sub.created_at, timezone.utc), now - LOOKBACK)
        slots = sub.schedule.slots_between(start, now)
        if not slots:
            return []
        out: list[Outcome] = []
        within = [s for s in slots if now - s <= self.grace]
        for slot in slots:
            if slot in within and slot == within[-1]:
                out.append(await self._attempt(sub, slot, now))
                continue
            if await self.redis.exists(self._slot_key("done", sub, slot)):
                continue
            why = "superseded" if slot in within else "late_skipped"
            first = await self.claim.mark(self._slot_key("skipped", sub, slot), why)
            if first:
                late = now - slot
                log.warning("digest for %s due %s skipped: %s", sub.id, slot.isoformat(),
                            f"{late} late, beyond the grace window of {self.grace}" if why == "late_skipped"
                            else "a later digest is due")
                out.append(Outcome(sub.id, slot, why))
        return out

    async def _attempt(self, sub: Subscription, slot: datetime, now: datetime) -> Outcome:
        done_key = self._slot_key("done", sub, slot)
        if await self.claim.is_done(done_key):
            return Outcome(sub.id, slot, "already_posted")
        poster = self.posters.get(sub.platform)
        if poster is None:
            return Outcome(sub.id, slot, "no_poster", f"posting to {sub.platform} needs `studybot serve`")
        async with self.claim.held(self._slot_key("lock", sub, slot)) as holding:
            if not holding:
                return Outcome(sub.id, slot, "busy")
            if await self.claim.is_done(done_key):  # another replica finished while we waited for the lock
                return Outcome(sub.id, slot, "already_posted")
            try:
                return await self._post(sub, slot, now, poster, done_key)
            except Exception as e:
                log.warning("digest for %s due %s failed, will retry: %s", sub.id, slot.isoformat(), e)
                return Outcome(sub.id, slot, "failed", f"{type(e).__name__}: {e}")

    async def _post(self, sub: Subscription, slot: datetime, now: datetime, poster: DigestPoster,
                    done_key: str) -> Outcome:
        late = now - slot
        notices = [f"This digest was due {local_time(slot, sub.schedule.tz)} and comes late because I was "
                   "offline."] if late > timedelta(minutes=15) else []
        digest = await self.composer.next_for(sub.id, sub.tenant, sub.source_id, notices=notices)
        if digest is None:
            await self.claim.mark(done_key, "nothing")
            return Outcome(sub.id, slot, "nothing_new")
        await poster.post(sub.platform, sub.tenant, sub.channel, with_safe_links(digest.reply))
        if not await self.claim.mark(done_key, "posted"):
            log.error("digest for %s due %s was posted twice (a lock expired mid-send)", sub.id, slot)
        if digest.unit is not None:
            await self.progress.mark(sub.id, [digest.unit.id], DONE)
        else:
            await self.progress.mark(sub.id, [FINISHED], str(digest.total))
        if digest.cards:
            await self.composer.catalog.add(digest.cards, slot.timestamp())
        if digest.quiz is not None:
            await self.pending.put(sub.id, digest.quiz)
            await self.composer.quiz.remember_asked(sub.id, digest.quiz)
        log.info("digest for %s due %s posted (%s)", sub.id, slot.isoformat(),
                 digest.unit.label if digest.unit else "course finished")
        return Outcome(sub.id, slot, "posted", digest.unit.label if digest.unit else "course finished")

    async def run_forever(self, stop: asyncio.Event, tick_seconds: float = 30.0) -> None:
        """Check every `tick_seconds` until `stop` is set; errors are logged, never fatal."""
        await every(tick_seconds, self.run_due, stop, "digest scheduler tick failed")

