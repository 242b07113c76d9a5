"""How the core reaches back into Discord while it works on one event, and where its outcome goes.

Three shapes of event, three surfaces:
- a mention in a channel: a public answer opens a thread on the question (a reply where that is
  impossible); private outcomes reply in place, as a message cannot be answered privately;
- a slash command or a click: answered through the interaction, which was deferred at once as
  public or ephemeral according to the command table;
- the message context menu: the answer in a thread on that message, headed by who asked, with a
  private pointer for the asker; ephemeral where threads are impossible.
Streaming goes through `Pace`, so a fast model never outruns Discord's edit limits.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from adapters.discord.destinations import (
    ChannelDestination,
    Destination,
    InteractionDestination,
)
from adapters.discord.pace import Pace
from adapters.discord.render import LIMIT, render_reply, without_previews
from adapters.discord.threads import open_thread
from bot.commands import Audience
from bot.conversation import Reply
from bot.errors import UserError
from bot.events import FileOffer, Outcome, Surface
from bot.language import replying_in, tr
from bot.service import language_of

log = logging.getLogger(__name__)


class DiscordSurface(Surface):
    destination: Destination

    def __init__(self, header: str | None = None, asker: str | None = None) -> None:
        self.header = header  # who asked what, where Discord does not show it
        self.asker = asker  # the mention of who clicked a suggestion: its question heads the answer
        self.pace = Pace()

    async def asked(self, question: str) -> None:
        if self.asker:
            self.header = "-# " + tr("{who} asked: {question}").format(who=self.asker, question=question)

    async def partial(self, text: str) -> None:
        if self.pace.due():
            await self.destination.stream(preview(f"{self.header}\n{text}" if self.header else text))

    async def download(self, offer: FileOffer) -> bytes:
        attachment: discord.Attachment = offer.ref
        try:
            return await attachment.read()
        except (discord.HTTPException, OSError) as e:
            log.info("could not download %s: %s", offer.name, type(e).__name__)
            raise UserError(tr("I could not download it from Discord. Please try again.")) from None

    async def deliver(self, outcome: Outcome) -> None:
        """Render the outcome where it belongs (nothing at all: remove what was shown meanwhile)."""
        if outcome.reply is None:
            await self.destination.withdraw()
            return
        parts = render_reply(outcome.reply, buttons=not outcome.refused,
                             header=None if outcome.private else self.header)
        await self.destination.finish(parts, private=outcome.private)


class MentionSurface(DiscordSurface):
    def __init__(self, message: discord.Message, channel: Any, question: str) -> None:
        super().__init__()
        self.message, self.question = message, question
        self.in_thread = isinstance(channel, discord.Thread)
        self.destination = ChannelDestination(channel, reply_to=None if self.in_thread else message)
        self.channel: discord.abc.Messageable = channel

    async def working(self, command: str, audience: Audience) -> str | None:
        opened = None
        if audience is Audience.CHANNEL and not self.in_thread and self.question:
            opened = await open_thread(self.message, self.question)
            if opened is not None:
                self.channel = opened
                self.destination = ChannelDestination(opened)
        await _typing(self.channel)
        return str(opened.id) if opened else None


class CommandSurface(DiscordSurface):
    def __init__(self, interaction: discord.Interaction[Any], ephemeral: bool, header: str | None = None,
                 asker: str | None = None) -> None:
        super().__init__(header, asker)
        self.destination = InteractionDestination(interaction, ephemeral)


class ContextMenuSurface(DiscordSurface):
    """The interaction was deferred ephemerally: the asker sees "thinking…" and then where the answer is."""

    def __init__(self, interaction: discord.Interaction[Any], target: discord.Message, question: str) -> None:
        with replying_in(language_of(question)):  # the asker's client has not said more by now
            heading = tr("{who} asked about {message}").format(who=interaction.user.mention,
                                                                message=target.jump_url)
        super().__init__("-# " + heading)
        self.interaction, self.target, self.question = interaction, target, question
        self.private = InteractionDestination(interaction, ephemeral=True)
        self.destination = self.private
        self.thread: discord.Thread | None = None

    async def working(self, command: str, audience: Audience) -> str | None:
        if audience is not Audience.CHANNEL or not self.question:
            return None
        channel = self.interaction.channel  # the target's channel, as the interaction describes it in full
        if isinstance(channel, discord.Thread):  # already in a thread: answer there, under the message
            self.thread = channel
            self.destination = ChannelDestination(channel, reply_to=self.target)
            return None
        self.thread = await open_thread(self.target, self.question)
        if self.thread is None:
            return None
        self.destination = ChannelDestination(self.thread)
        await _typing(self.thread)
        return str(self.thread.id)

    async def deliver(self, outcome: Outcome) -> None:
        if outcome.reply is not None and outcome.private and self.destination is not self.private:
            await self.destination.withdraw()  # a refusal after all: only the asker needs to see it
            self.destination = self.private
        await super().deliver(outcome)
        if self.destination is not self.private and self.thread is not None and outcome.reply is not None:
            with replying_in(outcome.reply.lang):
                pointer = tr("Answered in {thread}.").format(thread=self.thread.mention)
            await self.private.finish(render_reply(Reply(pointer, lang=outcome.reply.lang), buttons=False))


def preview(text: str) -> str:
    """The text so far, within one message, links kept from unfolding into previews."""
    text = without_previews(text)
    return text if len(text) <= LIMIT else text[: LIMIT - 1] + "…"


async def _typing(channel: discord.abc.Messageable) -> None:
    try:
        await channel.typing()
    except discord.HTTPException as e:
        log.info("could not show typing: %s", e.status)
