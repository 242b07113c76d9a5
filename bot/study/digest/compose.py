"""One digest: the channel's next unit with its gist, three key terms, a quiz question and links."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.conversation import Reply
from bot.language import message
from bot.study.cards.maker import CardMaker
from bot.study.course.progress import DONE, FINISHED, CourseProgress
from bot.study.course.units import Course, Unit, place_of
from bot.study.outline.builder import Outliner
from bot.study.quiz.cloze import shown_question
from bot.study.quiz.questions import QuizMaker, QuizQuestion
from bot.study.quiz.tool import PendingQuizzes
from bot.study.replies import Citations, safe_reply
from bot.study.review.card import Card
from bot.study.review.catalog import CardCatalog
from bot.text.links import link


@dataclass(frozen=True)
class Digest:
    reply: Reply
    unit: Unit | None  # None for the "course finished" message
    quiz: QuizQuestion | None
    total: int  # units in the course
    cards: list[Card] = field(default_factory=list)  # the unit's cards, for everyone's reviews


class DigestComposer:
    def __init__(self, course: Course, progress: CourseProgress, outliner: Outliner, quiz: QuizMaker,
                 cards: CardMaker, catalog: CardCatalog, pending: PendingQuizzes) -> None:
        self.course, self.progress, self.outliner, self.quiz = course, progress, outliner, quiz
        self.cards, self.catalog, self.pending = cards, catalog, pending

    async def posted(self, channel_id: str, digest: Digest, at: float) -> None:
        """Record a digest the channel was given: its unit done, its cards in everyone's reviews, its
        quiz question open for answers and never asked again."""
        if digest.unit is not None:
            await self.progress.mark(channel_id, [digest.unit.id], DONE)
        else:
            await self.progress.mark(channel_id, [FINISHED], str(digest.total))
        if digest.cards:
            await self.catalog.add(digest.cards, at)
        if digest.quiz is not None:
            await self.pending.put(channel_id, digest.quiz)
            await self.quiz.remember_asked(channel_id, digest.quiz)

    async def next_for(self, channel_id: str, tenant: str, source_id: str | None, *, heading: str | None = None,
                       notices: list[str] | None = None, lang: str = "en") -> Digest | None:
        """The channel's next digest; None when there is nothing new to say (no material, or already told
        that the course is finished)."""
        units = await self.course.units(tenant, source_id)
        if not units:
            return None
        states = await self.progress.states(channel_id)
        remaining = [u for u in units if u.id not in states]
        if not remaining:
            if states.get(FINISHED) == str(len(units)):
                return None
            text = message(lang, "course_done").format(total=len(units))
            return Digest(safe_reply(text, notices=notices), None, None, len(units))
        unit = remaining[0]
        return await self.compose(unit, len(units), remaining[1] if len(remaining) > 1 else None, channel_id,
                                  heading=heading, notices=notices, lang=lang)

    async def compose(self, unit: Unit, total: int, upcoming: Unit | None, channel_id: str, *,
                      heading: str | None = None, notices: list[str] | None = None, lang: str = "en") -> Digest:
        outline = await self.outliner.outline(unit.record)  # titles and gists by the model when there is one
        chapter = outline.chapters[unit.chapter.n - 1] if unit.chapter.n <= len(outline.chapters) else unit.chapter
        citations = Citations()
        gist_ref = citations.of(outline.sentences[chapter.gist_at])
        place = place_of(unit.record.kind, chapter)
        where = link(chapter.url, place) if chapter.url else place
        lines = [heading or message(lang, "digest_heading").format(n=unit.number, total=total),
                 f"**{unit.record.title}** — {where}",
                 f"{chapter.gist} [{gist_ref}]"]
        if chapter.terms:
            lines.append(message(lang, "key_terms") + " " + " · ".join(chapter.terms[:3]))
        question = await self.quiz.from_chapter(outline, chapter, await self.quiz.asked(channel_id))
        if question:
            lines += [f"{message(lang, 'quiz')} {shown_question(question.question)}", message(lang, "quiz_how")]
        cards = await self.cards.for_chapter(outline, chapter, unit=unit.id)
        if cards:
            lines.append(message(lang, "digest_cards" if len(cards) > 1 else "digest_card").format(count=len(cards)))
        if upcoming:
            other = upcoming.record.source_id != unit.record.source_id
            lines.append(message(lang, "digest_next").format(
                label=upcoming.chapter.shown_label(upcoming.record.kind), n=upcoming.number,
                of=message(lang, "digest_next_of").format(title=upcoming.record.title) if other else ""))
        return Digest(safe_reply("\n".join(lines), citations.items, outline.mode, notices), unit, question, total,
                      cards)
