"""Discord events as the core's IncomingMessage: the guild is the tenant, a thread is a conversation."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.conversation import Attachment, IncomingMessage

PLATFORM = "discord"
SERVER_ONLY = "I answer inside a server, where your team's material lives: ask me in one of its channels."
_CROWD = re.compile(r"@(everyone|here)\b")


def place(channel: Any, channel_id: int | None = None) -> tuple[str, str | None]:
    """(channel, thread): a thread's conversation lives under its parent channel, keyed by the thread id."""
    if isinstance(channel, discord.Thread):
        return str(channel.parent_id), str(channel.id)
    return str(getattr(channel, "id", None) or channel_id), None


def from_interaction(interaction: discord.Interaction[Any], command: str, text: str = "",
                     attachments: tuple[Attachment, ...] = ()) -> IncomingMessage:
    """A slash command; outside a thread each person keeps their own conversation per channel."""
    channel, thread = place(interaction.channel, interaction.channel_id)
    user = str(interaction.user.id)
    return IncomingMessage(platform=PLATFORM, tenant=str(interaction.guild_id), channel=channel,
                           thread=thread or f"user-{user}", user=user, text=text, command=command,
                           attachments=attachments)


def from_message(message: discord.Message, text: str, thread: str, command: str = "ask",
                 attachments: tuple[Attachment, ...] = ()) -> IncomingMessage:
    channel, _ = place(message.channel)
    assert message.guild is not None
    return IncomingMessage(platform=PLATFORM, tenant=str(message.guild.id), channel=channel, thread=thread,
                           user=str(message.author.id), text=text, command=command, attachments=attachments)


def addressed_to_me(message: discord.Message, me: discord.abc.Snowflake) -> bool:
    """Mentioned by name, or through the bot's own role (people pick either from the list).

    Not `mentioned_in`, which is also true for @everyone.
    """
    if me.id in message.raw_mentions or any(u.id == me.id for u in message.mentions):
        return True
    role = message.guild.self_role if message.guild else None
    return role is not None and role.id in message.raw_role_mentions


def addressed_to_others(message: discord.Message, me: discord.abc.Snowflake) -> bool:
    """Someone else (or a crowd) is named: in the bot's thread such a message is people talking."""
    role = message.guild.self_role if message.guild else None
    return (message.mention_everyone or _CROWD.search(message.content) is not None  # pinged or not, it's for people
            or any(uid != me.id for uid in message.raw_mentions)
            or any(rid != getattr(role, "id", None) for rid in message.raw_role_mentions))


def question_text(message: discord.Message, me: discord.abc.Snowflake) -> str:
    """The message without the bot's mentions, whitespace tidied."""
    role = message.guild.self_role if message.guild else None
    pattern = rf"<@!?{me.id}>" + (rf"|<@&{role.id}>" if role else "")
    return " ".join(re.sub(pattern, " ", message.content).split())
