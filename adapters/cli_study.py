"""Study-tool commands of the `studybot` CLI (summary, outline, explain, compare, note, quiz, digest).

Each command is a message to the core (StudyService.handle) with the command set, so the
terminal gets exactly what Slack and Discord get; `digest run-due` runs the scheduler once
(for cron), posting console digests to stdout.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from adapters.cli import emit_json, one_reply, out, print_reply, run

TenantOpt = Annotated[str | None, typer.Option("--tenant", help="Tenant whose material to use (default: default).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
ChannelOpt = Annotated[str, typer.Option("--channel", help="Channel whose notes, quiz or digest to use.")]
PlatformOpt = Annotated[str, typer.Option("--platform", help="Platform of the channel: console, slack or discord.")]
Words = Annotated[list[str] | None, typer.Argument(help="Arguments, as you would type them in chat.")]


def _ask_core(command: str, words: list[str] | None, tenant: str | None, as_json: bool,
              channel: str = "cli", platform: str = "console") -> None:
    reply = one_reply(command, " ".join(words or []), tenant, as_json, channel=channel, platform=platform)
    if reply.abstained:
        raise typer.Exit(1)


class ConsolePoster:
    """Digests for platform "console" go to stdout."""

    async def post(self, platform: str, tenant: str, channel: str, reply: Any) -> None:
        out.print(f"\n[bold]— digest for {platform}:{tenant}:{channel} —[/bold]")
        print_reply(reply)


def _run_due(as_json: bool) -> None:
    from bot.digest.engine import digest_scheduler

    async def work(s: Any) -> Any:
        return await digest_scheduler(s, {"console": ConsolePoster()}).run_due()

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
            out.print("No digest is due.")
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the study-tool commands to the main CLI app (once, however often it is called)."""
    if any(getattr(c.callback, "__name__", "") == "summary" for c in app.registered_commands):
        return

    @app.command()
    def summary(source: Words = None, tenant: TenantOpt = None, as_json: JsonOpt = False) -> None:
        """A structured, cited summary of one source (id or part of its title)."""
        _ask_core("summary", source, tenant, as_json)

    @app.command()
    def outline(source: Words = None, tenant: TenantOpt = None, as_json: JsonOpt = False) -> None:
        """Chapters of a source with start times or pages, gists and deep links."""
        _ask_core("outline", source, tenant, as_json)

    @app.command()
    def explain(term: Words = None, tenant: TenantOpt = None, as_json: JsonOpt = False) -> None:
        """A definition from the material, cited, and where the term first appears."""
        _ask_core("explain", term, tenant, as_json)

    @app.command()
    def compare(ideas: Words = None, tenant: TenantOpt = None, as_json: JsonOpt = False) -> None:
        """Two ideas side by side: `studybot compare SFT vs RLHF`."""
        _ask_core("compare", ideas, tenant, as_json)

    @app.command()
    def note(words: Words = None, channel: ChannelOpt = "cli", platform: PlatformOpt = "console",
             tenant: TenantOpt = None, as_json: JsonOpt = False) -> None:
        """Notes: `note add TEXT`, `note list`, `note search QUERY`, `note save ANSWER_ID`, `note rm ID`."""
        _ask_core("note", words, tenant, as_json, channel, platform)

    @app.command()
    def quiz(words: Words = None, channel: ChannelOpt = "cli", platform: PlatformOpt = "console",
             tenant: TenantOpt = None, as_json: JsonOpt = False) -> None:
        """A question from the material (`quiz [TOPIC]`); `quiz answer [GUESS]` or `quiz reveal` answers it."""
        _ask_core("quiz", words, tenant, as_json, channel, platform)

    @app.command()
    def digest(words: Words = None, channel: ChannelOpt = "cli", platform: PlatformOpt = "console",
               tenant: TenantOpt = None, as_json: JsonOpt = False) -> None:
        """Daily digest: `digest subscribe 09:00 Asia/Shanghai mon-fri`, status, preview, units, known N,
        unsubscribe; `digest run-due` posts what is due (for cron; console digests print here)."""
        if words and words[0] == "run-due":
            _run_due(as_json)
            return
        _ask_core("digest", words, tenant, as_json, channel, platform)
