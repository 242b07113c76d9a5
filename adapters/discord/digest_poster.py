"""Posting a scheduled digest to a Discord channel, and a person's daily reviews to them privately."""

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

    async def send_private(self, platform: str, tenant: str, user: str, reply: Reply) -> None:
        """In the person's direct messages with the bot; an error leaves the reviews due for a retry."""
        dm = await self.client.create_dm(discord.Object(int(user)))
        await ChannelDestination(dm).finish(render_reply(reply))
