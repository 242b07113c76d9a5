"""The message context menu "Ask studybot about this message": that message's text is the question.

The answer goes in a thread on that message (or the thread it is in), headed by who asked, so
everyone following the message sees it; the asker gets a private pointer. Where no thread can be
opened, only the asker sees the answer.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.incoming import (
    interaction_event,
    interaction_language,
    server_only,
)
from adapters.discord.interactions import defer, tell_privately
from adapters.discord.surfaces import ContextMenuSurface
from bot.language import replying_in

NAME = "Ask studybot about this message"  # Discord allows 32 characters


def ask_about_message() -> app_commands.ContextMenu:
    menu = app_commands.ContextMenu(name=NAME, callback=_asked, type=discord.AppCommandType.message)
    return app_commands.guild_only(menu)


async def _asked(interaction: discord.Interaction[Any], message: discord.Message) -> None:
    async with interaction.client.work.track():
        if not await defer(interaction, private=True):
            return
        if interaction.guild_id is None:
            with replying_in(interaction_language(interaction)):
                refusal = server_only()
            await tell_privately(interaction, refusal)
            return
        question = " ".join(message.content.split())
        event = interaction_event(interaction, "ask", question, message=str(message.id))
        surface = ContextMenuSurface(interaction, message, question)
        outcome = await interaction.client.services.service.receive(event, surface)
        try:
            await surface.deliver(outcome)
        except discord.HTTPException as e:
            await tell_privately(interaction, interaction.client.services.service.failure(e).text)
