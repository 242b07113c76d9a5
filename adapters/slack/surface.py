"""How the core reaches back into Slack while it works on one event: the ⏳, a placeholder or a
streamed answer, and file downloads."""

from __future__ import annotations

import dataclasses

from slack_sdk.errors import SlackApiError

from adapters.slack.live import EditedMessage, StreamedMessage
from adapters.slack.origin import Origin, Placeholder
from adapters.slack.parts import SlackParts
from adapters.slack.render import render_pending
from bot.commands import Audience
from bot.events import FileOffer, Surface
from bot.language import tr

NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})


class SlackSurface(Surface):
    def __init__(self, parts: SlackParts, origin: Origin) -> None:
        self.parts, self.origin = parts, origin
        self.live: EditedMessage | StreamedMessage | None = None  # the message that becomes the answer
        self.public = False
        self.not_member = False  # the bot cannot post in this channel: the answer goes to the person alone
        self._reacted = False

    async def working(self, command: str, audience: Audience) -> str | None:
        """⏳ on the person's message; for commands and clicks, a placeholder headed by who asked (or, for
        `add`, a private note). A `/study` placeholder is the answer's own message, so its thread holds
        the conversation."""
        o, outbox = self.origin, self.parts.outbox
        self.public = audience is Audience.CHANNEL
        if o.message_ts:
            self._reacted = await outbox.react(o.channel, o.message_ts)
        if not self.public and o.response_url and command == "add":  # fetching and indexing takes a while
            await outbox.respond(o.response_url, render_pending(doing=tr("Adding it to the material…")))
        if not self.public or o.placeholder is None:
            return None
        asked = dataclasses.replace(o.asked, command=command) if o.asked else None
        thread = o.thread_ts if o.placeholder is Placeholder.THREAD else None
        try:
            ts = await outbox.post(o.channel, render_pending(asked), thread)
        except SlackApiError as e:
            if e.response.get("error") not in NOT_A_MEMBER:
                raise
            self.not_member = True
            return None
        self.live = EditedMessage(outbox, o.channel, thread, ts, asked)
        return ts if o.placeholder is Placeholder.TOP else None

    async def partial(self, text: str) -> None:
        if not self.public or self.not_member:
            return
        if self.live is None:
            self.live = self._stream()
        await self.live.show(text)

    def _stream(self) -> EditedMessage | StreamedMessage:
        """Streams go in the answer's thread: the question's (or its own) in a channel, none atop a DM."""
        o = self.origin
        thread = o.thread_ts or (None if o.direct else o.message_ts)
        if thread is None or o.team is None:  # streams are written for a person of a team
            return EditedMessage(self.parts.outbox, o.channel, thread)
        return StreamedMessage(self.parts.outbox, self.parts.streaming, o.channel, thread, o.user, o.team)

    async def download(self, offer: FileOffer) -> bytes:
        return await self.parts.files.download(offer)

    async def discard(self) -> None:
        """Remove what showed work under way (the answer went elsewhere, or nowhere)."""
        live, self.live = self.live, None
        if live is not None:
            await live.discard()

    async def close(self) -> None:
        await self.discard()
        if self._reacted and self.origin.message_ts:
            await self.parts.outbox.unreact(self.origin.channel, self.origin.message_ts)
