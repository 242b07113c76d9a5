"""Messages and @mentions: which ones the bot answers, and as what.

Answered: every @mention, every direct message, and every message in a thread the bot has
answered in. A mention arrives twice (app_mention and message.channels) and Slack retries slow
deliveries; the event id is the message's channel and ts, so all copies share one answer.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.answers import answer_in_thread
from adapters.slack.inbound import plain_text
from adapters.slack.outbox import Where
from adapters.slack.parts import SlackParts
from bot.conversation import IncomingMessage

PERSON_SUBTYPES = (None, "file_share", "thread_broadcast")


def from_a_person(event: dict[str, Any]) -> bool:
    """Not a bot (no loops between bots), not an edit, deletion or join notice."""
    return (event.get("subtype") in PERSON_SUBTYPES and not event.get("bot_id") and bool(event.get("user"))
            and bool(event.get("ts")) and bool(event.get("channel")))


async def on_mention(parts: SlackParts, event: dict[str, Any], team: str, bot_user_id: str | None) -> None:
    if from_a_person(event):
        await answer_message(parts, event, team, bot_user_id, addressed=True)


async def on_message(parts: SlackParts, event: dict[str, Any], team: str, bot_user_id: str | None) -> None:
    if not from_a_person(event):
        return
    addressed = event.get("channel_type") == "im" or (
        bool(bot_user_id) and f"<@{bot_user_id}" in str(event.get("text", "")))
    thread = event.get("thread_ts")
    if addressed or (thread and await parts.threads.contains(team, event["channel"], thread)):
        await answer_message(parts, event, team, bot_user_id, addressed)


async def answer_message(parts: SlackParts, event: dict[str, Any], team: str, bot_user_id: str | None,
                         addressed: bool) -> None:
    """`addressed`: a DM or a mention. Only then is a shared file meant for the bot (to add)."""
    channel, ts, user = str(event["channel"]), str(event["ts"]), str(event["user"])
    thread = str(event.get("thread_ts") or ts)
    text = plain_text(str(event.get("text") or ""), bot_user_id)
    files = [f for f in event.get("files") or [] if isinstance(f, dict)] if addressed else []
    if not addressed and not text:
        return  # a picture dropped into the bot's thread is not a question
    command, text = parts.service.command_from_text(text, has_files=bool(files))
    msg = IncomingMessage(platform="slack", tenant=team, channel=channel, thread=thread, user=user, text=text,
                          command=command)
    where = Where(team, channel, user, thread_ts=thread, message_ts=ts)
    await answer_in_thread(parts, where, msg, event_id=f"msg:{channel}:{ts}", files=files)
