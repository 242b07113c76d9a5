"""Clicks on an answer's buttons, as events for the core.

👍/👎 become `vote up|down ANSWER_ID`: the message shows the vote was taken (the button coloured)
and the voter is thanked privately. "Save as note" is `note save ANSWER_ID`, answered privately.
A follow-up button asks its question where the answer is (its thread), for everyone there unless
the answer itself was only for the asker.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from adapters.discord.buttons import (
    AskButton,
    CardButton,
    SaveButton,
    VoteButton,
    voted_view,
)
from adapters.discord.incoming import (
    interaction_event,
    interaction_language,
    place,
    server_only,
)
from adapters.discord.interactions import (
    answer_command,
    answer_deferred,
    defer,
    tell_privately,
)
from adapters.discord.send import NO_PINGS
from adapters.discord.surfaces import CommandSurface
from bot.events import Event
from bot.language import replying_in

log = logging.getLogger(__name__)


async def on_click(interaction: discord.Interaction[Any], item: discord.ui.Item[Any]) -> None:
    async with interaction.client.work.track():
        if isinstance(item, CardButton):
            await _card(interaction, item)
        elif interaction.guild_id is None:
            with replying_in(interaction_language(interaction)):
                text = server_only()
            await tell_privately(interaction, text)
        elif isinstance(item, VoteButton):
            await _vote(interaction, item)
        elif isinstance(item, SaveButton):
            await answer_command(interaction, "note", f"save {item.answer_id}")
        elif isinstance(item, AskButton):
            await _ask(interaction, item)


async def _vote(interaction: discord.Interaction[Any], button: VoteButton) -> None:
    try:
        await interaction.response.defer()  # no visible change until the vote is stored
    except discord.HTTPException as e:
        log.warning("could not acknowledge vote %s: %s", interaction.id, e)
        return
    event = interaction_event(interaction, "vote", f"{button.vote} {button.answer_id}")
    outcome = await interaction.client.services.service.receive(event)
    if outcome.reply is None:
        return
    try:
        if not outcome.refused and interaction.message is not None:
            await interaction.edit_original_response(view=voted_view(interaction.message, button.vote))
        await interaction.followup.send(outcome.reply.text, ephemeral=True, allowed_mentions=NO_PINGS)
    except discord.HTTPException as e:
        log.warning("could not show vote %s: %s", interaction.id, e)


async def _ask(interaction: discord.Interaction[Any], button: AskButton) -> None:
    """The suggestion's text comes from the core (a button carries only its number)."""
    only_me = bool(interaction.message and interaction.message.flags.ephemeral)
    if not await defer(interaction, private=only_me):
        return
    await answer_deferred(interaction, "ask", "", private=only_me, only_me=only_me,
                          suggestion=(button.answer_id, button.n))


async def _card(interaction: discord.Interaction[Any], button: CardButton) -> None:
    """Reveal or rate a card, for the clicker alone; in a direct message (the daily reviews) the team comes
    from the button."""
    if not await defer(interaction, private=True):
        return
    parent, thread = place(interaction.channel, interaction.channel_id)
    tenant = str(interaction.guild_id) if interaction.guild_id is not None else button.tenant
    event = Event(platform="discord", tenant=tenant, channel=parent, user=str(interaction.user.id),
                  text=f"{button.choice} {button.card}", event_id=str(interaction.id), thread=thread,
                  command="review", direct=interaction.guild_id is None)
    surface = CommandSurface(interaction, True)
    outcome = await interaction.client.services.service.receive(event, surface)
    try:
        await surface.deliver(outcome)
    except discord.HTTPException as e:
        log.warning("could not answer card click %s: %s", interaction.id, e)
