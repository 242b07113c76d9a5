"""A core Reply as Slack messages: the answer, sources with deep links, notices, then the buttons.

Long replies become several messages within Slack's limits (see pages). Answers whose question
nobody saw (a `/study` command, a button, the message shortcut) start with who asked what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapters.slack import buttons
from adapters.slack.blocks import (
    SECTION_LIMIT,
    SlackMessage,
    context,
    section,
    split_text,
)
from adapters.slack.mrkdwn import escape, link, to_mrkdwn
from adapters.slack.pages import fit, paginate
from adapters.text_split import shorten
from bot.conversation import Reply
from bot.language import message, replying_in, tr
from bot.text.mentions import defuse_mass_mentions

_USER_ID = re.compile(r"[UW][A-Z0-9]+")
QUOTE_LIMIT = 200
COMMAND_SHOWN = 300


@dataclass(frozen=True)
class Asker:
    """Who asked what, shown above an answer whose question nobody else saw."""

    user: str
    text: str
    command: str = "ask"
    via: str = "slash"  # slash | button | shortcut

    def heading(self) -> str:
        who = f"<@{self.user}>" if _USER_ID.fullmatch(self.user) else escape(self.user)
        text = defuse_mass_mentions(self.text).strip()
        if self.via == "shortcut":
            return tr("{who} asked about this message").format(who=who)
        if self.command != "ask":
            typed = shorten(" ".join(text.split()), COMMAND_SHOWN).replace("`", "'")  # stays one code span
            return tr("{who} used `/study {command}`").format(who=who, command=escape(typed))
        first, _, rest = text.partition(" ")
        question = rest if first.lower() == "ask" and self.via == "slash" else text
        said = "\n".join("> " + escape(line) for line in question.splitlines())
        asked = tr("{who} asked:").format(who=who) + f"\n{said}" if said else tr("{who} asked").format(who=who)
        return shorten(asked, SECTION_LIMIT)


def render_reply(reply: Reply, asked: Asker | None = None, with_buttons: bool = True) -> list[SlackMessage]:
    """The whole reply, as one message or several; buttons close the last one. Written in the reply's language."""
    with replying_in(reply.lang):
        return _rendered(reply, asked, with_buttons)


def _rendered(reply: Reply, asked: Asker | None, with_buttons: bool) -> list[SlackMessage]:
    text = with_mentions(to_mrkdwn(reply.text), reply.mentions)
    body = [section(asked.heading())] if asked else []
    body += [section(part) for part in split_text(text)]
    if reply.citations:
        body += [section(part) for part in split_text(_sources(reply))]
    tail = [context([to_mrkdwn(n) for n in reply.notices])] if reply.notices else []
    if with_buttons and reply.followups:
        tail.append(buttons.followups(reply.followups))
    if with_buttons and reply.answer_id:
        tail.append(buttons.feedback(reply.answer_id, reply.lang))
    if with_buttons:
        tail += [buttons.card_buttons(card) for card in reply.cards]
    return paginate(body, tail, _fallback(text, asked))


def with_mentions(mrkdwn: str, users: list[str]) -> str:
    """The people a reply names on purpose (a weekly summary's most active) as Slack mentions; any other
    mention-like text stays escaped."""
    for user in users:
        if _USER_ID.fullmatch(user):
            mrkdwn = mrkdwn.replace(f"&lt;@{user}&gt;", f"<@{user}>")
    return mrkdwn


def render_text(text: str) -> SlackMessage:
    """A short note (help, a refusal, thanks) as one message."""
    return render_reply(Reply(text), with_buttons=False)[0]


def render_pending(asked: Asker | None = None, doing: str | None = None) -> SlackMessage:
    """The placeholder that shows work under way; it later becomes the answer."""
    note = f":hourglass_flowing_sand: {escape(doing or tr('Looking through the material…'))}"
    head = [section(asked.heading())] if asked else []
    return SlackMessage.of(_fallback(note, asked), head + [context([note])])


def render_partial(text: str, asked: Asker | None = None) -> SlackMessage:
    """An answer still being written: as much as one message holds, then "writing…"."""
    writing = context([":writing_hand: " + tr("writing…")])
    head = [section(asked.heading())] if asked else []
    body = fit(head + [section(part) for part in split_text(to_mrkdwn(text))], [writing])
    return SlackMessage.of(_fallback(to_mrkdwn(text), asked), body + [writing])


def _sources(reply: Reply) -> str:
    lines = [f"*{message(reply.lang, 'sources')}*"]
    for c in reply.citations:
        lines.append(link(c.url, f"[{c.n}] {c.title} — {c.locator}"))
        if reply.mode == "llm" and c.quote:  # extractive answers already quote the passage
            lines.append(f"      _“{escape(shorten(' '.join(c.quote.split()), QUOTE_LIMIT))}”_")
    return "\n".join(lines)


def _fallback(body: str, asked: Asker | None) -> str:
    """The plain `text` Slack shows in notifications and where blocks cannot be drawn."""
    return (asked.heading() + "\n" if asked else "") + body
