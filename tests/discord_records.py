"""What the Discord stand-in keeps and hands to tests: ids, people, guilds, interactions, and every
message as a person would see it (content, embeds, buttons, ephemeral or not)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

MESSAGE_CONTENT = 1 << 15  # the privileged intent
EPHEMERAL = 64
_ids = itertools.count(1_100_000_000_000_000_000)


def snowflake() -> str:
    return str(next(_ids))


def now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class Call:
    method: str
    path: str  # e.g. /channels/1/messages
    route: str  # e.g. /channels/{channel_id}/messages
    body: Any  # the JSON payload, if any


@dataclass
class Posted:
    """A message as people see it (the bot's, or someone's), kept up to date with edits."""

    id: str
    channel_id: str
    data: dict[str, Any]
    deleted: bool = False
    edits: int = 0

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    @property
    def ephemeral(self) -> bool:
        return bool(self.data.get("flags", 0) & EPHEMERAL)

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.data.get("embeds") or []

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [c for row in self.data.get("components") or [] for c in row.get("components", [])]

    @property
    def custom_ids(self) -> list[str]:
        return [b["custom_id"] for b in self.buttons]


@dataclass
class Person:
    id: str
    name: str

    @property
    def user(self) -> dict[str, Any]:
        return {"id": self.id, "username": self.name, "discriminator": "0", "global_name": self.name,
                "avatar": None, "bot": False}

    def member(self) -> dict[str, Any]:
        return {"user": self.user, "roles": [], "joined_at": now(), "deaf": False, "mute": False, "flags": 0,
                "permissions": "2251799813685247"}

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass
class Guild:
    id: str
    name: str
    channel: str  # its one text channel
    bot_role: str
    people: list[Person]


@dataclass
class Interaction:
    id: str
    token: str
    channel_id: str
    clicked: str | None = None  # the message a component interaction came from
    original: str | None = None  # the message the interaction's response created or edits
    answered: list[dict[str, Any]] = field(default_factory=list)  # callbacks received
    created: list[str] = field(default_factory=list)  # messages its response and follow-ups created
