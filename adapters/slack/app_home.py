"""The App Home tab: the workspace's sources, its channel digests and how to use the bot.

Published with views.publish whenever someone opens the tab, so it is always current. The facts come
from the core (bot/library/home.py); this only lays them out in Block Kit (at most 100 blocks per view).
"""

from __future__ import annotations

from typing import Any

from adapters.slack.blocks import context, section, split_text
from adapters.slack.guard import guard
from adapters.slack.mrkdwn import escape, link
from adapters.slack.parts import SlackParts
from adapters.slack.slash import ONLY_ME, SLASH_COMMAND
from bot.commands import Command, Param
from bot.library.home import HomeFacts

MAX_BLOCKS = 100
MAX_SECTIONS = 12  # per list: a long list of sources ends with "…and N more"


def home_view(facts: HomeFacts) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        _header("studybot"),
        section("Cited answers from your team's material. Mention me in a channel, send me a direct message, "
                f"or use `{SLASH_COMMAND}`; follow-ups in my threads need no mention."),
        {"type": "divider"},
        _header(f"Sources ({len(facts.sources)})"),
        *_listed([link(r.url, r.title) + f" · {escape(r.kind)}, {r.chunks} passages" for r in facts.sources],
                 "Nothing yet: an admin can add material with `/study add LINK` or by sending me a file."),
        _header("Channel digests"),
        *_digests(facts),
        _header("How to use me"),
        *_listed([_howto(c) for c in facts.commands], ""),
        context([f"`{SLASH_COMMAND} ask {ONLY_ME} QUESTION` answers only you. "
                 "On any message: ⋮ → *Ask studybot about this message*."]),
    ]
    return {"type": "home", "blocks": guard(blocks[:MAX_BLOCKS])}


def _digests(facts: HomeFacts) -> list[dict[str, Any]]:
    if facts.digests is None:
        return [context(["Digests can't be read right now; try again in a moment."])]
    lines = [f"<#{d.channel}> — {escape(d.schedule)}" + (f" · {escape(d.source)}" if d.source else "")
             for d in facts.digests]
    return _listed(lines, f"No channel has a daily digest yet: `{SLASH_COMMAND} digest subscribe 09:00` in one.")


def _howto(c: Command) -> str:
    words = " ".join(_param(p) for p in c.params if p.kind != "file")
    line = f"`{SLASH_COMMAND} {c.name}{' ' + words if words else ''}` — {escape(c.summary)}"
    return line + (f" (e.g. `{SLASH_COMMAND} {escape(c.example)}`)" if c.example else "")


def _param(p: Param) -> str:
    return p.name.upper() if p.required else f"[{p.name.upper()}]"


def _listed(lines: list[str], empty: str) -> list[dict[str, Any]]:
    if not lines:
        return [context([empty])] if empty else []
    pieces = split_text("\n".join("• " + line for line in lines))
    shown = [section(p) for p in pieces[:MAX_SECTIONS]]
    if len(pieces) > MAX_SECTIONS:
        rest = sum(p.count("\n• ") + 1 for p in pieces[MAX_SECTIONS:])
        shown.append(context([f"…and {rest} more"]))
    return shown


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": True}}


async def publish_home(parts: SlackParts, user: str, tenant: str) -> None:
    """Publish the tab for `user`; failures are logged (there is nobody to tell)."""
    facts = await parts.home.facts("slack", tenant)
    await parts.outbox.client.views_publish(user_id=user, view=home_view(facts))
