"""Every way the bot speaks on Discord, each with mentions that ping nobody."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import discord

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()  # no @everyone/@here, no users, no roles, no reply ping


@dataclass(frozen=True)
class Outgoing:
    """One Discord message: text (under 2,000 characters), optionally an embed and buttons."""

    content: str
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None

    def kwargs(self) -> dict[str, Any]:
        out: dict[str, Any] = {"allowed_mentions": NO_PINGS}
        if self.content:
            out["content"] = self.content
        if self.embed is not None:
            out["embed"] = self.embed
        if self.view is not None:
            out["view"] = self.view
        return out


async def post(channel: discord.abc.Messageable, parts: Sequence[Outgoing],
               reply_to: discord.Message | None = None) -> None:
    """Send the parts in order; the first one as a reply to `reply_to` when given."""
    for i, part in enumerate(parts):
        if i == 0 and reply_to is not None:
            await reply_to.reply(mention_author=False, **part.kwargs())
        else:
            await channel.send(**part.kwargs())


async def tell_privately(interaction: discord.Interaction[Any], text: str, *, answered: bool = False) -> None:
    """A short reply only the person who acted sees (refusals, errors); never raises.

    A public "thinking…" placeholder would make the first follow-up public too, so it
    is removed first (unless it was `answered`, i.e. already replaced by an answer).
    """
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        thinking = interaction.response.type is discord.InteractionResponseType.deferred_channel_message
        if thinking and not answered:
            await interaction.delete_original_response()
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
    except discord.HTTPException as e:
        log.warning("could not answer interaction %s: %s", interaction.id, e)


async def drop_placeholder(interaction: discord.Interaction[Any]) -> None:
    """Remove the "thinking…" placeholder of an interaction that gets no answer (a duplicate)."""
    try:
        await interaction.delete_original_response()
    except discord.HTTPException as e:
        log.warning("could not remove placeholder of interaction %s: %s", interaction.id, e)
