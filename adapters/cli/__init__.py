"""The `studybot` command: ingest, sources, search, ask, chat, the study tools, serve, tenant rm.

Translates arguments into core calls and renders results for a terminal or, with --json, for
scripts. The study-tool commands are generated from the core's command table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def build_app() -> typer.Typer:
    from adapters.cli import dictionary, material, serving, talk, tenants
    from adapters.cli.runner import Options
    from bot.runtime.private_files import private_umask

    app = typer.Typer(help="studybot: answers from your team's learning material, with citations.",
                      no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def main(data_dir: Annotated[Path | None, typer.Option(
            "--data-dir", envvar="STUDYBOT_DATA_DIR", help="Where the index and state live.")] = None) -> None:
        private_umask()  # the data dir and everything studybot writes are its user's alone
        Options.data_dir = data_dir

    for module in (material, talk, serving, tenants, dictionary):
        module.register(app)
    return app


def entrypoint() -> None:
    build_app()()
