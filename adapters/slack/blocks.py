"""Block Kit pieces: a message (blocks plus the plain `text` Slack shows in notifications), sections,
context lines and buttons. Every message is guarded on the way out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.slack.guard import guard
from adapters.text_split import shorten, split_message

SECTION_LIMIT = 2900  # Slack allows 3,000 in a section; the margin leaves room to close a split code block

BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
CONTEXT_ELEMENTS = 10


@dataclass(frozen=True)
class SlackMessage:
    """What chat.postMessage, chat.update, chat.postEphemeral and response_url take."""

    text: str
    blocks: list[dict[str, Any]]

    @classmethod
    def of(cls, text: str, blocks: list[dict[str, Any]]) -> SlackMessage:
        return cls(guard(shorten(text, SECTION_LIMIT) or " "), guard(blocks))


def section(mrkdwn: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn or " "}}


def context(mrkdwn_lines: list[str]) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": shorten(line, SECTION_LIMIT)}
                                            for line in mrkdwn_lines[:CONTEXT_ELEMENTS]]}


def button(text: str, action_id: str, value: str) -> dict[str, Any]:
    return {"type": "button", "text": {"type": "plain_text", "text": shorten(text, BUTTON_TEXT_LIMIT), "emoji": True},
            "action_id": action_id, "value": value[:BUTTON_VALUE_LIMIT]}


def actions(block_id: str, buttons: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "actions", "block_id": block_id, "elements": buttons}


def text_length(node: Any) -> int:
    """Characters of text a block shows (what Slack counts against a message's limit)."""
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text"):
            return len(str(node.get("text", "")))
        return sum(text_length(v) for v in node.values())
    if isinstance(node, list):
        return sum(text_length(v) for v in node)
    return 0


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Sections of at most `limit` characters, cut where nothing a reader needs whole is broken."""
    return split_message(text, limit)
