"""`review ...`: today's cards, revealing and rating one, and the daily private message (on, off, pause).

review · review reveal N · review answer N GUESS · review again|good|easy N ·
review on [TIME] [ZONE] · review off · review pause 7d · review resume
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.conversation import IncomingMessage, PartialSink, Reply
from bot.errors import UserError
from bot.language import sentences, subcommand, tr
from bot.study.course.schedule import (
    EVERY_DAY,
    Schedule,
    local_time,
    parse_time,
    parse_timezone,
)
from bot.study.course.subscriptions import SubscriptionStore
from bot.study.replies import safe_reply
from bot.study.review.learners import Learner, Learners
from bot.study.review.person import Person
from bot.study.review.session import RATE_WORDS, ReviewDesk
from bot.text.mentions import defuse_mass_mentions


def usage() -> str:
    return tr("""Your own reviews, on a spaced-repetition schedule (what you miss comes back sooner):
• `review` shows the cards due today · `review reveal 1` · `review answer 1 YOUR GUESS` · `review good 1` (again, good, easy)
• `review on 08:30 Europe/Berlin` sends them to you privately each day · `review pause 7d` · `review resume` · `review off`
• `known TOPIC` skips a topic you know · `progress` shows how you are doing""")


_PAUSE = re.compile(r"^(\d{1,3})\s*(d|days?|w|weeks?)$", re.I)
MAX_PAUSE_DAYS = 365


def person_of(msg: IncomingMessage) -> Person:
    return Person(msg.platform, msg.tenant, msg.user)


def parse_pause(text: str) -> timedelta:
    """"7d", "2w", "10 days" -> a length of time; a clear UserError otherwise."""
    m = _PAUSE.match(text.strip())
    hint = tr("Try `review pause 7d` or `review pause 2w`; `review resume` ends a pause.")
    if not m:
        shown = defuse_mass_mentions(text.strip()) or tr("(nothing)")
        raise UserError(sentences(tr("“{text}” isn't a length of time I understand.").format(text=shown), hint))
    days = int(m.group(1)) * (7 if m.group(2).lower().startswith("w") else 1)
    if not 1 <= days <= MAX_PAUSE_DAYS:
        raise UserError(sentences(tr("A pause runs from 1 day to a year."), hint))
    return timedelta(days=days)


class ReviewTool:
    def __init__(self, desk: ReviewDesk, learners: Learners, subscriptions: SubscriptionStore,
                 default_time: str, default_tz: str, clock: Clock) -> None:
        self.desk, self.learners, self.subscriptions = desk, learners, subscriptions
        self.default_time, self.default_tz, self.clock = default_time, default_tz, clock

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        word, _, rest = msg.text.strip().partition(" ")
        word, rest = subcommand(word), rest.strip()
        person, now = person_of(msg), self.clock()
        learner = await self.learners.get(person)
        channel = learner.channel if learner else msg.channel
        if word == "":
            tz = learner.schedule.tz if learner else self.default_tz
            shown = await self.desk.show(person, now, channel, tz, lang=msg.lang)
            if shown is not None:
                return shown
            nothing = tr("Nothing to review right now: no card is due and today's new ones are done. Answer a "
                         "`quiz` or try `flashcards TOPIC` to add cards.")
            tail = "" if learner else tr("`review on` sends you your reviews privately each day.")
            return safe_reply(sentences(nothing, tail))
        if word == "help":
            return safe_reply(usage())
        if word == "reveal":
            return await self.desk.reveal(person, rest)
        if word == "answer":
            return await self.desk.answer(person, rest, now, channel)
        if word in RATE_WORDS:
            if not rest:
                raise UserError(tr("Which card? For example `review {word} 1`.").format(word=word))
            return await self.desk.rate(person, rest, word, now, channel)
        if word in ("on", "subscribe", "daily", "at"):
            return await self._on(msg, person, rest, learner, now)
        if word in ("off", "stop", "unsubscribe"):
            if not await self.learners.remove(person):
                return safe_reply(tr("You don't get daily reviews, so there's nothing to stop. `review on` starts "
                                     "them."))
            return safe_reply(tr("Stopped your daily reviews. Your cards and their schedule are kept; `review` still "
                                 "works."))
        if word == "pause":
            return await self._pause(person, rest, learner, now)
        if word in ("resume", "unpause"):
            if learner is None:
                raise UserError(tr("You don't get daily reviews yet. `review on` starts them."))
            await self.learners.put(replace(learner, paused_until=0.0))
            return safe_reply(tr("Welcome back: your reviews come again {schedule}.").format(
                schedule=learner.schedule.describe()))
        raise UserError(tr("I don't know `review {word}`.").format(word=defuse_mass_mentions(word)) + "\n" + usage())

    async def _on(self, msg: IncomingMessage, person: Person, rest: str, learner: Learner | None,
                  now: datetime) -> Reply:
        tokens = rest.split()
        sub = await self.subscriptions.get(msg.platform, msg.tenant, msg.channel)
        at = parse_time(tokens[0]) if tokens else (sub.schedule.at if sub else parse_time(self.default_time))
        tz = parse_timezone(tokens[1]) if len(tokens) > 1 else (
            learner.schedule.tz if learner else sub.schedule.tz if sub else self.default_tz)
        if len(tokens) > 2:
            raise UserError(tr("`review on` takes a time and a time zone, for example `review on 08:30 "
                               "Europe/Berlin`."))
        home = learner.channel if learner and sub is None else msg.channel  # a digest's channel is the course
        new = Learner(person, Schedule(at, tz, EVERY_DAY), home, learner.created_at if learner else now.timestamp(),
                      learner.paused_until if learner else 0.0, msg.lang)
        await self.learners.put(new)
        said = (tr("Updated: your reviews come privately {schedule}, next {when}: cards due first, at most {n} a day. "
                   "`review pause 7d` pauses them, `review off` stops.") if learner else
                tr("Done: your reviews come privately {schedule}, next {when}: cards due first, at most {n} a day. "
                   "`review pause 7d` pauses them, `review off` stops."))
        when = local_time(new.schedule.next_after(now), tz)
        return safe_reply(said.format(schedule=new.schedule.describe(), when=when, n=self.desk.limits.per_day))

    async def _pause(self, person: Person, rest: str, learner: Learner | None, now: datetime) -> Reply:
        if learner is None:
            raise UserError(tr("You don't get daily reviews, so there's nothing to pause. `review on` starts them."))
        if rest.lower() in ("off", "end", "stop"):
            await self.learners.put(replace(learner, paused_until=0.0))
            return safe_reply(tr("Pause ended: your reviews come again tomorrow."))
        paused = await self.learners.pause(person, now + parse_pause(rest))
        assert paused is not None
        return safe_reply(tr("Paused your daily reviews until {day}. Your cards wait for you; `review resume` ends the "
                             "pause sooner.").format(day=paused.paused_until_text()))
