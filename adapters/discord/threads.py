"""Threads the bot opens on a question so the conversation (and its follow-ups) stays together."""

from __future__ import annotations

import logging

import discord

from bot.text.mentions import defuse_mass_mentions

log = logging.getLogger(__name__)

THREAD_EXISTS = 160004  # Discord: "A thread has already been created for this message"


def thread_name(question: str) -> str:
    """Discord allows 100 characters; the question's first line, shortened, reads best in the list."""
    line = " ".join(defuse_mass_mentions(question).split("\n", 1)[0].split()) or "Question"
    return line if len(line) <= 90 else line[:89].rstrip() + "…"


async def open_thread(message: discord.Message, question: str) -> discord.Thread | None:
    """A thread on the message (the one it already has, if any); None where threads are impossible."""
    try:
        return await message.create_thread(name=thread_name(question))
    except discord.HTTPException as e:
        if e.code == THREAD_EXISTS and message.guild is not None:
            try:
                found = message.guild.get_thread(message.id) or await message.guild.fetch_channel(message.id)
            except discord.HTTPException:
                found = None
            if isinstance(found, discord.Thread):
                return found
        log.info("no thread for message %s (%s)", message.id, e.text or e.status)
    except ValueError as e:  # not in a guild
        log.info("no thread for message %s (%s)", message.id, e)
    return None
