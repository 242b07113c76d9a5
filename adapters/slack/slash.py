"""`/study …` as a core event: the text after the command is read by the core like a message.

`/study` alone is `help`. `--only-me` (or `ask-private QUESTION`) asks for an answer only the asker
sees. Answers for the channel start with a placeholder headed by who asked; it becomes the answer,
and its thread takes follow-ups. Everything else reaches the asker through the command's response_url.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.inbound import plain_text
from adapters.slack.origin import Origin, Placeholder
from adapters.slack.render import Asker
from bot.events import Event

SLASH_COMMAND = "/study"
ONLY_ME = "--only-me"
PRIVATE_ASK = "ask-private"


def only_me_option(text: str) -> tuple[str, bool]:
    """The text without the "only me" option, and whether it was there."""
    words = text.split(" ")
    if words[0].lower() == PRIVATE_ASK:
        return " ".join(["ask", *words[1:]]).strip(), True
    if ONLY_ME in (w.lower() for w in words):
        return " ".join(w for w in words if w.lower() != ONLY_ME).strip(), True
    return text, False


def slash_event(command: dict[str, Any], tenant: str) -> tuple[Event, Origin]:
    user, channel = str(command["user_id"]), str(command["channel_id"])
    text, only_me = only_me_option(plain_text(str(command.get("text") or "")))
    trigger = str(command.get("trigger_id") or f"{channel}:{user}:{text}")
    core = Event(platform="slack", tenant=tenant, channel=channel, user=user, text=text, event_id=f"cmd:{trigger}",
                 command=None if text else "help", only_me=only_me)
    origin = Origin(channel, user, str(command.get("team_id") or "") or None,
                    response_url=command.get("response_url"), placeholder=Placeholder.TOP,
                    asked=Asker(user, text))
    return core, origin

