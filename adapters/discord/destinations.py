"""Where a reply goes on Discord, and how it gets there while it streams and once it is final.

A channel or thread gets ordinary messages (the first a reply to the question when the answer is
not in a thread of its own); an interaction gets its deferred "thinking…" message, then follow-ups.
Streaming shows the text so far in the first message; the final reply replaces it. If Discord
refuses an edit (a rate limit that outlasts its retries), the final reply is sent afresh rather
than lost, and the stale partial is removed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

import discord

from adapters.discord.send import Outgoing

log = logging.getLogger(__name__)


class Destination(Protocol):
    async def stream(self, text: str) -> None: ...

    async def finish(self, parts: Sequence[Outgoing], *, private: bool = False) -> None: ...

    async def withdraw(self) -> None: ...


class ChannelDestination:
    def __init__(self, channel: discord.abc.Messageable, reply_to: discord.Message | None = None) -> None:
        self.channel, self.reply_to = channel, reply_to
        self.streamed: discord.Message | None = None

    async def stream(self, text: str) -> None:
        if self.streamed is None:
            self.streamed = await self._send(Outgoing(text), first=True)
        else:
            await self.streamed.edit(**Outgoing(text).kwargs())

    async def finish(self, parts: Sequence[Outgoing], *, private: bool = False) -> None:
        """All parts; the first replaces the streamed text. (`private` cannot be honoured in a channel:
        replies to messages are seen by everyone there.)"""
        rest = list(parts)
        if self.streamed is not None:
            try:
                await self.streamed.edit(**rest[0].kwargs())
                rest = rest[1:]
            except discord.HTTPException as e:
                log.info("could not edit the streamed answer (%s); sending it afresh", e.status)
                await _delete(self.streamed)
                self.streamed = None
        for part in rest:
            await self._send(part, first=self.streamed is None and part is parts[0])

    async def withdraw(self) -> None:
        if self.streamed is not None:
            await _delete(self.streamed)
            self.streamed = None

    async def _send(self, part: Outgoing, *, first: bool) -> discord.Message:
        if first and self.reply_to is not None:  # still posted if the question was deleted meanwhile
            reference = self.reply_to.to_reference(fail_if_not_exists=False)
            return await self.channel.send(reference=reference, **part.send_kwargs())
        return await self.channel.send(**part.send_kwargs())


class InteractionDestination:
    def __init__(self, interaction: discord.Interaction[Any], ephemeral: bool) -> None:
        self.interaction, self.ephemeral = interaction, ephemeral  # as the interaction was deferred

    async def stream(self, text: str) -> None:
        await self.interaction.edit_original_response(**Outgoing(text).kwargs())

    async def finish(self, parts: Sequence[Outgoing], *, private: bool = False) -> None:
        """The first part in the deferred message, the rest as follow-ups. A private reply to a public
        deferral removes the public "thinking…" message and comes as follow-ups only the asker sees."""
        rest = list(parts)
        if private and not self.ephemeral:
            await self.withdraw()
        else:
            try:
                await self.interaction.edit_original_response(**rest[0].kwargs())
                rest = rest[1:]
            except discord.HTTPException as e:
                log.info("could not edit the interaction's response (%s); following up instead", e.status)
        for part in rest:
            await self.interaction.followup.send(ephemeral=self.ephemeral or private, **part.send_kwargs())

    async def withdraw(self) -> None:
        try:
            await self.interaction.delete_original_response()
        except discord.HTTPException as e:
            log.info("could not remove the response of interaction %s: %s", self.interaction.id, e.status)


async def _delete(message: discord.Message) -> None:
    try:
        await message.delete()
    except discord.HTTPException as e:
        log.info("could not remove message %s: %s", message.id, e.status)
