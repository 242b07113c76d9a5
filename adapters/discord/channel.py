"""Messages in channels and threads, as events for the core.

Every message is offered to the core, which drops what is not for the bot (not addressed, not in
a thread the bot opened, naming other people). Discord says who owns a thread, so a thread the bot
opened before a restart still takes follow-ups without a mention. Without the Message Content
intent, Discord sends the text of mentions only, so follow-ups then need a mention too.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.incoming import message_event, server_only
from adapters.discord.send import NO_PINGS
from adapters.discord.surfaces import MentionSurface
from bot.language import replying_in
from bot.service import language_of

if TYPE_CHECKING:
    from adapters.discord.client import StudyClient

log = logging.getLogger(__name__)

ANSWERABLE = (discord.MessageType.default, discord.MessageType.reply)


async def answer_message(client: StudyClient, message: discord.Message) -> None:
    me = client.user
    if me is None or message.author.bot or message.webhook_id is not None or message.type not in ANSWERABLE:
        return
    try:
        if message.guild is None:
            with replying_in(language_of(message.content or "")):
                text = server_only()
            await message.reply(text, mention_author=False, allowed_mentions=NO_PINGS)
            return
        channel = await _resolved(client, message.channel)
        event = message_event(message, channel, me)
        surface = MentionSurface(message, channel, event.text)
        outcome = await client.services.service.receive(event, surface)
        await surface.deliver(outcome)
    except discord.HTTPException as e:  # Discord refused to show the answer: nobody else can be told
        log.warning("could not answer message %s: %s", message.id, e)


async def _resolved(client: discord.Client, channel: Any) -> Any:
    """A thread missing from the cache arrives as a PartialMessageable; fetch it to know its owner."""
    if isinstance(channel, discord.PartialMessageable):
        try:
            fetched = await client.fetch_channel(channel.id)
        except discord.HTTPException:
            return channel
        if isinstance(fetched, discord.abc.Messageable):
            return fetched
    return channel
