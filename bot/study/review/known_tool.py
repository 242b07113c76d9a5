"""`known TOPIC`: skip a topic in your own reviews and flashcards; `known` lists them, `known rm TOPIC` undoes.

The channel's digest is shared, so it is steered with `digest known` instead; both are honoured in reviews.
"""

from __future__ import annotations

from bot.conversation import IncomingMessage, PartialSink, Reply
from bot.errors import UserError
from bot.language import subcommand, tr
from bot.study.course.units import Course
from bot.study.replies import safe_reply
from bot.study.review.catalog import CardCatalog
from bot.study.review.known import KnownTopics, about
from bot.study.review.person import Person
from bot.study.terms.matching import term_pattern
from bot.text.mentions import defuse_mass_mentions

MAX_TOPIC = 60
MAX_TOPICS = 100


class KnownTool:
    def __init__(self, known: KnownTopics, course: Course, catalog: CardCatalog) -> None:
        self.known, self.course, self.catalog = known, course, catalog

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        person = Person(msg.platform, msg.tenant, msg.user)
        text = " ".join(msg.text.split()).strip("\"'“”`")
        first, _, rest = text.partition(" ")
        if not text or subcommand(text) in ("list", "show"):
            topics = await self.known.all(person)
            if not topics:
                return safe_reply(tr("You haven't marked any topic as known. `known tokenization` skips that topic in "
                                     "your own reviews and flashcards."))
            return safe_reply(tr("Your reviews and flashcards skip: {topics}. `known rm TOPIC` brings one back.").format(
                topics=tr(", ").join(f"“{t}”" for t in topics)))
        if subcommand(first) in ("rm", "remove", "forget", "unknown", "undo"):
            if not rest:
                raise UserError(tr("Which topic? For example `known rm tokenization`."))
            if not await self.known.remove(person, rest.strip("\"'“”`")):
                raise UserError(tr("“{topic}” isn't among your known topics. `known` lists them.").format(
                    topic=defuse_mass_mentions(rest)))
            return safe_reply(tr("“{topic}” is back in your reviews.").format(topic=defuse_mass_mentions(rest)))
        return await self._add(person, text)

    async def _add(self, person: Person, topic: str) -> Reply:
        shown = defuse_mass_mentions(topic)
        if len(topic) > MAX_TOPIC or not any(ch.isalnum() for ch in topic):
            raise UserError(tr("A topic is a few words from the material, such as `known tokenization` (at most "
                               "{n} characters).").format(n=MAX_TOPIC))
        if len(await self.known.all(person)) >= MAX_TOPICS:
            raise UserError(tr("You already skip {n} topics. `known rm TOPIC` frees one.").format(n=MAX_TOPICS))
        pattern = term_pattern(topic)
        units = [u for u in await self.course.units(person.tenant)
                 if any(pattern.search(t) for t in (u.chapter.title, *u.chapter.terms))]
        cards = [c for c in (await self.catalog.get(person.tenant, await self.catalog.in_order(person.tenant))).values()
                 if about(c, topic)]
        if not units and not cards:
            raise UserError(tr("Nothing in the material is about “{topic}” as far as I can tell, so there is nothing "
                               "to skip. `digest units` lists the course's topics.").format(topic=shown))
        await self.known.add(person, topic)
        numbers = ", ".join(str(u.number) for u in units[:8])
        where = (tr(" (unit {numbers})") if len(units) == 1 else tr(" (units {numbers})")).format(
            numbers=numbers) if units else ""
        return safe_reply(tr("Noted: you know “{topic}”. Your reviews and flashcards skip it{where}. The channel's "
                             "digest is shared, so it still comes; `digest known N` skips a unit for everyone.").format(
                                 topic=shown, where=where))
