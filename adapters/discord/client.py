"""The Discord client: receives the core in its constructor, registers commands and buttons in setup_hook."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from adapters.discord.buttons import BUTTONS
from adapters.discord.channel import answer_message
from adapters.discord.clicks import on_click
from adapters.discord.context_menu import ask_about_message
from adapters.discord.incoming import interaction_language, server_only
from adapters.discord.interactions import tell_privately
from adapters.discord.send import NO_PINGS
from adapters.discord.slash import slash_commands
from adapters.discord.sync import CommandSync
from adapters.in_flight import InFlight
from bot.language import replying_in

if TYPE_CHECKING:
    from bot.bootstrap import ChatFacade

log = logging.getLogger(__name__)


def intents(read_content: bool) -> discord.Intents:
    """Guilds and their messages; message_content (privileged) only when it may be used.

    Without it Discord still sends the text of messages that mention the bot, and every
    interaction (slash commands, the context menu, buttons) carries what it needs.
    """
    chosen = discord.Intents.default()
    chosen.message_content = read_content
    return chosen


class StudyTree(app_commands.CommandTree[Any]):
    """Errors raised before a command runs (a stale command, a bad option) still get a kind, private reply."""

    async def on_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        async with interaction.client.work.track():
            if isinstance(error, app_commands.NoPrivateMessage):
                with replying_in(interaction_language(interaction)):
                    text = server_only()
            else:
                text = interaction.client.services.service.failure(getattr(error, "original", error)).text
            await tell_privately(interaction, text)


class StudyClient(discord.Client):
    """One bot for every guild it is in; all it knows about studying comes from the services it is given."""

    def __init__(self, services: ChatFacade, *, read_content: bool = True) -> None:
        settings = services.settings
        # In a StatefulSet each pod runs the gateway shard of its ordinal (DISCORD_SHARD_COUNT, POD_NAME).
        shard = ({"shard_id": settings.discord_shard_id, "shard_count": settings.discord_shard_count}
                 if settings.discord_shard_id is not None else {})
        super().__init__(intents=intents(read_content), allowed_mentions=NO_PINGS, **shard)  # default for every send
        self.services = services
        self.work = InFlight("Discord work")
        self.tree = StudyTree(self)

    async def setup_hook(self) -> None:
        """Before the gateway connects: the commands, the buttons of answers already posted, and (once, from
        shard 0) the registration of commands with Discord when they changed."""
        for command in slash_commands(self.services.library.titles):
            self.tree.add_command(command)
        self.tree.add_command(ask_about_message())
        self.add_dynamic_items(*BUTTONS)
        if self.shard_id not in (None, 0):
            return  # commands are global: shard 0 registers them for everyone
        try:
            await CommandSync(self.services.redis).sync(self.tree)
        except discord.HTTPException as e:  # the commands registered before keep working
            log.warning("could not register application commands: %s", e)

    async def on_ready(self) -> None:
        log.info("Discord: logged in as %s in %d servers", self.user, len(self.guilds))

    async def on_message(self, message: discord.Message) -> None:
        async with self.work.track():
            await answer_message(self, message)

    async def on_click(self, interaction: discord.Interaction[Any], item: discord.ui.Item[Any]) -> None:
        """What the answer buttons call (they know nothing of the core)."""
        await on_click(interaction, item)
