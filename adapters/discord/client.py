"""The Discord client: receives the core in its constructor, registers commands in setup_hook."""

from __future__ import annotations

import logging

import discord

from adapters.discord.channel import answer_message
from adapters.discord.commands import StudyTree, build_commands
from adapters.discord.send import NO_PINGS
from adapters.discord.views import VoteButton
from bot.service import StudyService
from bot.settings import Settings

log = logging.getLogger(__name__)


def intents() -> discord.Intents:
    """Guilds and their messages; message_content (privileged) so follow-ups in threads can be read."""
    chosen = discord.Intents.default()
    chosen.message_content = True
    return chosen


class StudyClient(discord.Client):
    """One bot for every guild it is in; all it knows about studying is the StudyService it is given."""

    def __init__(self, service: StudyService, settings: Settings) -> None:
        # In a StatefulSet each pod runs the gateway shard of its ordinal (DISCORD_SHARD_COUNT, POD_NAME).
        shard = ({"shard_id": settings.discord_shard_id, "shard_count": settings.discord_shard_count}
                 if settings.discord_shard_id is not None else {})
        super().__init__(intents=intents(), allowed_mentions=NO_PINGS, **shard)  # the default for every send, too
        self.service, self.settings = service, settings
        self.tree = StudyTree(self)

    async def setup_hook(self) -> None:
        """Before the gateway connects: slash commands, then the buttons of answers already posted."""
        for command in build_commands():
            self.tree.add_command(command)
        self.add_dynamic_items(VoteButton)
        if self.shard_id not in (None, 0):
            return  # commands are global: shard 0 registers them for everyone
        try:
            synced = await self.tree.sync()
            log.info("registered %d slash commands", len(synced))
        except discord.HTTPException as e:  # the commands registered before keep working
            log.warning("could not register slash commands: %s", e)

    async def on_ready(self) -> None:
        log.info("Discord: logged in as %s in %d servers", self.user, len(self.guilds))

    async def on_message(self, message: discord.Message) -> None:
        await answer_message(self, message)
