"""Material commands: `ingest`, `sources` (and `sources rm`), `search`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from adapters.cli.runner import JsonOpt, TenantOpt, batch_or_exit, emit_json, err, out, run


def register(app: typer.Typer) -> None:
    sources_app = typer.Typer(help="List or remove indexed sources.", invoke_without_command=True)
    app.add_typer(sources_app, name="sources")

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
                        bar.console.print(f"[yellow]{o.status}:[/yellow] {escape(str(o.reason))}")
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
            items = batch_or_exit(batch)

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
