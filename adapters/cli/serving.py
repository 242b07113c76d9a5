"""`studybot serve`: the chat adapters, the digest scheduler and the ops endpoints in one process."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from adapters.cli.runner import err, run


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        slack: Annotated[bool, typer.Option(
            "--slack", help="Run the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP).")] = False,
        discord: Annotated[bool, typer.Option("--discord", help="Run the Discord bot (DISCORD_TOKEN).")] = False,
        port: Annotated[int | None, typer.Option(help="HTTP port for Slack events (env PORT, default 3000).")] = None,
        host: Annotated[str | None, typer.Option(
            help="Address Slack's HTTP endpoint listens on (env STUDYBOT_HOST, default 127.0.0.1; 0.0.0.0 in a "
                 "container).")] = None,
    ) -> None:
        """Run the chat adapters in one process until interrupted (Ctrl-C, SIGTERM)."""
        from adapters.serve import serve_forever

        if not (slack or discord):
            err.print("[red]Choose what to serve: --slack, --discord or both.[/red]")
            raise typer.Exit(2)

        async def work(s: Any) -> None:
            await serve_forever(s, slack=slack, discord=discord, port=port or s.settings.port,
                                host=host or s.settings.host)

        try:
            run(work, conversations=True)
        except KeyboardInterrupt:
            err.print("stopped")
