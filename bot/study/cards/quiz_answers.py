"""A quiz answer rates the answerer's own card: right is Good, wrong is Again; when the code cannot tell
(an open question, a reveal), the person rates themselves with the buttons."""

from __future__ import annotations

from bot.clock import Clock
from bot.conversation import CardAction, IncomingMessage
from bot.language import sentences, tr
from bot.study.cards.maker import card_of
from bot.study.quiz.questions import QuizQuestion
from bot.study.review.person import Person
from bot.study.review.session import RATE_CHOICES, ReviewDesk, when


class QuizAnswers:
    def __init__(self, desk: ReviewDesk, clock: Clock) -> None:
        self.desk, self.clock = desk, clock

    async def __call__(self, msg: IncomingMessage, q: QuizQuestion, right: bool | None
                       ) -> tuple[str, list[CardAction]]:
        person, now = Person(msg.platform, msg.tenant, msg.user), self.clock()
        card = card_of(msg.tenant, q)
        if right is None:
            await self.desk.catalog.add([card], now.timestamp())
            return (tr("How did you do? Rate it for your own reviews: again, good or easy (knew it)."),
                    [CardAction(msg.tenant, card.id, 0, RATE_CHOICES)])
        rated = await self.desk.record(person, card, "good" if right else "again", now, msg.channel)
        learner = await self.desk.learners.get(person)
        follow = when(rated, now, learner.schedule.tz if learner else "UTC")
        tail = tr("Knew it cold? ★ Easy shows it less often.") if right else ""
        return (sentences(tr("Saved to your reviews: {when}").format(when=follow[:1].lower() + follow[1:]), tail),
                [CardAction(msg.tenant, card.id, 0, ("easy",))] if right else [])
