"""Talking to the core from the terminal: `ask` (also in batches), `chat`, and one command per entry of
the command table (summary, outline, explain, compare, note, quiz, digest), each a message to the
core exactly as Slack and Discord send it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from adapters.cli.runner import (
    JsonOpt,
    TenantOpt,
    batch_or_exit,
    emit_json,
    err,
    out,
    run,
    tenant_or_default,
)
from adapters.cli.serve_channel import ServeChannel
from adapters.cli.served_replies import outcome_from_json
from adapters.cli.terminal import PLATFORM, TerminalSurface, console_event, print_reply
from bot.commands import COMMANDS, Command
from bot.events import Outcome


def register(app: typer.Typer) -> None:
    @app.command()
    def ask(
        question: Annotated[str | None, typer.Argument(help="Your question.")] = None,
        thread: Annotated[str | None, typer.Option(help="Keep memory across runs under this thread id.")] = None,
        batch: Annotated[Path | None, typer.Option(
            help='JSONL file of {"id", "question"}; one JSON answer per line, each in a fresh thread.')] = None,
        tenant: TenantOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Answer a question from the material, with numbered citations."""
        if (question is None) == (batch is None):
            err.print("[red]Give either a QUESTION or --batch FILE.[/red]")
            raise typer.Exit(2)
        if batch is not None:
            _ask_batch(batch_or_exit(batch), tenant)
            return
        outcome = _one(question or "", tenant, as_json, command="ask", thread=thread)
        if outcome.refused:
            raise typer.Exit(1)

    @app.command()
    def chat(tenant: TenantOpt = None) -> None:
        """Talk with your material in the terminal (one conversation; Ctrl-D to leave)."""
        import uuid

        thread = uuid.uuid4().hex
        t = tenant_or_default(tenant)

        async def work(s: Any) -> None:
            count = len(await s.index.records(t))
            mode = "a language model" if s.llm else "extractive answers (no language model configured)"
            out.print(f"[bold]studybot[/bold] — {count} sources indexed, {mode}. Ask a question; Ctrl-D to leave.")
            while (line := await _next_line()) is not None:
                surface = TerminalSurface()
                outcome = await s.service.receive(console_event(t, line, thread=thread), surface)
                if outcome.reply is not None:
                    print_reply(outcome.reply, streamed=surface.finish(outcome.reply.text))

        async def in_serve(channel: ServeChannel) -> None:
            sources = await channel.request({"op": "sources", "tenant": t})
            out.print(f"[bold]studybot[/bold] — {len(sources['sources'])} sources indexed, answered by the running "
                      "serve. Ask a question; Ctrl-D to leave.")
            while (line := await _next_line()) is not None:
                outcome = await _served(channel, t, line, thread=thread, command=None)
                if outcome.reply is not None:
                    print_reply(outcome.reply)

        run(work, conversations=True, in_serve=in_serve)

    for spec in COMMANDS:
        if spec.in_cli:
            app.command(name=spec.name, help=_help(spec))(_study_command(spec))


async def _next_line() -> str | None:
    """The next question typed in `chat`; None when the person leaves."""
    while True:
        try:
            line = await asyncio.to_thread(input, "\n> ")
        except (EOFError, KeyboardInterrupt):
            out.print()
            return None
        if line.strip().lower() in ("exit", "quit", ":q"):
            return None
        if line.strip():
            return line


async def _served(channel: ServeChannel, tenant: str, text: str, *, thread: str | None, command: str | None,
                  where: str = "cli", platform: str = PLATFORM) -> Outcome:
    """One message answered by the running serve, which owns the data dir."""
    request = {"op": "receive", "tenant": tenant, "text": text, "thread": thread, "command": command,
               "channel": where, "platform": platform}
    return outcome_from_json(await channel.request(request), tenant)


def _help(spec: Command) -> str:
    text = spec.summary[:1].upper() + spec.summary[1:] + "."
    if spec.example:
        text += f" For example: studybot {spec.example}"
    if spec.name == "digest":
        text += ". `studybot digest run-due` posts what is due (for cron; console digests print here)."
    return text


