"""Discord messages and interactions as the core's Event: the guild is the tenant, a thread a conversation.

Only translation: who wrote, where, whether the bot was named, whether others were, which files
came along (offered, not downloaded: the core decides whether they are fetched at all).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import discord

from bot.events import Event, FileOffer
from bot.language import tr

PLATFORM = "discord"
_CROWD = re.compile(r"@(everyone|here)\b")


def server_only() -> str:
    """Why a direct message gets no answer, in the reply language."""
    return tr("I answer inside a server, where your team's material lives: ask me in one of its channels.")


def interaction_language(interaction: discord.Interaction[Any]) -> str:
    """The language of a person's Discord client, for replies to an interaction that has no words of theirs."""
    return "zh" if str(getattr(interaction, "locale", "") or "").startswith("zh") else "en"


def place(channel: Any, channel_id: int | None = None) -> tuple[str, str | None]:
    """(channel, thread): a thread's conversation lives under its parent channel, keyed by the thread id."""
    if isinstance(channel, discord.Thread):
        return str(channel.parent_id), str(channel.id)
    return str(getattr(channel, "id", None) or channel_id), None


def own_thread(channel: Any, me: discord.abc.Snowflake | None) -> bool | None:
    """Whether the bot started this thread (Discord remembers, across restarts); None outside threads."""
    if isinstance(channel, discord.Thread) and me is not None:
        return channel.owner_id == me.id
    return None


def offers(attachments: Iterable[discord.Attachment]) -> tuple[FileOffer, ...]:
    return tuple(FileOffer(a.filename, a.size, a.content_type, ref=a) for a in attachments)


def message_event(message: discord.Message, channel: Any, me: discord.ClientUser) -> Event:
    """A message in a guild channel or thread (`channel` is its channel, resolved when it was partial)."""
    assert message.guild is not None
    parent, thread = place(channel)
    return Event(platform=PLATFORM, tenant=str(message.guild.id), channel=parent, user=str(message.author.id),
                 text=question_text(message, me), event_id=str(message.id), message=str(message.id), thread=thread,
                 addressed=addressed_to_me(message, me), names_others=addressed_to_others(message, me),
                 own_thread=own_thread(channel, me), files=offers(message.attachments))


def interaction_event(interaction: discord.Interaction[Any], command: str, text: str, *,
                      files: tuple[FileOffer, ...] = (), only_me: bool = False,
                      message: str | None = None, suggestion: tuple[str, int] | None = None) -> Event:
    """A command, context menu or click: always addressed to the bot. Outside a thread and without a
    `message` to hang a thread on, each person keeps their own conversation per channel (the core's choice)."""
    parent, thread = place(interaction.channel, interaction.channel_id)
    return Event(platform=PLATFORM, tenant=str(interaction.guild_id), channel=parent, user=str(interaction.user.id),
                 text=text.strip(), event_id=str(interaction.id), message=message, thread=thread, command=command,
                 own_thread=own_thread(interaction.channel, interaction.client.user), only_me=only_me, files=files,
                 suggestion=suggestion)


def _self_role(message: discord.Message) -> discord.Role | None:
    return message.guild.self_role if message.guild else None


def addressed_to_me(message: discord.Message, me: discord.abc.Snowflake) -> bool:
    """Mentioned by name, or through the bot's own role (people pick either from the list).

    Not `mentioned_in`, which is also true for @everyone.
    """
    if me.id in message.raw_mentions or any(u.id == me.id for u in message.mentions):
        return True
    role = _self_role(message)
    return role is not None and role.id in message.raw_role_mentions


def addressed_to_others(message: discord.Message, me: discord.abc.Snowflake) -> bool:
    """Someone else (or a crowd) is named: in the bot's thread such a message is people talking."""
    role = _self_role(message)
    return (message.mention_everyone or _CROWD.search(message.content) is not None  # pinged or not, it's for people
            or any(uid != me.id for uid in message.raw_mentions)
            or any(rid != getattr(role, "id", None) for rid in message.raw_role_mentions))


def question_text(message: discord.Message, me: discord.abc.Snowflake) -> str:
    """The message without the bot's mentions, whitespace tidied."""
    role = _self_role(message)
    pattern = rf"<@!?{me.id}>" + (rf"|<@&{role.id}>" if role else "")
    return " ".join(re.sub(pattern, " ", message.content).split())
