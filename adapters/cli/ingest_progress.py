"""The progress bar of `studybot ingest`, fed by the pipeline in this process or by a `serve` process's events."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

if TYPE_CHECKING:
    from ingest.pipeline import SourceOutcome


class IngestProgress:
    """A transient bar on stderr with one line per skipped or failed file and per warning; silent when `quiet`."""

    def __init__(self, console: Console, quiet: bool) -> None:
        self.bar: Progress | None = None
        if not quiet:
            self.bar = Progress(TextColumn("[bold]ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                TextColumn("{task.description}"), console=console, transient=True)
        self.task: TaskID | None = None

    def __enter__(self) -> IngestProgress:
        if self.bar is not None:
            self.bar.__enter__()
            self.task = self.bar.add_task("", total=None)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, trace)

    def total(self, files: int) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, total=files)

    def item(self, o: SourceOutcome) -> None:
        if self.bar is None or self.task is None:
            return
        self.bar.advance(self.task)
        if o.status in ("skipped", "failed"):
            # one line per file, however narrow the terminal: scripts and people grep these
            self.bar.console.print(f"[yellow]{o.status}:[/yellow] {escape(str(o.reason))}", soft_wrap=True)
        for warning in o.warnings:
            self.bar.console.print(f"[yellow]warning:[/yellow] {escape(Path(o.target).name)}: {escape(warning)}",
                                   soft_wrap=True)
        self.bar.update(self.task, description=o.title or Path(o.target).name)

    def event(self, event: dict[str, Any]) -> None:
        """A progress event from serve (see adapters/local_protocol.py)."""
        if event.get("event") == "total":
            self.total(int(event.get("files", 0)))
        elif event.get("event") == "item":
            from ingest.pipeline import (
                SourceOutcome,  # imported when used: `studybot --help` stays quick
            )

            self.item(SourceOutcome.from_json(event))
