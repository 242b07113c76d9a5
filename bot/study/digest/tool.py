"""`digest ...` in chat and on the command line: subscribe a channel, see and steer its progress.

subscribe TIME [TZ] [DAYS] [SOURCE] · unsubscribe · status · preview · units ·
known N[,M|-K] · unknown N · skip · reset
"""

from __future__ import annotations

import re
from datetime import time

from bot.clock import Clock
from bot.conversation import IncomingMessage, PartialSink, Reply
from bot.errors import UserError
from bot.language import language_word, message, replying_in, sentences, subcommand, tr
from bot.study.course.progress import DONE, KNOWN
from bot.study.course.schedule import (
    EVERY_DAY,
    Schedule,
    local_time,
    looks_like_timezone,
    looks_like_weekdays,
    parse_time,
    parse_timezone,
    parse_weekdays,
    zones,
)
from bot.study.course.subscriptions import Subscription, subscription_id
from bot.study.course.units import Unit
from bot.study.digest.engine import DigestEngine
from bot.study.find_source import pick_source
from bot.study.outline.chapters import shown_title
from bot.study.replies import safe_reply
from bot.study.terms.matching import term_pattern

LISTED_UNITS = 40


def usage() -> str:
    return tr("""Daily digest for this channel: each day the next unit of the course, with its gist, key terms and a quiz question.
• `digest subscribe 09:00 Asia/Shanghai mon-fri` (time zone, days and a source are optional)
• `digest status` · `digest preview` · `digest units`
• `digest known 3` or `digest known 2-5,8` skips units you know; `digest unknown 3` brings one back; `digest skip` skips the next
• `digest reset` starts over · `digest unsubscribe` stops""")


