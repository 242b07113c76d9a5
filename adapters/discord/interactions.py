"""Slash commands and clicks: defer at once, then one event to the core, then its outcome.

Discord gives an interaction 3 seconds for a first response, so `defer` comes before anything else
(even the core's dedup and rate-limit check, which needs Redis). Whether the deferral is public or
ephemeral comes from the command table: a reply only the asker sees is deferred ephemerally.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from adapters.discord.incoming import (
    interaction_event,
    interaction_language,
    server_only,
)
from adapters.discord.send import NO_PINGS
from adapters.discord.surfaces import CommandSurface
from bot.commands import Audience, command
from bot.events import FileOffer
from bot.language import replying_in
from bot.service import language_of

log = logging.getLogger(__name__)


def is_private(name: str, only_me: bool = False) -> bool:
    spec = command(name)
    return spec is None or spec.audience_for(only_me) is Audience.ASKER


async def defer(interaction: discord.Interaction[Any], *, private: bool) -> bool:
    """Acknowledge within Discord's 3 seconds, showing "thinking…" (to the asker alone when private)."""
    try:
        await interaction.response.defer(ephemeral=private, thinking=True)
        return True
    except discord.HTTPException as e:  # too late or already answered: nothing can reach the user
        log.warning("could not defer interaction %s: %s", interaction.id, e)
        return False


async def answer_command(interaction: discord.Interaction[Any], name: str, text: str, *,
                         files: tuple[FileOffer, ...] = (), only_me: bool = False) -> None:
    """A slash command with its options joined as the command's text."""
    private = is_private(name, only_me)
    if await defer(interaction, private=private):
        await answer_deferred(interaction, name, text, private=private, files=files, only_me=only_me)


async def answer_deferred(interaction: discord.Interaction[Any], name: str, text: str, *, private: bool,
                          files: tuple[FileOffer, ...] = (), only_me: bool = False,
                          suggestion: tuple[str, int] | None = None) -> None:
    if interaction.guild_id is None:
        with replying_in("zh" if language_of(text) == "zh" else interaction_language(interaction)):
            refusal = server_only()
        await tell_privately(interaction, refusal)
        return
    event = interaction_event(interaction, name, text, files=files, only_me=only_me, suggestion=suggestion)
    surface = CommandSurface(interaction, private, asker=interaction.user.mention if suggestion else None)
    outcome = await interaction.client.services.service.receive(event, surface)
    try:
        await surface.deliver(outcome)
    except discord.HTTPException as e:
        log.warning("could not answer interaction %s: %s", interaction.id, e)


async def tell_privately(interaction: discord.Interaction[Any], text: str) -> None:
    """A short note only the person who acted sees (refusals, errors); never raises.

    A public "thinking…" placeholder would make a follow-up public too, so it is removed first.
    """
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        if interaction.response.type is discord.InteractionResponseType.deferred_channel_message:
            await interaction.delete_original_response()
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
    except discord.HTTPException as e:
        log.warning("could not answer interaction %s: %s", interaction.id, e)
