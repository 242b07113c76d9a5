"""Channel Q&A: mention the bot and it answers in a thread on your message.

In a thread the bot started, follow-ups need no mention (the thread's owner is the
bot, which Discord remembers across restarts). Mentioned inside any other thread, it
answers there. The conversation's memory is keyed by the Discord thread id. Files
attached to a mention (or "add <link>") are material to add; that gets a plain reply.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from adapters.discord.attachments import add_material
from adapters.discord.incoming import SERVER_ONLY, addressed_to_me, addressed_to_others, from_message, question_text
from adapters.discord.render import render_reply
from adapters.discord.send import Outgoing, post
from bot.safety import defuse_mass_mentions

if TYPE_CHECKING:
    from adapters.discord.client import StudyClient

log = logging.getLogger(__name__)

ANSWERABLE = (discord.MessageType.default, discord.MessageType.reply)


async def answer_message(client: StudyClient, message: discord.Message) -> None:
    """Answer when addressed (or in the bot's own thread); everything else is none of our business."""
    me = client.user
    if me is None or message.author.bot or message.webhook_id is not None or message.type not in ANSWERABLE:
        return
    if message.guild is None:
        await _short_reply(message, SERVER_ONLY)
        return
    channel = await _resolved(client, message.channel)
    in_thread = isinstance(channel, discord.Thread)
    addressed = addressed_to_me(message, me)
    own_thread = in_thread and channel.owner_id == me.id
    text = question_text(message, me)
    if not addressed and not (own_thread and text and not addressed_to_others(message, me)):
        return
    command, text = client.service.command_from_text(text, has_files=addressed and bool(message.attachments))
    service = client.service
    thread: discord.abc.Messageable | None = channel if in_thread else None
    try:
        msg = from_message(message, text, thread=str(channel.id if in_thread else message.id), command=command)
        admission = await service.admit(msg, event_id=str(message.id))
        if not admission.proceed:
            if admission.reply is not None:
                await _short_reply(message, admission.reply.text)
            return
        if thread is None and command == "ask" and text:  # questions get a thread; "add" and empty pings a reply
            thread = await _open_thread(message, text)
        where = thread or message.channel
        async with where.typing():
            if command == "add":
                reply, _ = await add_material(service, msg, message.attachments)
            else:
                reply = await service.handle(msg)
        await post(where, render_reply(reply), reply_to=None if thread else message)
    except Exception as exc:  # a short, kind reply where the answer was due; never silence, never a stack trace
        await _short_reply(message, service.failure(exc).text, thread)


def thread_name(question: str) -> str:
    """Discord allows 100 characters; the question's first line, shortened, reads best in the list."""
    line = " ".join(defuse_mass_mentions(question).split("\n", 1)[0].split()) or "Question"
    return line if len(line) <= 90 else line[:89].rstrip() + "…"


async def _open_thread(message: discord.Message, question: str) -> discord.Thread | None:
    """A thread on the question; None (answer in the channel instead) where threads are impossible."""
    try:
        return await message.create_thread(name=thread_name(question))
    except (discord.HTTPException, ValueError) as e:
        log.info("no thread for message %s (%s); replying in the channel", message.id, e)
        return None


async def _resolved(client: StudyClient, channel: discord.abc.Messageable) -> discord.abc.Messageable:
    """A thread missing from the cache arrives as a PartialMessageable; fetch it to know its owner."""
    if isinstance(channel, discord.PartialMessageable):
        try:
            fetched = await client.fetch_channel(channel.id)
        except discord.HTTPException:
            return channel
        if isinstance(fetched, discord.abc.Messageable):
            return fetched
    return channel


async def _short_reply(message: discord.Message, text: str, thread: discord.abc.Messageable | None = None) -> None:
    """In the thread when there is one, else as a reply to the message."""
    try:
        await post(thread or message.channel, [Outgoing(text)], reply_to=None if thread else message)
    except discord.HTTPException as e:
        log.warning("could not reply to message %s: %s", message.id, e)