class DigestTool:
    def __init__(self, engine: DigestEngine, default_tz: str, clock: Clock) -> None:
        self.engine, self.default_tz, self.clock = engine, default_tz, clock

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        sub, _, rest = msg.text.strip().partition(" ")
        sub, rest = subcommand(sub), rest.strip()
        if sub in ("", "help"):
            return safe_reply(usage())
        handlers = {
            "subscribe": self._subscribe, "unsubscribe": self._unsubscribe, "stop": self._unsubscribe,
            "status": self._status, "preview": self._preview, "units": self._units, "course": self._units,
            "known": self._known, "unknown": self._unknown, "skip": self._skip, "reset": self._reset,
        }
        if sub not in handlers:
            raise UserError(tr("I don't know `digest {word}`.").format(word=sub) + "\n" + usage())
        return await handlers[sub](msg, rest)

    # -- subscribing -----------------------------------------------------------

    async def _subscribe(self, msg: IncomingMessage, rest: str) -> Reply:
        tokens = rest.split()
        if not tokens:
            raise UserError(tr("When should the digest come? For example: `digest subscribe 09:00 Asia/Shanghai "
                               "mon-fri`."))
        if len(tokens) > 1 and tokens[1].lower() in ("am", "pm", "a.m.", "p.m."):  # "9 am"
            tokens[:2] = [tokens[0] + tokens[1]]
        at = parse_time(tokens[0])
        tz, days, tz_given, days_given = self.default_tz, EVERY_DAY, False, False
        lang = msg.lang  # the channel's language: the one it subscribed in, or the one it names
        source_words: list[str] = []
        for token in tokens[1:]:
            if not source_words and language_word(token):
                lang = language_word(token) or lang
            elif not source_words and not tz_given and _zone_like(token):
                tz, tz_given = parse_timezone(_zone_name(token)), True
            elif not source_words and not days_given and looks_like_weekdays(token):
                days, days_given = parse_weekdays(token), True
            else:
                source_words.append(token)
        with replying_in(lang):  # "digest subscribe 09:00 中文": the channel's language from here on
            return await self._subscribed(msg, at, tz, days, lang, source_words)

    async def _subscribed(self, msg: IncomingMessage, at: time, tz: str, days: frozenset[int], lang: str,
                          source_words: list[str]) -> Reply:
        records = await self.engine.course.sources(msg.tenant)
        source = pick_source(" ".join(source_words), records) if source_words else None
        old = await self.engine.subscriptions.get(msg.platform, msg.tenant, msg.channel)
        now = self.clock()
        new = Subscription(msg.platform, msg.tenant, msg.channel, Schedule(at, tz, days),
                           source.source_id if source else None, now.timestamp(), msg.user, lang)
        await self.engine.subscriptions.put(new)
        units, states = await self._progress(msg, new.source_id)
        what = f"“{source.title}”" if source else message(lang, "digest_whole_course")
        verb = tr("Updated") if old else tr("Subscribed")
        lines = [message(lang, "digest_subscribed").format(verb=verb, schedule=new.schedule.describe(), what=what,
                                                           units=len(units), done=_done(units, states))]
        upcoming = _next(units, states)
        when = local_time(new.schedule.next_after(now), tz)
        if upcoming:
            lines.append(message(lang, "digest_next_comes").format(when=when, label=upcoming.label))
        else:
            lines.append(message(lang, "digest_all_done" if units else "digest_no_material"))
        lines.append(message(lang, "digest_how"))
        return safe_reply("\n".join(lines))

    async def _unsubscribe(self, msg: IncomingMessage, rest: str) -> Reply:
        if not await self.engine.subscriptions.remove(msg.platform, msg.tenant, msg.channel):
            return safe_reply(tr("This channel has no daily digest, so there is nothing to stop."))
        return safe_reply(tr("Stopped this channel's daily digest. Its progress is kept in case you subscribe again."))

    # -- seeing where we are ----------------------------------------------------

    async def _progress(self, msg: IncomingMessage, source_id: str | None) -> tuple[list[Unit], dict[str, str]]:
        units = await self.engine.course.units(msg.tenant, source_id)
        states = await self.engine.progress.states(subscription_id(msg.platform, msg.tenant, msg.channel))
        return units, states

    async def _subscription_source(self, msg: IncomingMessage) -> str | None:
        sub = await self.engine.subscriptions.get(msg.platform, msg.tenant, msg.channel)
        return sub.source_id if sub else None

    async def _status(self, msg: IncomingMessage, rest: str) -> Reply:
        sub = await self.engine.subscriptions.get(msg.platform, msg.tenant, msg.channel)
        units, states = await self._progress(msg, sub.source_id if sub else None)
        known = sum(1 for u in units if states.get(u.id) == KNOWN)
        lines = []
        if sub:
            when = local_time(sub.schedule.next_after(self.clock()), sub.schedule.tz)
            lines.append(tr("Daily digest: {schedule}; next post {when}.").format(schedule=sub.schedule.describe(),
                                                                                   when=when))
        else:
            lines.append(tr("This channel has no daily digest. Start one with `digest subscribe 09:00 Europe/Berlin "
                            "mon-fri`."))
        lines.append(tr("Progress: {done} of {total} units done ({known} marked known).").format(
            done=_done(units, states), total=len(units), known=known))
        upcoming = _next(units, states)
        lines.append(tr("Next unit: {n}. {label}").format(n=upcoming.number, label=upcoming.label) if upcoming else
                     tr("Every unit is done or known.") if units else tr("Nothing is indexed yet."))
        return safe_reply("\n".join(lines))

    async def _units(self, msg: IncomingMessage, rest: str) -> Reply:
        units, states = await self._progress(msg, await self._subscription_source(msg))
        if not units:
            return safe_reply(tr("Nothing is indexed yet, so the course has no units."))
        upcoming = _next(units, states)
        lines = [tr("The course: {total} units, {done} done. ✓ done · ◦ known · → next").format(
            total=len(units), done=_done(units, states))]
        for u in units[:LISTED_UNITS]:
            mark = {DONE: "✓", KNOWN: "◦"}.get(states.get(u.id, ""), "→" if u is upcoming else " ")
            lines.append(f"{mark} {u.number}. {u.label}")
        if len(units) > LISTED_UNITS:
            lines.append(tr("… and {n} more.").format(n=len(units) - LISTED_UNITS))
        return safe_reply("\n".join(lines))

    async def _preview(self, msg: IncomingMessage, rest: str) -> Reply:
        channel = subscription_id(msg.platform, msg.tenant, msg.channel)
        digest = await self.engine.composer.next_for(
            channel, msg.tenant, await self._subscription_source(msg), lang=msg.lang,
            heading=None, notices=[message(msg.lang, "digest_preview")])
        if digest is None:
            units, _ = await self._progress(msg, await self._subscription_source(msg))
            return safe_reply(tr("Every unit is done or known; `digest reset` starts again.") if units
                              else tr("Nothing is indexed yet, so there is no digest to preview."))
        if digest.quiz is not None:
            await self.engine.pending.put(channel, digest.quiz)
        return digest.reply

    # -- steering --------------------------------------------------------------

    async def _known(self, msg: IncomingMessage, rest: str) -> Reply:
        units, states = await self._progress(msg, await self._subscription_source(msg))
        chosen = _select(units, rest, "known")
        await self.engine.progress.mark(subscription_id(msg.platform, msg.tenant, msg.channel),
                                        [u.id for u in chosen], KNOWN)
        states.update({u.id: KNOWN for u in chosen})
        names = "; ".join(f"{u.number}. {shown_title(u.chapter.title)}" for u in chosen[:5]) + (
            "…" if len(chosen) > 5 else "")
        upcoming = _next(units, states)
        tail = (tr("Next up: {n}. {label}.").format(n=upcoming.number, label=upcoming.label) if upcoming
                else tr("That was the last unit."))
        marked = (tr("Marked as known, so the digest skips it: {names}.") if len(chosen) == 1 else
                  tr("Marked as known, so the digest skips them: {names}."))
        return safe_reply(sentences(marked.format(names=names), tail))

    async def _unknown(self, msg: IncomingMessage, rest: str) -> Reply:
        units, _ = await self._progress(msg, await self._subscription_source(msg))
        chosen = _select(units, rest, "unknown")
        await self.engine.progress.unmark(subscription_id(msg.platform, msg.tenant, msg.channel),
                                          [u.id for u in chosen])
        names = ", ".join(str(u.number) for u in chosen)
        back = tr("Units {numbers} back in the queue.") if len(chosen) > 1 else tr("Unit {numbers} back in the queue.")
        return safe_reply(back.format(numbers=names))

    async def _skip(self, msg: IncomingMessage, rest: str) -> Reply:
        units, states = await self._progress(msg, await self._subscription_source(msg))
        upcoming = _next(units, states)
        if upcoming is None:
            raise UserError(tr("There's nothing left to skip: every unit is done or known."))
        return await self._known(msg, str(upcoming.number))

    async def _reset(self, msg: IncomingMessage, rest: str) -> Reply:
        await self.engine.progress.reset(subscription_id(msg.platform, msg.tenant, msg.channel))
        return safe_reply(tr("Progress cleared: the digest starts again from unit 1."))


