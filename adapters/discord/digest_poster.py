"""Posting a scheduled digest to a Discord channel, for the core's digest scheduler."""

from __future__ import annotations

import discord

from adapters.discord.destinations import ChannelDestination
from adapters.discord.render import render_reply
from bot.conversation import Reply


class DiscordDigestPoster:
    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def post(self, platform: str, tenant: str, channel: str, reply: Reply) -> None:
        """Every part of the rendered digest; an error leaves the digest due for a retry."""
        where = self.client.get_channel(int(channel)) or await self.client.fetch_channel(int(channel))
        if not isinstance(where, discord.abc.Messageable):
            raise TypeError(f"Discord channel {channel} cannot take messages")
        await ChannelDestination(where).finish(render_reply(reply))
