"""Material commands: `ingest`, `sources` (and `sources rm`), `search`."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from adapters.cli.ingest_progress import IngestProgress
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

Find = Callable[[Any, str], Awaitable[list[dict[str, Any]]]]  # search one question, here or in serve


def register(app: typer.Typer) -> None:
    sources_app = typer.Typer(help="List or remove indexed sources.", invoke_without_command=True)
    app.add_typer(sources_app, name="sources")

    @app.command()
    def ingest(
        targets: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or http(s) URLs.")],
        tenant: TenantOpt = None,
        title: Annotated[str | None, typer.Option(help="Title to show in citations.")] = None,
        url: Annotated[str | None, typer.Option(help="Public link of the video or paper, for deep links.")] = None,
        lang: Annotated[str | None, typer.Option(
            "--lang", help="Language of a YouTube video's captions (e.g. en, de); default: the video's own.")] = None,
        chapters: Annotated[Path | None, typer.Option(
            help="The author's chapters, one `0:00 Intro` line each (as in a YouTube description).")] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Add or refresh material. Unchanged sources are skipped; changed ones are replaced atomically.

        YouTube links (videos and playlists) bring their captions, title and the author's chapters.
        While `studybot serve` runs on the same data dir, the running bot does the work and answers from it at once.
        """
        from ingest.fetch import is_url
        from ingest.pipeline import Options, Report

        t = tenant_or_default(tenant)
        authored = read_chapters(chapters, targets)
        options = Options(language=lang, chapters=tuple(authored))
        with IngestProgress(err, quiet=as_json) as progress:
            async def here(s: Any) -> Any:
                await s.index.ensure()  # an index held elsewhere is one clear error, not one per file
                return await s.ingestor.ingest(targets, t, title=title, url=url, on_item=progress.item,
                                               on_total=progress.total, options=options)

            async def in_serve(channel: ServeChannel) -> Any:
                absolute = [target if is_url(target) else os.path.abspath(target) for target in targets]
                request = {"op": "ingest", "targets": absolute, "tenant": t, "title": title, "url": url,
                           "lang": lang, "chapters": [list(c) for c in authored]}
                return Report.from_json(await channel.request(request, progress.event))

            report = run(here, in_serve=in_serve)
        if as_json:
            emit_json(report.as_json())
        else:
            r = report.as_json()
            out.print(f"{r['files']} files: {r['added']} added, {r['updated']} updated, {r['unchanged']} unchanged, "
                      f"{r['skipped']} skipped, {r['failed']} failed; {r['chunks']} chunks in {r['seconds']:.1f}s")
        if not report.ok:
            raise typer.Exit(1)

    def read_chapters(path: Path | None, targets: list[str]) -> list[tuple[float | None, str]]:
        """`--chapters FILE`, read and checked before anything is fetched; exit 2 with the reason."""
        if path is None:
            return []
        from rich.markup import escape

        from bot.errors import SourceError
        from ingest.chapters import chapters_file

        if len(targets) != 1:
            err.print("[red]--chapters belongs to one video or transcript; give exactly one.[/red]")
            raise typer.Exit(2)
        try:
            return chapters_file(path.read_text(encoding="utf-8-sig"), path.name)
        except (OSError, UnicodeDecodeError) as e:
            err.print(f"[red]{path} cannot be read ({getattr(e, 'strerror', None) or e}).[/red]", soft_wrap=True)
        except SourceError as e:
            err.print(f"[red]{escape(str(e))}[/red]", soft_wrap=True)
        raise typer.Exit(2)

    @sources_app.callback()
    def sources(ctx: typer.Context, tenant: TenantOpt = None, as_json: JsonOpt = False) -> None:
        """What is indexed, with chunk counts and links."""
        if ctx.invoked_subcommand:
            return
        t = tenant_or_default(tenant)

        async def here(s: Any) -> list[dict[str, Any]]:
            return [r.as_json() for r in await s.index.records(t)]

        async def in_serve(channel: ServeChannel) -> list[dict[str, Any]]:
            return list((await channel.request({"op": "sources", "tenant": t}))["sources"])

        records = run(here, in_serve=in_serve)
        if as_json:
            emit_json(records)
            return
        if not records:
            out.print("Nothing is indexed yet. Add material with: studybot ingest PATH_OR_URL")
            return
        for r in records:
            link = f"  {r['url']}" if r.get("url") else ""
            out.print(f"[bold]{r['id']}[/bold]  {r['title']}  ({r['kind']}, {r['chunks']} chunks){link}")

    @sources_app.command("rm")
    def sources_rm(source_id: str, tenant: TenantOpt = None) -> None:
        """Remove a source and all its chunks."""
        t = tenant_or_default(tenant)

        async def here(s: Any) -> bool:
            return bool(await s.index.remove(t, source_id))

        async def in_serve(channel: ServeChannel) -> bool:
            return bool((await channel.request({"op": "remove", "tenant": t, "source_id": source_id}))["removed"])

        if not run(here, in_serve=in_serve):
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

        t = tenant_or_default(tenant)

        async def here(s: Any, question: str) -> list[dict[str, Any]]:
            return [h.as_json() for h in (await s.retriever.search(t, question, k)).hits]

        async def in_serve(channel: ServeChannel, question: str) -> list[dict[str, Any]]:
            return list((await channel.request({"op": "search", "tenant": t, "query": question, "k": k}))["hits"])

        if batch is not None:
            items = batch_or_exit(batch)

            def answer_all(find: Find) -> Callable[[Any], Awaitable[None]]:
                async def work(where: Any) -> None:  # the services here, or the channel to serve
                    for item in items:
                        emit_json({"id": item.get("id"), "results": await find(where, str(item["question"]))})
                return work

            run(answer_all(here), in_serve=answer_all(in_serve))
            return

        assert query is not None
        hits = run(lambda s: here(s, query), in_serve=lambda channel: in_serve(channel, query))
        if as_json:
            emit_json({"query": query, "results": hits})
            return
        if not hits:
            out.print("No results. Is anything indexed? `studybot sources` lists what is.")
        for i, h in enumerate(hits, 1):
            out.print(f"[bold]{i}. {h['title']}[/bold] — {h['locator']}  [dim]{h['score']:.3f}[/dim]")
            if h.get("url"):
                out.print(f"   {h['url']}")
            out.print("   " + " ".join(h["text"].split())[:300])