def _zone_like(token: str) -> bool:
    return looks_like_timezone(token) or _zone_name(token) != token


def _zone_name(token: str) -> str:
    """"shanghai" -> "Asia/Shanghai" when a city names exactly one zone; else the token unchanged."""
    if "/" in token or len(token) < 4 or not token.isalpha():
        return token
    matches = [z for low, z in zones().items() if low.endswith("/" + token.lower())]
    return matches[0] if len(matches) == 1 else token


def _done(units: list[Unit], states: dict[str, str]) -> int:
    return sum(1 for u in units if states.get(u.id) == DONE)


def _next(units: list[Unit], states: dict[str, str]) -> Unit | None:
    return next((u for u in units if u.id not in states), None)


def teaches(unit: Unit, term: str) -> bool:
    """Is the unit about `term`: its title or one of its key terms names it (plurals, hyphens and case
    forgiven: "byte pair encodings" finds "Byte-pair encoding")?"""
    pattern = term_pattern(term)
    return term.lower() in unit.chapter.title.lower() or any(
        pattern.search(t) or term_pattern(t).search(term) for t in (unit.chapter.title, *unit.chapter.terms))


def _select(units: list[Unit], spec: str, verb: str) -> list[Unit]:
    """Units named by "3", "2-5,8", or a term they teach ("tokenization")."""
    if not units:
        raise UserError(tr("Nothing is indexed yet, so the course has no units."))
    spec = spec.strip()
    if not spec:
        raise UserError(tr("Which units? For example `digest {verb} 3` or `digest {verb} 2-5,8`; `digest units` lists "
                           "them.").format(verb=verb))
    if re.fullmatch(r"[\d\s,\-–]+", spec):
        numbers: set[int] = set()
        for part in re.split(r"\s*,\s*|\s+", spec):
            if not part:
                continue
            ends = [int(e) for e in re.split(r"[-–]", part) if e]
            numbers.update(range(min(ends), max(ends) + 1) if len(ends) == 2 else ends)
        wrong = sorted(n for n in numbers if not 1 <= n <= len(units))
        if wrong:
            raise UserError(tr("The course has units 1 to {total}; there is no unit {n}. `digest units` lists them.")
                            .format(total=len(units), n=wrong[0]))
        return [u for u in units if u.number in numbers]
    found = [u for u in units if teaches(u, spec)]
    if not found:
        raise UserError(tr("No unit is called anything like “{spec}”. `digest units` lists them.").format(spec=spec))
    return found
