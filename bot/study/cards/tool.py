"""`flashcards SOURCE|TOPIC`: a few cited cards to study now, each with a Reveal button.

A source gives the best card of each of its chapters in order, leaving out cards the person already
has in their reviews and topics they know, so asking again moves on through the source.
"""

from __future__ import annotations

from dataclasses import replace

from bot.clock import Clock
from bot.conversation import CardAction, IncomingMessage, PartialSink, Reply
from bot.errors import UserError
from bot.language import message, tr
from bot.models import SourceRecord
from bot.study.cards.maker import CardMaker
from bot.study.course.units import Course
from bot.study.find_source import naming
from bot.study.outline.chapters import shown_context
from bot.study.quiz.cloze import shown_question
from bot.study.replies import safe_reply
from bot.study.review.card import Card
from bot.study.review.catalog import CardCatalog
from bot.study.review.known import KnownTopics, skipped
from bot.study.review.person import Person
from bot.study.review.recall import ReviewMemory
from bot.study.review.session import ReviewDesk
from bot.text.mentions import defuse_mass_mentions

SHOWN = 5


class FlashcardsTool:
    def __init__(self, maker: CardMaker, course: Course, catalog: CardCatalog, memory: ReviewMemory,
                 known: KnownTopics, desk: ReviewDesk, clock: Clock) -> None:
        self.maker, self.course, self.catalog, self.memory = maker, course, catalog, memory
        self.known, self.desk, self.clock = known, desk, clock

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        query = " ".join(msg.text.split()).strip("\"'“”`")
        if not query:
            raise UserError(tr("Flashcards on what? Name a source or a topic, for example `flashcards tokenization` "
                               "or `flashcards lecture`."))
        person = Person(msg.platform, msg.tenant, msg.user)
        records = await self.course.sources(msg.tenant)
        if not records:
            raise UserError(tr("Nothing is indexed for this team yet, so there are no flashcards. Add material first."))
        named = naming(query, records)
        have = await self.memory.known_cards(person)
        topics = await self.known.all(person)
        if len(named) == 1:
            cards = await self._of_source(named[0], have, topics)
            about = f"“{named[0].title}”"
        else:
            cards = [c for c in await self.maker.on_topic(msg.tenant, query) if not skipped(c, topics, set())]
            about = f"“{defuse_mass_mentions(query)}”"
        await self.catalog.add(cards, self.clock().timestamp())
        if not cards:
            return safe_reply(tr("No new cards on {about}: you have them all in your reviews already, or you marked "
                                 "the topic as known (`known` lists what you skip). `review` shows what is due.").format(
                                     about=about))
        shown = cards[:SHOWN]
        await self.desk.remember_shown(person, shown)
        heading = tr("🃏 **Flashcards on {about}** · {n} card") if len(shown) == 1 else \
            tr("🃏 **Flashcards on {about}** · {n} cards")
        lines = [heading.format(about=about, n=len(shown))]
        for n, card in enumerate(shown, 1):
            lines += [f"**{n}.** {shown_question(card.question)}", f"    _{shown_context(card.context)}_"]
        lines.append(message(msg.lang, "cards_how"))
        reply = safe_reply("\n".join(lines), mode="llm" if any(c.kind == "open" for c in shown) else "extractive")
        return _with(reply, [CardAction(msg.tenant, c.id, n, ("reveal",)) for n, c in enumerate(shown, 1)])

    async def _of_source(self, record: SourceRecord, have: set[str], topics: list[str]) -> list[Card]:
        out: list[Card] = []
        outline = await self.course.outliner.outline(record, use_llm=False)  # the course's own chapters
        for chapter in outline.chapters:
            if len(out) == SHOWN:
                break
            for card in await self.maker.for_chapter(outline, chapter):
                if card.id not in have and not skipped(card, topics, set()):
                    out.append(card)
                    break
        return out


def _with(reply: Reply, cards: list[CardAction]) -> Reply:
    return replace(reply, cards=cards)
