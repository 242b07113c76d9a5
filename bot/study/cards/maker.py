"""Cards from the material: a few per course unit, or on a topic someone names.

Each card is one key sentence, preferring sentences that define a term of the unit; the question is
a fill-in-the-blank over that term without a model, or a written question with one (QuizMaker decides).
Cards and quiz questions on the same sentence are the same card, so a quiz answer rates it too.
"""

from __future__ import annotations

from bot.embedding.port import Embedder
from bot.errors import UserError
from bot.language import tr
from bot.search.passages import Candidate
from bot.search.retriever import Retriever
from bot.study.course.units import unit_id
from bot.study.outline.builder import SourceOutline
from bot.study.outline.chapters import Chapter
from bot.study.quiz.questions import (
    QuizMaker,
    QuizQuestion,
    chapter_context,
    chapter_terms,
    sentence_key,
)
from bot.study.review.card import Card, card_id
from bot.study.terms.evidence import gather_evidence

PER_UNIT = 3
PER_TOPIC = 5


def card_of(tenant: str, q: QuizQuestion, unit: str = "", topics: tuple[str, ...] = ()) -> Card:
    """The card for a quiz question (same key sentence, same card)."""
    key = q.asked_key or sentence_key(q.citation.quote)
    return Card(card_id(q.citation.source_id, key), tenant, q.question, q.answer, q.kind, q.context, q.citation,
                unit, topics)


class CardMaker:
    def __init__(self, quiz: QuizMaker, retriever: Retriever, embedder: Embedder) -> None:
        self.quiz, self.retriever, self.embedder = quiz, retriever, embedder

    async def for_chapter(self, outline: SourceOutline, chapter: Chapter, limit: int = PER_UNIT,
                          unit: str | None = None) -> list[Card]:
        """Up to `limit` cards on one unit, each on a different sentence and answer; `unit` is its course id
        (by default the id of the chapter as found in the material)."""
        preferred = chapter_terms(chapter)
        ranked = self.quiz.ranked(outline.sentences[chapter.first:chapter.stop], preferred)
        topics = tuple(dict.fromkeys([chapter.title, *chapter.terms]))
        unit = unit or unit_id(outline.record, chapter)
        return await self._cards(ranked, preferred, chapter_context(outline, chapter), outline.record.tenant,
                                 unit, topics, limit)

    async def on_topic(self, tenant: str, topic: str, limit: int = PER_TOPIC) -> list[Card]:
        evidence = await gather_evidence(self.retriever, self.embedder, tenant, topic)
        pool = evidence.sentences or evidence.related
        ranked = self.quiz.ranked(pool, evidence.names)
        if not ranked:
            raise UserError(tr("The material doesn't seem to cover “{topic}”, so I have no cards on it.").format(
                topic=topic))
        out: list[Card] = []
        for c in ranked:
            if len(out) == limit:
                break
            out += await self._cards([c], [], f"{c.chunk.title}, {c.chunk.locator}", tenant, "",
                                     (topic,), 1, avoid={card.answer.lower() for card in out}, keep=evidence.names)
        return out

    async def _cards(self, ranked: list[Candidate], preferred: list[str], context: str, tenant: str, unit: str,
                     topics: tuple[str, ...], limit: int, avoid: set[str] | None = None,
                     keep: list[str] | None = None) -> list[Card]:
        out: list[Card] = []
        answers = set(avoid or ())
        for sentence in ranked:
            if len(out) == limit:
                break
            q = await self.quiz.question_on(sentence, preferred, context, keep)
            if q is None or q.answer.lower() in answers:
                continue
            answers.add(q.answer.lower())
            out.append(card_of(tenant, q, unit, topics))
        return out
