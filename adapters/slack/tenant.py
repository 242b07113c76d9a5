"""Which tenant (whose material) a Slack request belongs to: one rule for every listener.

An org-wide install on Enterprise Grid serves the whole organisation as one team: its events come
authorized for the enterprise (no workspace), while its slash commands still name the workspace they
were typed in. So the enterprise is the tenant whenever the install is org-wide, else the workspace.
"""

from __future__ import annotations

from typing import Any


def tenant_of(context: Any) -> str:
    """`context`: bolt's request context (anything with the same three fields)."""
    if context.get("is_enterprise_install") and context.get("enterprise_id"):
        return str(context.get("enterprise_id"))
    return str(context.get("team_id") or context.get("enterprise_id") or "unknown")


def installation_tenant(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> str:
    """The tenant an installation serves, by the same rule: the enterprise for an org-wide install."""
    if is_enterprise_install and enterprise_id:
        return enterprise_id
    return str(team_id or enterprise_id or "unknown")
