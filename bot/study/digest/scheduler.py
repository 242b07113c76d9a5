"""Posting due digests: exactly once per subscription and slot, across replicas and restarts.

For each subscription, `run_due(now)` looks at the slots of the last few days:
- older than the grace window: skipped, with one log line (a SET NX key per slot);
- within it and not yet posted: composed and posted through the platform's Poster
  while holding the slot's claim (bot/runtime/slot_claim.py), then marked done; the composer
  records what the channel was given. A post that fails is not marked, so the next run
  retries it while it is still within the grace window.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone

from bot.chat.link_policy import with_safe_links
from bot.clock import Clock, utc_now
from bot.events import Poster
from bot.language import message, replying_in
from bot.runtime.periodic import every
from bot.runtime.slot_claim import SlotClaim, SlotOutcome
from bot.study.course.schedule import local_time
from bot.study.course.subscriptions import Subscription, SubscriptionStore
from bot.study.digest.compose import DigestComposer

log = logging.getLogger(__name__)

LOOKBACK = timedelta(days=7)


class DigestScheduler:
    def __init__(self, subscriptions: SubscriptionStore, composer: DigestComposer, claim: SlotClaim,
                 posters: dict[str, Poster], clock: Clock = utc_now,
                 grace: timedelta = timedelta(hours=6)) -> None:
        self.subscriptions, self.composer, self.claim = subscriptions, composer, claim
        self.posters, self.clock, self.grace = posters, clock, grace

    @staticmethod
    def _slot_key(kind: str, sub: Subscription, slot: datetime) -> str:
        return f"studybot:digest:{kind}:{sub.id}:{int(slot.timestamp())}"

    async def run_due(self, now: datetime | None = None) -> list[SlotOutcome]:
        """Post every digest that is due at `now` (default: the clock); what happened, per slot."""
        now = now or self.clock()
        out: list[SlotOutcome] = []
        for sub in await self.subscriptions.all():
            try:
                with replying_in(sub.lang):  # the channel's digest, every line of it, in the channel's language
                    out += await self._run_subscription(sub, now)
            except Exception as e:  # one broken subscription must not stop the others
                log.exception("digest for %s failed", sub.id)
                out.append(SlotOutcome(sub.id, now, "failed", type(e).__name__))
        return out

    async def _run_subscription(self, sub: Subscription, now: datetime) -> list[SlotOutcome]:
        start = max(datetime.fromtimestamp(sub.created_at, timezone.utc), now - LOOKBACK)
        slots = sub.schedule.slots_between(start, now)
        if not slots:
            return []
        out: list[SlotOutcome] = []
        within = [s for s in slots if now - s <= self.grace]
        for slot in slots:
            if slot in within and slot == within[-1]:
                out.append(await self._attempt(sub, slot, now))
                continue
            if await self.claim.is_done(self._slot_key("done", sub, slot)):
                continue
            why = "superseded" if slot in within else "late_skipped"
            first = await self.claim.mark(self._slot_key("skipped", sub, slot), why)
            if first:
                late = now - slot
                log.warning("digest for %s due %s skipped: %s", sub.id, slot.isoformat(),
                            f"{late} late, beyond the grace window of {self.grace}" if why == "late_skipped"
                            else "a later digest is due")
                out.append(SlotOutcome(sub.id, slot, why))
        return out

    async def _attempt(self, sub: Subscription, slot: datetime, now: datetime) -> SlotOutcome:
        done_key = self._slot_key("done", sub, slot)
        if await self.claim.is_done(done_key):
            return SlotOutcome(sub.id, slot, "already_posted")
        poster = self.posters.get(sub.platform)
        if poster is None:
            return SlotOutcome(sub.id, slot, "no_poster", f"posting to {sub.platform} needs `studybot serve`")
        async with self.claim.held(self._slot_key("lock", sub, slot)) as holding:
            if not holding:
                return SlotOutcome(sub.id, slot, "busy")
            if await self.claim.is_done(done_key):  # another replica finished while we waited for the lock
                return SlotOutcome(sub.id, slot, "already_posted")
            try:
                return await self._post(sub, slot, now, poster, done_key)
            except Exception as e:
                log.warning("digest for %s due %s failed, will retry: %s", sub.id, slot.isoformat(), e)
                return SlotOutcome(sub.id, slot, "failed", f"{type(e).__name__}: {e}")

    async def _post(self, sub: Subscription, slot: datetime, now: datetime, poster: Poster,
                    done_key: str) -> SlotOutcome:
        late = now - slot
        notices = [message(sub.lang, "digest_late").format(when=local_time(slot, sub.schedule.tz))
                   ] if late > timedelta(minutes=15) else []
        digest = await self.composer.next_for(sub.id, sub.tenant, sub.source_id, notices=notices, lang=sub.lang)
        if digest is None:
            await self.claim.mark(done_key, "nothing")
            return SlotOutcome(sub.id, slot, "nothing_new")
        await poster.post(sub.platform, sub.tenant, sub.channel, with_safe_links(digest.reply))
        if not await self.claim.mark(done_key, "posted"):
            log.error("digest for %s due %s was posted twice (a lock expired mid-send)", sub.id, slot)
        await self.composer.posted(sub.id, digest, slot.timestamp())
        log.info("digest for %s due %s posted (%s)", sub.id, slot.isoformat(),
                 digest.unit.label if digest.unit else "course finished")
        return SlotOutcome(sub.id, slot, "posted", digest.unit.label if digest.unit else "course finished")

    async def run_forever(self, stop: asyncio.Event, tick_seconds: float = 30.0) -> None:
        """Check every `tick_seconds` until `stop` is set; errors are logged, never fatal."""
        await every(tick_seconds, self.run_due, stop, "digest scheduler tick failed")

