"""The daily private "your reviews" message to each person who opted in, and the weekly team summaries.

Run next to the digest scheduler (`studybot serve`). Each person's slot and each channel's weekly slot is
claimed in Redis (slot_claim.py), so however many replicas run, a person gets one message per day and a
channel one summary per week; a send that fails is retried on the next tick within the grace window.
A paused person, or one with nothing due, gets no message at all.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone

from bot.chat.link_policy import with_safe_links
from bot.clock import Clock, utc_now
from bot.conversation import Reply
from bot.events import Poster
from bot.language import replying_in, tr
from bot.runtime.periodic import every
from bot.runtime.slot_claim import SlotClaim, SlotOutcome
from bot.study.course.channels import ChannelCourses
from bot.study.course.progress import DONE, KNOWN
from bot.study.course.schedule import Schedule, month_name
from bot.study.replies import safe_reply
from bot.study.review.learners import Learner, Learners
from bot.study.review.session import ReviewDesk
from bot.study.review.team import TeamActivity, WeeklySummary

log = logging.getLogger(__name__)

LOOKBACK = timedelta(days=2)


def latest_slot(schedule: Schedule, created_at: float, now: datetime, lookback: timedelta) -> datetime | None:
    start = max(datetime.fromtimestamp(created_at, timezone.utc), now - lookback)
    slots = schedule.slots_between(start, now)
    return slots[-1] if slots else None


class ReviewSender:
    def __init__(self, learners: Learners, desk: ReviewDesk, team: TeamActivity, courses: ChannelCourses,
                 claim: SlotClaim, posters: dict[str, Poster], clock: Clock = utc_now,
                 grace: timedelta = timedelta(hours=6)) -> None:
        self.learners, self.desk, self.team, self.courses = learners, desk, team, courses
        self.claim, self.posters, self.clock, self.grace = claim, posters, clock, grace

    async def run_due(self, now: datetime | None = None) -> list[SlotOutcome]:
        now = now or self.clock()
        out: list[SlotOutcome] = []
        for learner in await self.learners.all():
            try:
                with replying_in(learner.lang):  # their daily message in the language they turned it on in
                    outcome = await self._reviews(learner, now)
                if outcome:
                    out.append(outcome)
            except Exception as e:  # one person's trouble must not stop the others
                log.exception("reviews for %s failed", learner.person.key)
                out.append(SlotOutcome(learner.person.key, now, "failed", type(e).__name__))
        for weekly in await self.team.all_weekly():
            try:
                with replying_in(weekly.lang):
                    outcome = await self._weekly(weekly, now)
                if outcome:
                    out.append(outcome)
            except Exception as e:
                log.exception("weekly summary for %s failed", weekly.id)
                out.append(SlotOutcome(weekly.id, now, "failed", type(e).__name__))
        return out

    # -- each person's reviews ----------------------------------------------------------

    async def _reviews(self, learner: Learner, now: datetime) -> SlotOutcome | None:
        slot = latest_slot(learner.schedule, learner.created_at, now, LOOKBACK)
        if slot is None or now - slot > self.grace:
            return None
        who = learner.person.key
        done_key = f"studybot:review:sent:{who}:{int(slot.timestamp())}"
        if await self.claim.is_done(done_key):
            return SlotOutcome(who, slot, "already_posted")
        if learner.paused(now):
            await self.claim.mark(done_key, "paused")
            return SlotOutcome(who, slot, "paused")
        poster = self.posters.get(learner.person.platform)
        if poster is None:
            return SlotOutcome(who, slot, "no_poster", f"writing to {learner.person.platform} needs `studybot serve`")
        async with self.claim.held(f"studybot:review:lock:{who}:{int(slot.timestamp())}") as holding:
            if not holding:
                return SlotOutcome(who, slot, "busy")
            if await self.claim.is_done(done_key):
                return SlotOutcome(who, slot, "already_posted")
            reply = await self.desk.show(learner.person, now, learner.channel, learner.schedule.tz, lang=learner.lang)
            if reply is None:
                await self.claim.mark(done_key, "nothing")
                return SlotOutcome(who, slot, "nothing_due")
            try:
                await poster.send_private(learner.person.platform, learner.person.tenant, learner.person.user,
                                          with_safe_links(reply))
            except Exception as e:
                log.warning("reviews for %s due %s failed, will retry: %s", who, slot.isoformat(), e)
                return SlotOutcome(who, slot, "failed", f"{type(e).__name__}: {e}")
            await self.claim.mark(done_key, "sent")
            return SlotOutcome(who, slot, "posted", f"{len(reply.cards)} cards")

    # -- the weekly team summary ------------------------------------------------------------

    async def _weekly(self, weekly: WeeklySummary, now: datetime) -> SlotOutcome | None:
        slot = latest_slot(weekly.schedule, weekly.created_at, now, timedelta(days=8))
        if slot is None or now - slot > self.grace:
            return None
        done_key = f"studybot:team:weekly:sent:{weekly.id}:{int(slot.timestamp())}"
        if await self.claim.is_done(done_key):
            return SlotOutcome(weekly.id, slot, "already_posted")
        poster = self.posters.get(weekly.platform)
        if poster is None:
            return SlotOutcome(weekly.id, slot, "no_poster", f"posting to {weekly.platform} needs `studybot serve`")
        async with self.claim.held(f"studybot:team:weekly:lock:{weekly.id}:{int(slot.timestamp())}") as holding:
            if not holding:
                return SlotOutcome(weekly.id, slot, "busy")
            if await self.claim.is_done(done_key):
                return SlotOutcome(weekly.id, slot, "already_posted")
            reply = await self.summary(weekly, slot)
            try:
                await poster.post(weekly.platform, weekly.tenant, weekly.channel, with_safe_links(reply))
            except Exception as e:
                log.warning("weekly summary for %s failed, will retry: %s", weekly.id, e)
                return SlotOutcome(weekly.id, slot, "failed", f"{type(e).__name__}: {e}")
            await self.claim.mark(done_key, "sent")
            return SlotOutcome(weekly.id, slot, "posted")

    async def summary(self, weekly: WeeklySummary, slot: datetime) -> Reply:
        """The seven days before the slot: totals, the course's place, and names only when the channel allows."""
        last = slot.astimezone(weekly.schedule.zone).date() - timedelta(days=1)
        first = last - timedelta(days=6)
        week = await self.team.between(weekly.id, first, last)
        lines = [tr("📊 **This week's study here** ({first_day} {first_month} – {last_day} {last_month})").format(
            first_day=first.day, first_month=month_name(first.month), last_day=last.day,
            last_month=month_name(last.month))]
        if week.reviews:
            people = len(week.people)
            did = (tr("• {people} person reviewed {reviews} cards; {share:.0%} were remembered.") if people == 1 else
                   tr("• {people} people reviewed {reviews} cards; {share:.0%} were remembered."))
            lines.append(did.format(people=people, reviews=week.reviews, share=week.right / week.reviews))
        else:
            lines.append(tr("• No cards were reviewed this week. `review` shows yours; `review on` brings them daily."))
        lines.append(await self._course_line(weekly))
        mentions: list[str] = []
        if weekly.names and week.people:
            top = sorted(week.people.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            mentions = [user for user, _ in top]
            most = " · ".join(f"<@{user}> ({n})" for user, n in top)
            lines.append(tr("• Most reviews: {people}").format(people=most))
        lines.append(tr("Your own numbers: `progress`."))
        reply = safe_reply("\n".join(lines))
        return Reply(reply.text, mentions=mentions, lang=reply.lang) if mentions else reply

    async def _course_line(self, weekly: WeeklySummary) -> str:
        sub = await self.courses.subscriptions.get(weekly.platform, weekly.tenant, weekly.channel)
        units = await self.courses.course.units(weekly.tenant, sub.source_id if sub else None)
        if not units:
            return tr("• The course: nothing is indexed yet.")
        states = await self.courses.progress.states(weekly.id)
        done = sum(1 for u in units if states.get(u.id) == DONE)
        known = sum(1 for u in units if states.get(u.id) == KNOWN)
        return tr("• The course: {done} of {total} units done, {known} known.").format(done=done, total=len(units),
                                                                                   known=known)

    async def run_forever(self, stop: asyncio.Event, tick_seconds: float = 30.0) -> None:
        """Check every `tick_seconds` until `stop` is set; errors are logged, never fatal."""
        await every(tick_seconds, self.run_due, stop, "review sender tick failed")
