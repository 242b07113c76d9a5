"""Study-tool commands of the `studybot` CLI (summary, outline, explain, compare, note, quiz, digest)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the study-tool commands to the main CLI app."""
