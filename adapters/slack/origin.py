"""Where in Slack an event happened: so where work shows, and how its answer reaches the person."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from adapters.slack.render import Asker


class Placeholder(Enum):
    """Where a public answer shows work under way when there is no message of the person's to react to."""

    TOP = "top"  # a new message in the channel, which becomes the answer and opens its thread (`/study`)
    THREAD = "thread"  # a reply in `thread_ts` (a button, the message shortcut)


@dataclass(frozen=True)
class Clicked:
    """The message whose button was clicked; Slack sends an ephemeral message's click without its content."""

    channel: str
    ts: str
    text: str = ""
    blocks: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class Origin:
    channel: str
    user: str
    team: str | None = None  # the person's workspace (streams are written for a person of a team)
    message_ts: str | None = None  # the person's own message: the ⏳ goes on it
    thread_ts: str | None = None  # where a thread placeholder or stream goes
    direct: bool = False  # a DM with the bot: everything may be a normal message there
    response_url: str | None = None  # commands, clicks and shortcuts: reaches the person anywhere
    placeholder: Placeholder | None = None
    asked: Asker | None = None  # shown above the answer when nobody saw the question
    clicked: Clicked | None = None
