"""Messages and @mentions as core events.

A mention arrives twice (app_mention and message.channels) and Slack retries slow deliveries; the
event id is the message's channel and ts, so all copies share one answer. Whether a message without
a mention is for the bot (a follow-up in a thread the bot opened, naming nobody else) is the core's
call: this only says whether it was addressed, where it sits and whom it names.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.inbound import names_others, plain_text
from adapters.slack.origin import Origin
from bot.events import Event, FileOffer

PERSON_SUBTYPES = (None, "file_share", "thread_broadcast")


def from_a_person(event: dict[str, Any]) -> bool:
    """Not a bot (no loops between bots), not an edit, deletion or join notice."""
    return (event.get("subtype") in PERSON_SUBTYPES and not event.get("bot_id") and bool(event.get("user"))
            and bool(event.get("ts")) and bool(event.get("channel")))


def message_event(event: dict[str, Any], tenant: str, bot_user_id: str | None,
                  mention: bool = False, retry: bool = False) -> tuple[Event, Origin]:
    channel, ts, user = str(event["channel"]), str(event["ts"]), str(event["user"])
    raw = str(event.get("text") or "")
    direct = event.get("channel_type") == "im"
    thread = str(event["thread_ts"]) if event.get("thread_ts") and event.get("thread_ts") != ts else None
    addressed = mention or direct or bool(bot_user_id and f"<@{bot_user_id}" in raw)
    files = tuple(FileOffer(str(f.get("name") or f.get("title") or f.get("id") or "file"), int(f.get("size") or 0),
                            f.get("mimetype"), ref=f) for f in event.get("files") or [] if isinstance(f, dict))
    core = Event(platform="slack", tenant=tenant, channel=channel, user=user, text=plain_text(raw, bot_user_id),
                 event_id=f"msg:{channel}:{ts}", message=ts, thread=thread, addressed=addressed, direct=direct,
                 names_others=names_others(raw, bot_user_id), files=files, retry=retry)
    team = event.get("user_team") or event.get("team")
    return core, Origin(channel, user, str(team) if team else None, message_ts=ts, thread_ts=thread, direct=direct)