def _study_command(spec: Command) -> Any:
    words_help = "; ".join(f"{p.name}: {p.help}" for p in spec.params) or "No arguments."

    def command(
        words: list[str] | None = typer.Argument(None, help=words_help),
        channel: str = typer.Option("cli", "--channel", help="Channel whose notes, quiz or digest to use."),
        platform: str = typer.Option(PLATFORM, "--platform", help="Platform of that channel: console, slack or discord."),
        tenant: str | None = typer.Option(None, "--tenant", help="Tenant whose material to use (default: default)."),
        as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    ) -> None:
        if spec.name == "digest" and words and words[0] == "run-due":
            _run_due(as_json)
            return
        outcome = _one(" ".join(words or []), tenant, as_json, command=spec.name, channel=channel, platform=platform)
        if outcome.refused or (outcome.reply is not None and outcome.reply.abstained):
            raise typer.Exit(1)

    return command


def _one(text: str, tenant: str | None, as_json: bool, *, command: str, thread: str | None = None,
         channel: str = "cli", platform: str = PLATFORM) -> Outcome:
    """One message to the core; its reply printed (as JSON for scripts). While `serve` owns the data dir,
    serve answers it (with the same memory and material)."""
    t = tenant_or_default(tenant)

    async def work(s: Any) -> Outcome:
        event = console_event(t, text, thread=thread, command=command, channel=channel, platform=platform)
        return await s.service.receive(event)

    async def in_serve(to_serve: ServeChannel) -> Outcome:
        return await _served(to_serve, t, text, thread=thread, command=command, where=channel, platform=platform)

    outcome = run(work, conversations=True, in_serve=in_serve)
    reply = outcome.reply
    if reply is None:
        return outcome
    if as_json:
        emit_json(reply.as_json())
    elif outcome.refused:
        err.print(reply.text, markup=False)
    else:
        print_reply(reply)
    return outcome


def _ask_batch(items: list[dict[str, Any]], tenant: str | None) -> None:
    """Every question in its own thread, all in one process, one JSON line each as it is answered."""
    t = tenant_or_default(tenant)

    async def each(answer: Callable[[str], Awaitable[Outcome]]) -> None:
        for item in items:
            started = time.perf_counter()
            outcome = await answer(str(item["question"]))
            reply = outcome.reply.as_json() if outcome.reply else {}
            emit_json({"id": item.get("id"), **reply, "refused": outcome.refused,
                       "latency_ms": round((time.perf_counter() - started) * 1000, 1)})

    async def work(s: Any) -> None:
        await each(lambda question: s.service.receive(console_event(t, question, command="ask")))

    async def in_serve(channel: ServeChannel) -> None:
        await each(lambda question: _served(channel, t, question, thread=None, command="ask"))

    run(work, conversations=True, in_serve=in_serve)


class _ConsolePoster:
    """Digests and reviews for platform "console" go to stdout."""

    async def post(self, platform: str, tenant: str, channel: str, reply: Any) -> None:
        out.print(f"\n[bold]— digest for {platform}:{tenant}:{channel} —[/bold]")
        print_reply(reply)

    async def send_private(self, platform: str, tenant: str, user: str, reply: Any) -> None:
        out.print(f"\n[bold]— reviews for {platform}:{tenant}:{user} —[/bold]")
        print_reply(reply)


def _run_due(as_json: bool) -> None:
    from bot.bootstrap import digest_scheduler, review_sender

    async def work(s: Any) -> Any:
        posters = {PLATFORM: _ConsolePoster()}
        return [*await digest_scheduler(s, posters).run_due(), *await review_sender(s, posters).run_due()]

    outcomes = run(work, conversations=True)
    if as_json:
        emit_json([{"subscription": o.subscription, "slot": o.slot.isoformat(), "status": o.status,
                    "detail": o.detail} for o in outcomes])
    else:
        for o in outcomes:
            detail = f": {o.detail}" if o.detail else ""
            out.print(f"{o.subscription} due {o.slot:%Y-%m-%d %H:%M} UTC — {o.status.replace('_', ' ')}{detail}",
                      markup=False)
        if not outcomes:
            out.print("No digest or review is due.")
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)
