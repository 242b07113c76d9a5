"""The `studybot` command: ingest, sources, search, ask, chat.

Translates arguments to core calls and renders results for a terminal or, with
--json, for scripts. Business logic lives in bot/ and ingest/.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.errors import StudybotError, UserError

T = TypeVar("T")

app = typer.Typer(help="studybot: answers from your team's learning material, with citations.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
sources_app = typer.Typer(help="List or remove indexed sources.", invoke_without_command=True)
app.add_typer(sources_app, name="sources")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

TenantOpt = Annotated[str | None, typer.Option("--tenant", help="Tenant whose material to use (default: default).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


class State:
    data_dir: Path | None = None


def _settings():  # type: ignore[no-untyped-def]
    from bot.settings import Settings

    settings = Settings()
    if State.data_dir is not None:
        settings.data_dir = State.data_dir
    return settings


def run(work: Callable[[Any], Awaitable[T]], conversations: bool = False) -> T:
    """Build the services, run `work` with them, always close them; errors in plain words.

    With `conversations`, Redis is needed: REDIS_URL, or a private server in the data dir.
    """
    from contextlib import nullcontext

    from bot.bootstrap import build, build_knowledge
    from bot.local_redis import private_redis

    settings = _settings()

    async def main(redis_url: str | None) -> T:
        services = build(settings, redis_url) if conversations else build_knowledge(settings)
        try:
            return await work(services)
        finally:
            await services.close()

    try:
        private = conversations and not settings.redis_url
        with private_redis(settings.data_dir) if private else nullcontext(None) as url:
            return asyncio.run(main(url))
    except UserError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from None
    except StudybotError as e:
        err.print(f"[red]studybot could not finish: {e}[/red]")
        raise typer.Exit(1) from None


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


@app.callback()
def main(data_dir: Annotated[Path | None, typer.Option("--data-dir", envvar="STUDYBOT_DATA_DIR",
                                                       help="Where the index and state live.")] = None) -> None:
    State.data_dir = data_dir


@app.command()
def ingest(
    targets: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or http(s) URLs.")],
    tenant: TenantOpt = None,
    title: Annotated[str | None, typer.Option(help="Title to show in citations.")] = None,
    url: Annotated[str | None, typer.Option(help="Public link of the video or paper, for deep links.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add or refresh material. Unchanged sources are skipped; changed ones are replaced atomically."""
    async def work(s: Any) -> Any:
        t = tenant or s.settings.default_tenant
        if as_json:
            return await s.ingestor.ingest(targets, t, title=title, url=url)
        with Progress(TextColumn("[bold]ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=err, transient=True) as bar:
            task = bar.add_task("", total=None)

            def on_item(o: Any) -> None:
                bar.advance(task)
                if o.status in ("skipped", "failed"):
                    bar.console.print(f"[yellow]{o.status}:[/yellow] {o.reason}")
                for warning in o.warnings:
                    bar.console.print(f"[yellow]warning:[/yellow] {escape(Path(o.target).name)}: {escape(warning)}")
                bar.update(task, description=Path(o.target).name)

            return await s.ingestor.ingest(targets, t, title=title, url=url, on_item=on_item,
                                           on_total=lambda n: bar.update(task, total=n))

    report = run(work)
    if as_json:
        emit_json(report.as_json())
    else:
        r = report.as_json()
        out.print(f"{r['files']} files: {r['added']} added, {r['updated']} updated, {r['unchanged']} unchanged, "
                  f"{r['skipped']} skipped, {r['failed']} failed; {r['chunks']} chunks in {r['seconds']:.1f}s")
    if not report.ok:
        raise typer.Exit(1)


@sources_app.callback()
def sources(ctx: typer.Context, tenant: TenantOpt = None, as_json: JsonOpt = False) -> None:
    """What is indexed, with chunk counts and links."""
    if ctx.invoked_subcommand:
        return

    async def work(s: Any) -> Any:
        return await s.index.records(tenant or s.settings.default_tenant)

    records = run(work)
    if as_json:
        emit_json([r.as_json() for r in records])
        return
    if not records:
        out.print("Nothing is indexed yet. Add material with: studybot ingest PATH_OR_URL")
        return
    for r in records:
        link = f"  {r.url}" if r.url else ""
        out.print(f"[bold]{r.source_id}[/bold]  {r.title}  ({r.kind}, {r.chunks} chunks){link}")


@sources_app.command("rm")
def sources_rm(source_id: str, tenant: TenantOpt = None) -> None:
    """Remove a source and all its chunks."""
    async def work(s: Any) -> bool:
        return await s.index.remove(tenant or s.settings.default_tenant, source_id)

    if not run(work):
        err.print(f"[red]No source with id {source_id}. `studybot sources` lists them.[/red]")
        raise typer.Exit(1)
    out.print(f"Removed {source_id}.")


def _read_batch(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise UserError(f"Cannot read {path}: {e.strerror}") from None
    items = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            raise UserError(f"{path}, line {n}: not valid JSON") from None
        if not isinstance(item, dict) or "question" not in item:
            raise UserError(f'{path}, line {n}: expected {{"id": ..., "question": ...}}')
        items.append(item)
    return items


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help="What to look for.")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many results.")] = 5,
    batch: Annotated[Path | None, typer.Option(help='JSONL file of {"id", "question"}; writes JSONL results.')] = None,
    tenant: TenantOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Hybrid (dense + BM25) search over the indexed material."""
    if (query is None) == (batch is None):
        err.print("[red]Give either a QUERY or --batch FILE.[/red]")
        raise typer.Exit(2)

    if batch is not None:
        try:
            items = _read_batch(batch)
        except UserError as e:
            err.print(f"[red]{e}[/red]")
            raise typer.Exit(2) from None

        async def work_batch(s: Any) -> None:
            t = tenant or s.settings.default_tenant
            for item in items:
                found = await s.retriever.search(t, str(item["question"]), k)
                emit_json({"id": item.get("id"), "results": [h.as_json() for h in found.hits]})

        run(work_batch)
        return

    async def work(s: Any) -> Any:
        return await s.retriever.search(tenant or s.settings.default_tenant, query, k)

    found = run(work)
    if as_json:
        emit_json({"query": query, "results": [h.as_json() for h in found.hits]})
        return
    if not found.hits:
        out.print("No results. Is anything indexed? `studybot sources` lists what is.")
    for i, h in enumerate(found.hits, 1):
        c = h.chunk
        out.print(f"[bold]{i}. {c.title}[/bold] — {c.locator}  [dim]{h.score:.3f}[/dim]")
        if c.url:
            out.print(f"   {c.url}")
        out.print("   " + " ".join(c.text.split())[:300])


def print_reply(reply: Any, streamed: bool = False) -> None:
    if not streamed:
        body, _, last = reply.text.rpartition("\n")
        if body and last.startswith("_") and last.endswith("_"):  # the how-it-was-made line, in italics
            out.print(body, markup=False)
            out.print(f"[dim italic]{escape(last.strip('_'))}[/dim italic]")
        else:
            out.print(reply.text, markup=False)
    for notice in reply.notices:
        out.print(f"[dim]{notice}[/dim]")
    if reply.citations:
        out.print("\n[bold]Sources[/bold]")
        for c in reply.citations:
            link = f" {c.url}" if c.url else ""
            out.print(f"[{c.n}] {c.title} — {c.locator}{link}", markup=False)
    if reply.followups:
        out.print("\n[dim]You could also ask: " + " · ".join(reply.followups) + "[/dim]")


def console_message(tenant: str, thread: str, text: str, command: str = "ask", channel: str = "cli",
                    platform: str = "console") -> Any:
    from bot.conversation import IncomingMessage

    return IncomingMessage(platform=platform, tenant=tenant, channel=channel, thread=thread, user="cli", text=text,
                           command=command)


def one_reply(command: str, text: str, tenant: str | None, as_json: bool, thread: str | None = None,
              channel: str = "cli", platform: str = "console") -> Any:
    """Send one message to the core and print its reply (as JSON for scripts); returns the reply."""
    import uuid

    async def work(s: Any) -> Any:
        msg = console_message(tenant or s.settings.default_tenant, thread or uuid.uuid4().hex, text, command,
                              channel, platform)
        return await s.service.handle(msg)

    reply = run(work, conversations=True)
    if as_json:
        emit_json(reply.as_json())
    else:
        print_reply(reply)
    return reply


class Streamer:
    """Prints a streaming answer as it grows; remembers whether anything was shown."""

    def __init__(self) -> None:
        self.shown = ""

    def __call__(self, text: str) -> None:
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


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question.")],
    thread: Annotated[str | None, typer.Option(help="Keep memory across runs under this thread id.")] = None,
    tenant: TenantOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question from the material, with numbered citations."""
    one_reply("ask", question, tenant, as_json, thread)


@app.command()
def chat(tenant: TenantOpt = None) -> None:
    """Talk with your material in the terminal (one conversation; Ctrl-D to leave)."""
    import uuid

    thread = uuid.uuid4().hex

    async def work(s: Any) -> None:
        t = tenant or s.settings.default_tenant
        count = len(await s.index.records(t))
        mode = "a language model" if s.bot.llm else "extractive answers (no language model configured)"
        out.print(f"[bold]studybot[/bold] — {count} sources indexed, {mode}. Ask a question; Ctrl-D to leave.")
        while True:
            try:
                question = await asyncio.to_thread(input, "\n> ")
            except (EOFError, KeyboardInterrupt):
                out.print()
                return
            if not question.strip():
                continue
            if question.strip().lower() in ("exit", "quit", ":q"):
                return
            streamer = Streamer()
            reply = await s.service.handle(console_message(t, thread, question), on_partial=streamer)
            print_reply(reply, streamed=streamer.finish(reply.text))

    run(work, conversations=True)


@app.command()
def serve(
    slack: Annotated[bool, typer.Option("--slack", help="Run the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP).")] = False,
    discord: Annotated[bool, typer.Option("--discord", help="Run the Discord bot (DISCORD_TOKEN).")] = False,
    port: Annotated[int | None, typer.Option(help="HTTP port for Slack events (env PORT, default 3000).")] = None,
) -> None:
    """Run the chat adapters in one process until interrupted."""
    from adapters.serve import serve_forever

    if not (slack or discord):
        err.print("[red]Choose what to serve: --slack, --discord or both.[/red]")
        raise typer.Exit(2)

    async def work(s: Any) -> None:
        await serve_forever(s, slack=slack, discord=discord, port=port or s.settings.port)

    try:
        run(work, conversations=True)
    except KeyboardInterrupt:
        err.print("stopped")


def entrypoint() -> None:
    from adapters.cli_study import register

    register(app)
    app()
