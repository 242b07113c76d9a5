"""`studybot tenant rm T`: forget a tenant, as an uninstall does, at once: its material, notes, digests,
conversations, feedback and every other piece of its state, and its Slack installation if it has one."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from adapters.cli.runner import JsonOpt, emit_json, out, run
from adapters.cli.serve_channel import ServeChannel
from bot.tenants.forget import Forgotten


def register(app: typer.Typer) -> None:
    tenant_app = typer.Typer(help="Manage tenants (a Slack workspace, a Discord server, a --tenant).",
                             no_args_is_help=True)
    app.add_typer(tenant_app, name="tenant")

    @tenant_app.command("rm")
    def rm(tenant: Annotated[str, typer.Argument(help="The tenant id (a Slack team id T…, an enterprise id E…, "
                                                      "a Discord server id, or a --tenant name).")],
           yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
           as_json: JsonOpt = False) -> None:
        """Delete everything of a tenant, now. It cannot be undone."""
        if not yes:
            typer.confirm(f"Delete all material and state of tenant {tenant}? This cannot be undone", abort=True)

        async def here(s: Any) -> Forgotten:
            from adapters.tenant_removal import remove_tenant

            return await remove_tenant(s.tenants, s.redis, tenant)

        async def in_serve(channel: ServeChannel) -> Forgotten:
            done = await channel.request({"op": "forget", "tenant": tenant})
            return Forgotten(str(done["tenant"]), {str(k): int(v) for k, v in dict(done["removed"]).items()})

        forgotten = run(here, conversations=True, in_serve=in_serve)
        if as_json:
            emit_json({"tenant": forgotten.tenant, "removed": forgotten.removed})
        else:
            out.print(f"Removed tenant {escape(tenant)}: {escape(forgotten.describe())}.")
