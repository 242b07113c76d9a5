"""A core Reply as Block Kit messages: answer, sources with deep links, notices, follow-ups, 👍/👎.

Slack's limits shape the output: a section holds at most 3,000 characters and a message at most
50 blocks, so long answers are split at line and word boundaries and, if need be, over several
messages. Whatever happens upstream, `guard` makes sure nothing that leaves here can ping a crowd.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from adapters.slack.mrkdwn import escape, link, to_mrkdwn
from bot.conversation import Reply
from bot.safety import defuse_mass_mentions

log = logging.getLogger(__name__)

SECTION_LIMIT = 2900  # Slack allows 3,000; the margin leaves room to close a split code block
MAX_BLOCKS = 50
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
VOTE_ACTIONS = {"up": "studybot_vote_up", "down": "studybot_vote_down"}
FOLLOWUP_ACTION = "studybot_followup_{}"
_USER_ID = re.compile(r"[UW][A-Z0-9]+")


@dataclass(frozen=True)
class SlackMessage:
    """What chat.postMessage / chat.update / chat.postEphemeral take: blocks and a plain fallback."""

    text: str
    blocks: list[dict[str, Any]]


@dataclass(frozen=True)
class Asker:
    """Who asked what, shown above answers whose question nobody else saw (slash commands, buttons)."""

    user: str
    text: str
    command: str = "ask"


def render_reply(reply: Reply, asked: Asker | None = None) -> list[SlackMessage]:
    """The whole reply, as one message, or several when it would not fit in 50 blocks."""
    body = to_mrkdwn(reply.text)
    head = [_asked_block(asked)] if asked else []
    answer = [section(part) for part in split_text(body)]
    tail: list[dict[str, Any]] = []
    if reply.citations:
        tail += [section(part) for part in split_text(_sources(reply))]
    if reply.notices:
        tail.append(_context([to_mrkdwn(n) for n in reply.notices]))
    if reply.followups:
        tail.append(_followups(reply.followups))
    if reply.answer_id:
        tail.append(_feedback(reply.answer_id))
    blocks = head + answer
    pages = [blocks[i:i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)] or [[]]
    if len(pages[-1]) + len(tail) <= MAX_BLOCKS:
        pages[-1] += tail
    else:
        pages.append(tail[:MAX_BLOCKS])
    fallback = _fallback(body, asked)
    return [guard(SlackMessage(fallback if i == 0 else "(continued)", page)) for i, page in enumerate(pages)]


def render_text(text: str) -> SlackMessage:
    """A short note from the core or the adapter (help, refusals, thanks)."""
    return render_reply(Reply(text))[0]


def render_pending(asked: Asker | None = None, doing: str = "Looking through the material…") -> SlackMessage:
    """The placeholder that shows work is under way; chat.update later replaces it with the answer."""
    head = [_asked_block(asked)] if asked else []
    note = f":hourglass_flowing_sand: {escape(doing)}"
    return guard(SlackMessage(_fallback(note, asked), head + [_context([note])]))


def render_partial(text: str, asked: Asker | None = None) -> SlackMessage:
    """An answer still being written (streamed from the model)."""
    body = to_mrkdwn(text)
    head = [_asked_block(asked)] if asked else []
    sections = [section(part) for part in split_text(body)][: MAX_BLOCKS - len(head) - 1]
    return guard(SlackMessage(_fallback(body, asked), head + sections + [_context([":writing_hand: writing…"])]))


def section(mrkdwn: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn or " "}}


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut between lines, else between words, never inside a link."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        for unit in _fit(line, limit):
            joined = f"{current}\n{unit}" if current else unit
            if len(joined) <= limit:
                current = joined
                continue
            pieces.append(current)
            current = unit
    if current.strip():
        pieces.append(current)
    return _balance_code_fences([p.strip("\n") for p in pieces if p.strip()])


def guard(value: Any) -> Any:
    """The last line of defence: no `<!…>` (here, channel, everyone, subteam) leaves the renderer."""
    if isinstance(value, str):
        if "<!" in value:
            log.warning("stripped a Slack special mention from outgoing text")
            return value.replace("<!", "&lt;!")
        return value
    if isinstance(value, SlackMessage):
        return SlackMessage(guard(value.text), guard(value.blocks))
    if isinstance(value, list):
        return [guard(v) for v in value]
    if isinstance(value, dict):
        return {k: guard(v) for k, v in value.items()}
    return value


# -- pieces --------------------------------------------------------------------


def _sources(reply: Reply) -> str:
    lines = ["*Sources*"]
    for c in reply.citations:
        lines.append(link(c.url, f"[{c.n}] {c.title} — {c.locator}"))
        if reply.mode == "llm" and c.quote:  # extractive answers already quote the passage
            lines.append(f"      _“{escape(_shorten(' '.join(c.quote.split()), 200))}”_")
    return "\n".join(lines)


def _asked_block(asked: Asker) -> dict[str, Any]:
    who = f"<@{asked.user}>" if _USER_ID.fullmatch(asked.user) else escape(asked.user)
    lines = defuse_mass_mentions(asked.text).strip().splitlines()
    said = "\n".join("> " + escape(line) for line in lines)
    verb = "asked" if asked.command == "ask" else f"used `/study {escape(asked.command)}`"
    return section(_shorten(f"{who} {verb}" + (f":\n{said}" if said else ""), SECTION_LIMIT))


def _context(mrkdwn_lines: list[str]) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _shorten(line, SECTION_LIMIT)}
                                            for line in mrkdwn_lines[:10]]}


def _followups(questions: list[str]) -> dict[str, Any]:
    buttons = [_button(_shorten(q, BUTTON_TEXT_LIMIT), FOLLOWUP_ACTION.format(i), q[:BUTTON_VALUE_LIMIT])
               for i, q in enumerate(questions[:5])]
    return {"type": "actions", "block_id": "studybot_followups", "elements": buttons}


def _feedback(answer_id: str) -> dict[str, Any]:
    return {"type": "actions", "block_id": "studybot_feedback", "elements": [
        _button("👍 Helpful", VOTE_ACTIONS["up"], answer_id),
        _button("👎 Not helpful", VOTE_ACTIONS["down"], answer_id),
    ]}


def _button(text: str, action_id: str, value: str) -> dict[str, Any]:
    return {"type": "button", "text": {"type": "plain_text", "text": text, "emoji": True},
            "action_id": action_id, "value": value}


def _fallback(body: str, asked: Asker | None) -> str:
    """The plain `text` Slack shows in notifications and where blocks cannot be drawn."""
    head = _asked_block(asked)["text"]["text"] + "\n" if asked else ""
    return _shorten(head + body, SECTION_LIMIT) or " "


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fit(line: str, limit: int) -> list[str]:
    """One line as units of at most `limit` characters, cut at spaces outside `<…>` links."""
    if len(line) <= limit:
        return [line]
    atoms = re.findall(r"<[^<>]*>\S*\s*|[^\s<]+\s*|<\s*|\s+", line)
    units: list[str] = []
    current = ""
    for atom in atoms:
        while len(atom) > limit:  # a single word longer than a section: cut it, not inside an entity
            cut = limit - len(current)
            amp = atom.rfind("&", max(cut - 6, 0), cut)
            cut = amp if amp > 0 else cut
            units.append(current + atom[:cut])
            current, atom = "", atom[cut:]
        if len(current) + len(atom) > limit:
            units.append(current.rstrip())
            current = ""
        current += atom
    if current.strip():
        units.append(current.rstrip())
    return [u for u in units if u]


def _balance_code_fences(pieces: list[str]) -> list[str]:
    """A code block cut in two is closed at the end of one piece and reopened in the next."""
    out: list[str] = []
    reopen = False
    for piece in pieces:
        if reopen:
            piece = "```\n" + piece
        reopen = piece.count("```") % 2 == 1
        out.append(piece + "\n```" if reopen else piece)
    return out
