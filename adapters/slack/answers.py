"""Answering in a thread: admit once, show work under way, stream, post the rendered reply.

Every way a question reaches the bot (@mention, DM, thread follow-up, follow-up button, file
upload) ends here, so dedup, rate limits, the :hourglass_flowing_sand: and error replies are
the same everywhere.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from typing import Any

from slack_sdk.errors import SlackApiError

from adapters.slack.outbox import Outbox, Where
from adapters.slack.parts import SlackParts
from adapters.slack.render import Asker, SlackMessage, render_partial, render_pending, render_reply
from bot.conversation import IncomingMessage, Reply

log = logging.getLogger(__name__)


async def answer_in_thread(parts: SlackParts, where: Where, msg: IncomingMessage, event_id: str,
                           files: list[dict[str, Any]] | None = None, asked: Asker | None = None) -> None:
    """One answer per `event_id`, posted in `where.thread_ts`; refusals and errors only to the user."""
    try:
        admission = await parts.service.admit(msg, event_id)
        if not admission.proceed:
            if admission.reply:
                await parts.outbox.ephemeral(where, render_reply(admission.reply)[0])
            return
        if msg.command == "add" and not parts.service.may_add(msg):
            await parts.outbox.ephemeral(where, render_reply(await parts.service.handle(msg))[0])
            return
        await parts.outbox.react(where)
        try:
            stream = AnswerStream(parts.outbox, where.channel, where.thread_ts, asked=asked)
            if asked:  # nothing of the user's to react to: a placeholder shows the work instead
                await stream.start()
            reply = await _reply(parts, msg, files or [], stream)
            await stream.finish(render_reply(reply, asked))
        finally:
            await parts.outbox.unreact(where)
        if where.thread_ts:
            await parts.threads.join(where.team, where.channel, where.thread_ts)
    except Exception as e:
        await report_failure(parts, where, e)


async def _reply(parts: SlackParts, msg: IncomingMessage, files: list[dict[str, Any]], stream: AnswerStream) -> Reply:
    if not files:
        return await parts.service.handle(msg, stream.partial)
    attachments, problems = await parts.files.fetch_all(files)
    if not attachments:
        return Reply("\n".join(problems))
    reply = await parts.service.handle(dataclasses.replace(msg, attachments=tuple(attachments)))
    return dataclasses.replace(reply, text="\n".join([*problems, reply.text]))


async def report_failure(parts: SlackParts, where: Where, error: BaseException) -> None:
    """A short, kind ephemeral (the core logs the details); never silence, never a stack trace."""
    try:
        await parts.outbox.ephemeral(where, render_reply(parts.service.failure(error))[0])
    except Exception:
        log.exception("could not tell %s in %s that their request failed", where.user, where.channel)


class AnswerStream:
    """One message that shows the answer while it is written, then becomes the rendered reply."""

    def __init__(self, outbox: Outbox, channel: str, thread_ts: str | None, asked: Asker | None = None,
                 ts: str | None = None, interval: float = 1.5) -> None:
        self.outbox, self.channel, self.thread_ts, self.asked = outbox, channel, thread_ts, asked
        self.ts, self.interval = ts, interval
        self._last = 0.0

    async def start(self, pending: SlackMessage | None = None) -> str:
        self.ts = await self.outbox.post(self.channel, pending or render_pending(self.asked), self.thread_ts)
        return self.ts

    async def partial(self, text: str) -> None:
        """Called for every streamed token: updates at most every `interval` seconds, failures ignored."""
        now = time.monotonic()
        if now - self._last < self.interval or not text.strip():
            return
        self._last = now
        try:
            if self.ts is None:
                await self.start(render_partial(text, self.asked))
            else:
                await self.outbox.update(self.channel, self.ts, render_partial(text, self.asked))
        except SlackApiError as e:
            log.info("could not show the partial answer (%s)", e.response.get("error"))

    async def finish(self, pages: list[SlackMessage]) -> None:
        first, *more = pages
        if self.ts is None:
            await self.start(first)
        else:
            await self.outbox.update(self.channel, self.ts, first)
        for page in more:
            await self.outbox.post(self.channel, page, self.thread_ts or self.ts)
