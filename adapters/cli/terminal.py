"""The terminal as a platform: events for the core, replies printed for people or as JSON for scripts."""

from __future__ import annotations

import sys
import uuid

from rich.markup import escape

from adapters.cli.runner import out
from bot.conversation import Reply
from bot.events import Event, Surface
from bot.language import message

PLATFORM = "console"


def console_event(tenant: str, text: str, *, thread: str | None = None, command: str | None = None,
                  channel: str = "cli", platform: str = PLATFORM) -> Event:
    """One line typed in the terminal; each gets its own event id (the terminal never repeats itself)."""
    return Event(platform=platform, tenant=tenant, channel=channel, user="cli", text=text,
                 event_id=uuid.uuid4().hex, thread=thread or uuid.uuid4().hex, command=command)


class TerminalSurface(Surface):
    """Prints a streaming answer as it grows; remembers whether anything was shown."""

    def __init__(self) -> None:
        self.shown = ""

    async def partial(self, text: str) -> None:
        if text.startswith(self.shown):
            sys.stdout.write(text[len(self.shown):])
            sys.stdout.flush()
            self.shown = text

    def finish(self, final: str) -> bool:
        """True when what was streamed is the final answer; otherwise say it changed."""
        if not self.shown:
            return False
        sys.stdout.write("\n")
        if self.shown.strip() == final.strip():
            return True
        out.print("[dim](answer checked and corrected:)[/dim]")
        return False


def print_reply(reply: Reply, streamed: bool = False) -> None:
    if not streamed:
        body, _, last = reply.text.rpartition("\n")
        if body and last.startswith("_") and last.endswith("_"):  # the how-it-was-made line, in italics
            out.print(body, markup=False)
            out.print(f"[dim italic]{escape(last.strip('_'))}[/dim italic]")
        else:
            out.print(reply.text, markup=False)
    for notice in reply.notices:
        out.print(f"[dim]{escape(notice)}[/dim]")
    if reply.citations:
        out.print(f"\n[bold]{message(reply.lang, 'sources')}[/bold]")
        for c in reply.citations:
            link = f" {c.url}" if c.url else ""
            out.print(f"[{c.n}] {c.title} — {c.locator}{link}", markup=False)
    if reply.followups:
        out.print(f"\n[dim]{message(reply.lang, 'also_ask')}: " + escape(" · ".join(reply.followups)) + "[/dim]")
    if reply.answer_id:
        out.print(f"[dim]{escape(message(reply.lang, 'keep_answer').format(id=reply.answer_id))}[/dim]")
