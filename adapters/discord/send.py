"""Every way the bot speaks on Discord, each with mentions that ping nobody."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

NO_PINGS = discord.AllowedMentions.none()  # no @everyone/@here, no users, no roles, no reply ping


@dataclass(frozen=True)
class Outgoing:
    """One Discord message: text (under 2,000 characters), optionally an embed and buttons."""

    content: str
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None

    def kwargs(self) -> dict[str, Any]:
        """Arguments for send or edit; an edit that drops an embed or buttons must say so (None)."""
        return {"content": self.content, "embed": self.embed, "view": self.view, "allowed_mentions": NO_PINGS}

    def send_kwargs(self) -> dict[str, Any]:
        """Arguments for a new message, which has no embed or buttons to drop."""
        return {k: v for k, v in self.kwargs().items() if v is not None}
