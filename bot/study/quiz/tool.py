"""`quiz [TOPIC]` asks a question from the material; `quiz answer [GUESS]` / `quiz reveal` answers it.

The open question is kept per channel in Redis, so anyone in the channel may answer, and
the daily digest's question can be answered the same way.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Protocol

from redis.asyncio import Redis

from bot.conversation import CardAction, IncomingMessage, PartialSink, Reply
from bot.errors import UserError
from bot.language import message, subcommand, tr
from bot.study.outline.chapters import shown_context
from bot.study.quiz.cloze import is_right, shown_question
from bot.study.quiz.questions import QuizMaker, QuizQuestion, channel_key
from bot.study.replies import safe_reply
from bot.text.links import link

ANSWER_WORDS = ("answer", "reveal", "solution")


class PendingQuizzes:
    """The one open question per channel."""

    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis, self.ttl = redis, ttl_seconds

    @staticmethod
    def _key(channel: str) -> str:
        return f"studybot:quiz:pending:{channel}"

    async def put(self, channel: str, q: QuizQuestion) -> None:
        await self.redis.set(self._key(channel), json.dumps(q.as_json(), ensure_ascii=False), ex=self.ttl)

    async def get(self, channel: str) -> QuizQuestion | None:
        raw = await self.redis.get(self._key(channel))
        return QuizQuestion.from_json(json.loads(raw)) if raw else None

    async def take(self, channel: str) -> QuizQuestion | None:
        raw = await self.redis.getdel(self._key(channel))
        return QuizQuestion.from_json(json.loads(raw)) if raw else None


def question_text(q: QuizQuestion) -> str:
    return tr("**Quiz** — from {where}").format(where=shown_context(q.context)) + "\n" + shown_question(q.question)


class AnswerHook(Protocol):
    """What happens to the answerer's own reviews when they answer: `right` is None when the code cannot tell
    (an open question, or a reveal). Gives a line for the reply and the card's buttons."""

    async def __call__(self, msg: IncomingMessage, q: QuizQuestion, right: bool | None
                       ) -> tuple[str, list[CardAction]]: ...


class QuizTool:
    def __init__(self, maker: QuizMaker, pending: PendingQuizzes, on_answer: AnswerHook | None = None) -> None:
        self.maker, self.pending, self.on_answer = maker, pending, on_answer

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        channel = channel_key(msg.platform, msg.tenant, msg.channel)
        first, _, rest = msg.text.strip().partition(" ")
        if subcommand(first) in ANSWER_WORDS:
            return await self._answer(msg, channel, rest.strip() if subcommand(first) == "answer" else "")
        topic = msg.text.strip()
        previous = await self.pending.get(channel)
        q = await (self.maker.on_topic(msg.tenant, channel, topic) if topic else self.maker.anywhere(msg.tenant, channel))
        await self.pending.put(channel, q)
        await self.maker.remember_asked(channel, q)
        lines = [question_text(q), message(msg.lang, "quiz_how")]
        if previous:
            lines.append(tr("_(The answer to the previous question was: {answer})_").format(answer=previous.answer))
        return safe_reply("\n".join(lines), mode="llm" if q.kind == "open" else "extractive")

    async def _answer(self, msg: IncomingMessage, channel: str, guess: str) -> Reply:
        q = await self.pending.take(channel)
        if q is None:
            raise UserError(tr("There's no open question in this channel. Ask for one with `quiz` or `quiz TOPIC`."))
        c = q.citation
        where = link(c.url, c.locator) if c.url else c.locator
        lines = [tr("**Q:** {question}").format(question=shown_question(q.question))]
        right: bool | None = None
        if guess and q.kind == "cloze":
            right = is_right(guess, q.answer)
            lines.append((tr("✓ Right! The answer is **{answer}** [1].") if right else
                          tr("✗ Not quite (you said “{guess}”). The answer is **{answer}** [1].")).format(
                              answer=q.answer, guess=guess))
        elif guess:
            lines.append(tr("You said: “{guess}”. The material's answer: **{answer}** [1]").format(guess=guess,
                                                                                               answer=q.answer))
        else:
            lines.append(tr("**A:** {answer} [1]").format(answer=q.answer))
        lines.append(tr("It's in {title}, {where}: “{quote}”").format(title=c.title, where=where, quote=c.quote))
        cards: list[CardAction] = []
        if self.on_answer is not None:
            line, cards = await self.on_answer(msg, q, right)
            lines.append(line)
        reply = safe_reply("\n".join(lines), [c], mode="llm" if q.kind == "open" else "extractive")
        return dataclasses.replace(reply, cards=cards)
