"""`progress`: your cards due, retention estimate and streak, and where the channel is in the course.

`progress weekly on|off` and `progress weekly names on|off` steer the channel's opt-in weekly summary
(which names nobody unless the channel turns names on).
"""

from __future__ import annotations

from dataclasses import replace

from bot.clock import Clock
from bot.conversation import IncomingMessage, PartialSink, Reply
from bot.errors import UserError
from bot.language import sentences, subcommand, tr
from bot.study.course.channels import ChannelCourses
from bot.study.course.progress import DONE, KNOWN
from bot.study.course.schedule import (
    Schedule,
    local_time,
    parse_time,
    parse_timezone,
    parse_weekdays,
)
from bot.study.course.subscriptions import subscription_id
from bot.study.replies import safe_reply
from bot.study.review.learners import Learners
from bot.study.review.person import Person
from bot.study.review.recall import ReviewMemory
from bot.study.review.team import TeamActivity, WeeklySummary
from bot.text.mentions import defuse_mass_mentions


def weekly_usage() -> str:
    return tr("`progress weekly on` posts a team summary here each Monday at 09:00 (or `progress weekly on fri "
              "16:00 Europe/Berlin`); `progress weekly names on` lets it name the most active; `progress weekly off`.")


class ProgressTool:
    def __init__(self, memory: ReviewMemory, learners: Learners, courses: ChannelCourses, team: TeamActivity,
                 default_tz: str, clock: Clock) -> None:
        self.memory, self.learners, self.courses, self.team = memory, learners, courses, team
        self.default_tz, self.clock = default_tz, clock

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        first, _, rest = msg.text.strip().partition(" ")
        if subcommand(first) == "weekly":
            return await self._weekly(msg, rest.strip())
        if first:
            raise UserError(sentences(tr("`progress` takes no words but `weekly`."), weekly_usage()))
        person, now = Person(msg.platform, msg.tenant, msg.user), self.clock()
        learner = await self.learners.get(person)
        tz = learner.schedule.tz if learner else self.default_tz
        s = await self.memory.standing(person, now, tz)
        lines = [tr("📈 **Your progress**")]
        if s.cards:
            lines.append(tr("• Cards: {cards} in your reviews, {due} due now.").format(cards=s.cards, due=s.due))
            if s.retention is not None:
                lines.append(tr("• Retention estimate: {share:.0%} of your cards you would recall today.").format(
                    share=s.retention))
            if s.reviews:
                streak = (tr("• Streak: {n} day · {reviews} reviews, {share:.0%} remembered.") if s.streak == 1 else
                          tr("• Streak: {n} days · {reviews} reviews, {share:.0%} remembered."))
                lines.append(streak.format(n=s.streak, reviews=s.reviews, share=s.right / s.reviews))
            else:
                lines.append(tr("• Streak: {n} days.").format(n=s.streak))
        else:
            lines.append(tr("• No cards yet: answer a `quiz`, or try `flashcards TOPIC`, and rate what you see."))
        if learner is None:
            lines.append(tr("• Daily reviews: off. `review on` sends them to you privately each day."))
        elif learner.paused(now):
            lines.append(tr("• Daily reviews: paused until {day} (`review resume`).").format(
                day=learner.paused_until_text()))
        else:
            lines.append(tr("• Daily reviews: {schedule}.").format(schedule=learner.schedule.describe()))
        lines.append(await self._course(msg))
        return safe_reply("\n".join(lines))

    async def _course(self, msg: IncomingMessage) -> str:
        sub = await self.courses.subscriptions.get(msg.platform, msg.tenant, msg.channel)
        units = await self.courses.course.units(msg.tenant, sub.source_id if sub else None)
        if not units:
            return tr("• The course: nothing is indexed yet.")
        states = await self.courses.progress.states(subscription_id(msg.platform, msg.tenant, msg.channel))
        done = sum(1 for u in units if states.get(u.id) == DONE)
        known = sum(1 for u in units if states.get(u.id) == KNOWN)
        upcoming = next((u for u in units if u.id not in states), None)
        where = (tr("next is unit {n}, {label}").format(n=upcoming.number, label=upcoming.label) if upcoming
                 else tr("every unit is done or known"))
        digest = "" if sub else tr(" (no daily digest here: `digest subscribe 09:00`)")
        return tr("• This channel's course: {done} of {total} units done, {known} known; {where}{digest}.").format(
            done=done, total=len(units), known=known, where=where, digest=digest)

    async def _weekly(self, msg: IncomingMessage, rest: str) -> Reply:
        words = [subcommand(w) for w in rest.split()]
        current = await self.team.weekly(msg.platform, msg.tenant, msg.channel)
        if not words:
            if current is None:
                state = tr("This channel's weekly team summary is off.")
            elif current.names:
                state = tr("This channel's weekly team summary is on, {schedule}, naming the most active.").format(
                    schedule=current.schedule.describe())
            else:
                state = tr("This channel's weekly team summary is on, {schedule}.").format(
                    schedule=current.schedule.describe())
            return safe_reply(sentences(state, weekly_usage()))
        if words[0] == "off":
            stopped = await self.team.stop_weekly(msg.platform, msg.tenant, msg.channel)
            return safe_reply(tr("Stopped the weekly team summary.") if stopped
                              else tr("There's no weekly summary here."))
        if words[0] == "names":
            if current is None or len(words) != 2 or words[1] not in ("on", "off"):
                raise UserError(tr("Turn the weekly summary on first, then `progress weekly names on` (or `off`).")
                                if current is None
                                else tr("Say `progress weekly names on` or `progress weekly names off`."))
            await self.team.set_weekly(replace(current, names=words[1] == "on"))
            return safe_reply(tr("The weekly summary now names the three most active people.") if words[1] == "on"
                              else tr("The weekly summary names nobody again: only team totals."))
        if words[0] != "on":
            raise UserError(sentences(tr("I don't know `progress weekly {word}`.").format(
                word=defuse_mass_mentions(words[0])), weekly_usage()))
        day, at, tz = frozenset({0}), parse_time("09:00"), current.schedule.tz if current else self.default_tz
        sub = await self.courses.subscriptions.get(msg.platform, msg.tenant, msg.channel)
        if sub and not current:
            tz = sub.schedule.tz
        for token in words[1:]:
            if ":" in token or token[:1].isdigit():
                at = parse_time(token)
            elif "/" in token or token == "utc":
                tz = parse_timezone(token)
            else:
                day = parse_weekdays(token)
                if len(day) != 1:
                    raise UserError(tr("The weekly summary comes on one day; name it, for example `progress weekly on "
                                       "fri`."))
        now = self.clock()
        summary = WeeklySummary(msg.platform, msg.tenant, msg.channel, Schedule(at, tz, day),
                                current.names if current else False, current.created_at if current else now.timestamp(),
                                msg.lang)
        await self.team.set_weekly(summary)
        return safe_reply(tr("The weekly team summary comes here {schedule}, next {when}: reviews, how many were "
                             "remembered and where the course is. It names nobody unless you say `progress weekly names "
                             "on`.").format(schedule=summary.schedule.describe(),
                                            when=local_time(summary.schedule.next_after(now), tz)))
