"""What every `studybot` command shares: building the services, closing them, errors in plain words."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from adapters.cli.serve_channel import NoServe, ServeChannel
from bot.errors import StudybotError, UserError
from bot.settings import Settings

T = TypeVar("T")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

TenantOpt = Annotated[str | None, typer.Option("--tenant", help="Tenant whose material to use (default: default).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


class Options:
    """Global options, set by the app's callback before any command runs."""

    data_dir: Path | None = None


def settings() -> Settings:
    chosen = Settings()
    if Options.data_dir is not None:
        chosen.data_dir = Options.data_dir
    return chosen


def tenant_or_default(tenant: str | None) -> str:
    return tenant or settings().default_tenant


def run(work: Callable[[Any], Awaitable[T]], conversations: bool = False,
        in_serve: Callable[[ServeChannel], Awaitable[T]] | None = None) -> T:
    """Build the services, run `work` with them, always close them; errors in plain words.

    With `conversations`, Redis is needed: REDIS_URL, or a private server in the data dir.
    With `in_serve`, a `serve` process that owns the embedded index does the job instead (it holds
    the index, which one process may open at a time).
    """
    from bot.bootstrap import build, build_knowledge
    from bot.index.edge_shard import ShardLocked
    from bot.runtime.local_redis import private_redis
    from bot.runtime.private_files import make_private

    chosen = settings()
    make_private(chosen.data_dir)

    async def main(redis_url: str | None) -> T:
        services = build(chosen, redis_url) if conversations else build_knowledge(chosen)
        try:
            return await work(services)
        finally:
            await services.close()

    def here() -> T:
        private = conversations and not chosen.redis_url
        with private_redis(chosen.data_dir) if private else nullcontext(None) as url:
            return asyncio.run(main(url))

    try:
        if in_serve is None or not chosen.embedded_index:
            return here()
        channel = ServeChannel(chosen.serve_socket)
        try:
            return asyncio.run(in_serve(channel))
        except NoServe:
            pass
        try:
            return here()
        except ShardLocked as locked:  # a serve may have taken the index since the socket was tried
            try:
                return asyncio.run(in_serve(channel))
            except NoServe:
                raise locked from None
    except UserError as e:
        err.print(f"[red]{e}[/red]", markup=True, highlight=False)
        raise typer.Exit(2) from None
    except StudybotError as e:
        err.print(f"[red]studybot could not finish: {e}[/red]")
        raise typer.Exit(1) from None


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def read_batch(path: Path) -> list[dict[str, Any]]:
    """`{"id", "question"}` lines; a clear error for the first bad one."""
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


def batch_or_exit(path: Path) -> list[dict[str, Any]]:
    try:
        return read_batch(path)
    except UserError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from None
