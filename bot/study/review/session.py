"""A person's reviews: which cards today (due first, then new ones, within a daily cap, skipping what
they or their channel know), a card's answer, and a rating that reschedules it.

The `review` command, the flashcards' buttons, the quiz and the daily private message all go through here,
so a card is shown, revealed and rated the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from redis.asyncio import Redis

from bot.conversation import CardAction, Reply
from bot.errors import UserError
from bot.language import message, sentences, tr
from bot.study.course.progress import KNOWN, CourseProgress
from bot.study.course.schedule import date_text
from bot.study.course.subscriptions import subscription_id
from bot.study.outline.chapters import shown_context
from bot.study.quiz.cloze import is_right, shown_question
from bot.study.replies import safe_reply
from bot.study.review.card import Card
from bot.study.review.catalog import CardCatalog
from bot.study.review.known import KnownTopics, skipped
from bot.study.review.learners import Learners
from bot.study.review.person import Person
from bot.study.review.recall import Rated, ReviewMemory
from bot.study.review.team import TeamActivity

SHOWN_PER_MESSAGE = 5
DUE_AHEAD = timedelta(hours=12)  # a card due later today is due in today's message
RATE_CHOICES = ("again", "good", "easy")
RATE_WORDS = ("again", "hard", "good", "easy")


def rated_as(rating: str) -> str:
    """"✓ Good", as a rating is confirmed."""
    return {"again": tr("↺ Again"), "hard": tr("Hard"), "good": tr("✓ Good"),
            "easy": tr("★ Easy (you knew it)")}[rating]


@dataclass(frozen=True)
class Limits:
    per_day: int = 10
    new_per_day: int = 5


@dataclass(frozen=True)
class Today:
    cards: list[Card]  # what to show now, due ones first
    due: int  # of them, cards that were due
    new: int  # of them, cards never seen
    done_today: int  # cards already reviewed today (towards the cap)


class ReviewDesk:
    def __init__(self, redis: Redis, memory: ReviewMemory, catalog: CardCatalog, known: KnownTopics,
                 learners: Learners, progress: CourseProgress, team: TeamActivity, limits: Limits) -> None:
        self.redis, self.memory, self.catalog, self.known = redis, memory, catalog, known
        self.learners, self.progress, self.team, self.limits = learners, progress, team, limits

    # -- what is shown ---------------------------------------------------------------

    def _shown_key(self, person: Person) -> str:
        return f"studybot:review:{person.key}:shown"

    def _day_key(self, person: Person, day: str, part: str) -> str:
        return f"studybot:review:{person.key}:{part}:{day}"

    async def remember_shown(self, person: Person, cards: list[Card]) -> None:
        """The numbers in the person's latest list of cards ("review reveal 2") point at these."""
        key = self._shown_key(person)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(key)
            if cards:
                pipe.rpush(key, *[c.id for c in cards])
                pipe.expire(key, 14 * 86400)
            await pipe.execute()

    async def _skipping(self, person: Person, channel: str | None) -> tuple[list[str], set[str]]:
        """The person's known topics, and the units their channel marked known."""
        topics = await self.known.all(person)
        units: set[str] = set()
        if channel:
            states = await self.progress.states(subscription_id(person.platform, person.tenant, channel))
            units = {u for u, s in states.items() if s == KNOWN}
        return topics, units

    async def today(self, person: Person, now: datetime, channel: str | None, tz: str = "UTC") -> Today:
        """Due cards first, then new ones from the team's cards, so that no more than the daily cap
        are reviewed today; cards on known topics or units are left out."""
        day = now.astimezone(ZoneInfo(tz)).date().isoformat()
        topics, units = await self._skipping(person, channel)
        seen_today = set(await self.redis.smembers(self._day_key(person, day, "seen")))
        room = max(self.limits.per_day - len(seen_today), 0)
        due_ids = await self.memory.due(person, now + DUE_AHEAD)
        due = [c for c in (await self.catalog.get(person.tenant, due_ids)).values() if not skipped(c, topics, units)]
        due.sort(key=lambda c: due_ids.index(c.id))
        chosen = [c for c in due if c.id in seen_today] + [c for c in due if c.id not in seen_today][:room]
        new_room = min(room - (len(chosen) - sum(1 for c in chosen if c.id in seen_today)),
                       self.limits.new_per_day - int(await self.redis.get(self._day_key(person, day, "new")) or 0))
        new: list[Card] = []
        if new_room > 0:
            have = await self.memory.known_cards(person)
            order = [i for i in await self.catalog.in_order(person.tenant) if i not in have]
            for card in (await self.catalog.get(person.tenant, order[:200])).values():
                if len(new) == new_room:
                    break
                if not skipped(card, topics, units):
                    new.append(card)
        return Today(chosen + new, len(chosen), len(new), len(seen_today))

    async def show(self, person: Person, now: datetime, channel: str | None, tz: str = "UTC",
                   heading: str | None = None, lang: str = "en") -> Reply | None:
        """Today's cards as a message with a Reveal button each; None when there is nothing to review."""
        today = await self.today(person, now, channel, tz)
        if not today.cards:
            return None
        shown = today.cards[:SHOWN_PER_MESSAGE]
        day = now.astimezone(ZoneInfo(tz)).date().isoformat()
        rated = await self.memory.known_cards(person)
        seen = set(await self.redis.smembers(self._day_key(person, day, "seen")))
        fresh = [c.id for c in shown if c.id not in rated and c.id not in seen]  # new today, counted once
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.sadd(self._day_key(person, day, "seen"), *[c.id for c in shown])
            pipe.expire(self._day_key(person, day, "seen"), 3 * 86400)
            if fresh:
                pipe.incrby(self._day_key(person, day, "new"), len(fresh))
                pipe.expire(self._day_key(person, day, "new"), 3 * 86400)
            await pipe.execute()
        await self.remember_shown(person, shown)
        parts = [message(lang, "reviews_due").format(n=today.due) if today.due else "",
                 message(lang, "reviews_new").format(n=today.new) if today.new else ""]
        lines = [heading or message(lang, "reviews_heading") + " · " + ", ".join(p for p in parts if p)]
        for n, card in enumerate(shown, 1):
            lines += [f"**{n}.** {shown_question(card.question)}", f"    _{shown_context(card.context)}_"]
        if len(today.cards) > len(shown):
            lines.append(message(lang, "reviews_more").format(n=len(today.cards) - len(shown)))
        lines.append(message(lang, "reviews_how"))
        return _with_cards(safe_reply("\n".join(lines)),
                           [CardAction(person.tenant, c.id, n, ("reveal",)) for n, c in enumerate(shown, 1)])

    # -- one card ---------------------------------------------------------------------

    async def card(self, person: Person, ref: str) -> tuple[int, Card]:
        """The card a person means: its number in their latest list, or its id (from a button)."""
        ref = ref.strip().lstrip("#")
        if ref.isdigit() and len(ref) <= 3:
            ids = await self.redis.lrange(self._shown_key(person), 0, -1)
            n = int(ref)
            if not 1 <= n <= len(ids):
                raise UserError(tr("There's no card {n} in your latest list. `review` shows your cards, numbered.")
                                .format(n=n))
            found = await self.catalog.one(person.tenant, ids[n - 1])
        else:
            ids = await self.redis.lrange(self._shown_key(person), 0, -1)
            n = ids.index(ref) + 1 if ref in ids else 0
            found = await self.catalog.one(person.tenant, ref) if ref else None
        if found is None:
            raise UserError(tr("I can't find that card any more. `review` shows your cards, numbered."))
        return n, found

    async def reveal(self, person: Person, ref: str) -> Reply:
        n, card = await self.card(person, ref)
        return self.revealed(person, n, card, tr("How did you do? Rate it with a button, or `review again|good|easy "
                                                 "{ref}`.").format(ref=n or card.id))

    def revealed(self, person: Person, n: int, card: Card, ask: str, choices: tuple[str, ...] = RATE_CHOICES,
                 verdict: str = "") -> Reply:
        head = f"**{n}.** " if n else ""
        lines = [f"{head}{shown_question(card.question)}",
                 verdict or tr("**Answer:** {answer} [1]").format(answer=card.answer),
                 tr("It's in {title}, {where}: “{quote}”").format(title=card.citation.title, where=card.where,
                                                                 quote=card.citation.quote), ask]
        reply = safe_reply("\n".join(line for line in lines if line), [replace(card.citation, n=1)],
                           mode="llm" if card.kind == "open" else "extractive")
        return _with_cards(reply, [CardAction(person.tenant, card.id, n, choices)] if choices else [])

    async def rate(self, person: Person, ref: str, rating: str, now: datetime, channel: str | None) -> Reply:
        n, card = await self.card(person, ref)
        rated = await self.record(person, card, rating, now, channel)
        return safe_reply(tr("{rating}: {answer}. {when}").format(rating=rated_as(rating), answer=card.answer,
                                                                  when=when(rated, now, await self._tz(person))))

    async def answer(self, person: Person, ref_and_guess: str, now: datetime, channel: str | None) -> Reply:
        ref, _, guess = ref_and_guess.strip().partition(" ")
        if not ref or not guess.strip():
            raise UserError(tr("Give the card's number and your guess, for example `review answer 1 byte pair "
                               "encoding`."))
        n, card = await self.card(person, ref)
        if card.kind != "cloze":
            return self.revealed(person, n, card, tr("Compare with your answer, then rate it with a button or "
                                                     "`review again|good|easy {ref}`.").format(ref=n or card.id),
                                 verdict=tr("You said: “{guess}”. The material's answer: **{answer}** [1]").format(
                                     guess=guess.strip(), answer=card.answer))
        right = is_right(guess, card.answer)
        rated = await self.record(person, card, "good" if right else "again", now, channel)
        verdict = (tr("✓ Right! The answer is **{answer}** [1].") if right
                   else tr("✗ Not quite (you said “{guess}”). The answer is **{answer}** [1].")).format(
                       answer=card.answer, guess=guess.strip())
        follow = when(rated, now, await self._tz(person))
        knew_it = tr("Knew it cold? ★ Easy shows it less often.") if right else ""
        return self.revealed(person, n, card, sentences(follow, knew_it), ("easy",) if right else (), verdict)

    async def record(self, person: Person, card: Card, rating: str, now: datetime, channel: str | None) -> Rated:
        """Rate a card for a person (adding it to the team's cards if it is new) and count it for their channel."""
        await self.catalog.add([card], now.timestamp())
        rated = await self.memory.rate(person, card.id, rating, now, await self._tz(person))
        learner = await self.learners.get(person)
        home = channel or (learner.channel if learner else None)
        if home:
            await self.team.record(person, home, rating, now)
        return rated

    async def _tz(self, person: Person) -> str:
        learner = await self.learners.get(person)
        return learner.schedule.tz if learner else "UTC"


def when(rated: Rated, now: datetime, tz: str) -> str:
    """"It comes back tomorrow." / "Next review in 3 days (Fri 17 May)."."""
    due = rated.due
    days = round((due - now).total_seconds() / 86400)
    if days <= 1:
        return tr("It comes back tomorrow.")
    return tr("Next review in {n} days ({date}).").format(n=days, date=date_text(due.astimezone(ZoneInfo(tz))))


def _with_cards(reply: Reply, cards: list[CardAction]) -> Reply:
    return replace(reply, cards=cards)
