"""The one message that shows an answer while it is written, then becomes the answer (or goes away).

`EditedMessage` is a placeholder edited in place with chat.update, at most every few seconds
(Tier 3 allows ~50 edits a minute per workspace). `StreamedMessage` writes the answer with Slack's
streaming methods (chat.startStream/appendStream/stopStream, Tier 4) into a thread, and falls back
to edits where Slack will not stream. Partial updates are a courtesy: a rate limit or an error
stops them for this answer, and the final reply still replaces the message. If the message
cannot become the answer, the answer is posted anew and the message removed: no placeholder stays.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_chat_stream import AsyncChatStream

from adapters.slack.blocks import SlackMessage
from adapters.slack.outbox import Outbox, streamable
from adapters.slack.render import Asker, render_partial

log = logging.getLogger(__name__)

EDIT_EVERY = 3.0  # seconds between partial edits of one message
NOT_OFFERED = frozenset({"unknown_method", "not_allowed", "not_allowed_token_type", "missing_scope",
                         "feature_not_enabled", "method_deprecated", "no_permission"})


@dataclass
class Streaming:
    """Whether Slack offers chat.startStream to this app; learnt from the first refusal that says it does not."""

    available: bool = True


class EditedMessage:
    def __init__(self, outbox: Outbox, channel: str, thread_ts: str | None, ts: str | None = None,
                 asked: Asker | None = None) -> None:
        self.outbox, self.channel, self.thread_ts, self.ts, self.asked = outbox, channel, thread_ts, ts, asked
        self._shown_at = time.monotonic() if ts else float("-inf")
        self._paused = False

    async def show(self, text: str) -> None:
        if self._paused or not text.strip() or time.monotonic() - self._shown_at < EDIT_EVERY:
            return
        self._shown_at = time.monotonic()
        try:
            page = render_partial(text, self.asked)
            if self.ts is None:
                self.ts = await self.outbox.post(self.channel, page, self.thread_ts, quick=True)
            else:
                await self.outbox.update(self.channel, self.ts, page, quick=True)
        except SlackApiError as e:
            self._paused = True
            log.info("stopped showing the partial answer (%s)", e.response.get("error"))

    async def finish(self, pages: list[SlackMessage]) -> None:
        """The message becomes the first page; the rest follow in the thread."""
        if self.ts is None:
            await post_all(self.outbox, self.channel, pages, self.thread_ts)
            return
        try:
            await self.outbox.update(self.channel, self.ts, pages[0])
        except SlackApiError as e:
            log.warning("could not turn the placeholder into the answer (%s); posting it anew",
                        e.response.get("error"))
            try:
                await post_all(self.outbox, self.channel, pages, self.thread_ts)
            finally:
                await self.discard()
            return
        await post_all(self.outbox, self.channel, pages[1:], self.thread_ts or self.ts)

    async def discard(self) -> None:
        if self.ts is None:
            return
        ts, self.ts = self.ts, None
        try:
            await self.outbox.delete(self.channel, ts)
        except SlackApiError as e:
            log.warning("could not remove the placeholder (%s)", e.response.get("error"))


class StreamedMessage:
    def __init__(self, outbox: Outbox, streaming: Streaming, channel: str, thread_ts: str, user: str,
                 team: str) -> None:
        self.outbox, self.streaming = outbox, streaming
        self.channel, self.thread_ts, self.user, self.team = channel, thread_ts, user, team
        self._stream: AsyncChatStream | None = None
        self._sent = ""
        self._paused = False
        self._edits = not streaming.available  # this answer is shown by edits instead
        self._edited = EditedMessage(outbox, channel, thread_ts)

    async def show(self, text: str) -> None:
        if self._edits:
            await self._edited.show(text)
            return
        safe = streamable(text)
        if self._paused or not safe.startswith(self._sent):  # a rewrite cannot be streamed; the final shows it
            return
        try:
            if self._stream is None:
                self._stream = await self.outbox.stream(self.channel, self.thread_ts, self.user, self.team)
            await self._stream.append(markdown_text=safe[len(self._sent):])
            self._sent = safe
        except SlackApiError as e:
            await self._refused(e, text)

    async def _refused(self, e: SlackApiError, text: str) -> None:
        """A rate limit pauses the partials; a stream Slack would not start becomes edits."""
        error = str(e.response.get("error"))
        log.info("could not stream the partial answer (%s)", error)
        started = self._stream is not None and self._stream.ts is not None
        if started or e.response.status_code == 429 or error == "ratelimited":
            self._paused = True
            return
        self._stream, self._edits = None, True
        if error in NOT_OFFERED:
            self.streaming.available = False
        await self._edited.show(text)

    async def finish(self, pages: list[SlackMessage]) -> None:
        ts = self._stream.ts if self._stream else None
        if ts is None:
            await self._edited.finish(pages)
            return
        try:
            await self.outbox.stop_stream(self.channel, ts)
        except SlackApiError as e:
            log.info("could not close the stream (%s)", e.response.get("error"))
        await EditedMessage(self.outbox, self.channel, self.thread_ts, ts).finish(pages)

    async def discard(self) -> None:
        ts = self._stream.ts if self._stream else None
        await (EditedMessage(self.outbox, self.channel, self.thread_ts, ts) if ts else self._edited).discard()


async def post_all(outbox: Outbox, channel: str, pages: list[SlackMessage], thread_ts: str | None) -> None:
    for page in pages:
        await outbox.post(channel, page, thread_ts)

