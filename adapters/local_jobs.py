"""What the CLI may ask a running `serve` to do with the material it owns: ingest, sources, remove, search,
forgetting a whole tenant, and a message to the core (`ask`, `chat` and the study tools).

The same calls the CLI makes when it opens the index itself, with the same rights: whoever can
reach the local socket is the machine's operator.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from adapters.cli.terminal import PLATFORM, console_event
from adapters.tenant_removal import remove_tenant
from bot.bootstrap import Services
from bot.errors import UserError
from ingest.fetch import is_url
from ingest.pipeline import Options

Send = Callable[[dict[str, Any]], None]


def _text(request: dict[str, Any], key: str, required: bool = True) -> str | None:
    value = request.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise UserError(f"The request needs `{key}` as a non-empty string.")
    return value


def _chapters(request: dict[str, Any]) -> tuple[tuple[float | None, str], ...]:
    raw = request.get("chapters") or []
    if not isinstance(raw, list) or not all(isinstance(c, list) and len(c) == 2 and isinstance(c[1], str)
                                            and (c[0] is None or isinstance(c[0], (int, float))) for c in raw):
        raise UserError("`chapters` must be a list of [start seconds, title].")
    return tuple((None if c[0] is None else float(c[0]), c[1]) for c in raw)


class LocalJobs:
    def __init__(self, services: Services) -> None:
        self.k = services

    async def run(self, request: dict[str, Any], send: Send) -> None:
        """Carry out one request, sending progress and then its final event."""
        op = request.get("op")
        tenant = str(_text(request, "tenant"))
        if op == "ingest":
            await self._ingest(request, tenant, send)
        elif op == "sources":
            records = await self.k.index.records(tenant)
            send({"event": "result", "sources": [r.as_json() for r in records]})
        elif op == "remove":
            removed = await self.k.index.remove(tenant, str(_text(request, "source_id")))
            send({"event": "result", "removed": removed})
        elif op == "search":
            k = request.get("k", 5)
            if not isinstance(k, int) or not 1 <= k <= 100:
                raise UserError("`k` must be a whole number from 1 to 100.")
            found = await self.k.retriever.search(tenant, str(_text(request, "query")), k)
            send({"event": "result", "hits": [h.as_json() for h in found.hits]})
        elif op == "receive":
            await self._receive(request, tenant, send)
        elif op == "forget":
            forgotten = await remove_tenant(self.k.tenants, self.k.redis, tenant)
            send({"event": "result", "tenant": forgotten.tenant, "removed": forgotten.removed})
        else:
            raise UserError(f"serve does not know the request {op!r}; is the CLI the same version as serve?")

    async def _receive(self, request: dict[str, Any], tenant: str, send: Send) -> None:
        """One message typed in the terminal, through the core's one use case, as if serve had it."""
        text = request.get("text") or ""
        if not isinstance(text, str):
            raise UserError("The request's `text` must be a string.")
        event = console_event(tenant, text,
                              thread=_text(request, "thread", required=False),
                              command=_text(request, "command", required=False),
                              channel=str(_text(request, "channel", required=False) or "cli"),
                              platform=str(_text(request, "platform", required=False) or PLATFORM))
        outcome = await self.k.service.receive(event)
        reply = outcome.reply.as_json() if outcome.reply is not None else None
        send({"event": "result", "command": outcome.command, "refused": outcome.refused, "reply": reply})

    async def _ingest(self, request: dict[str, Any], tenant: str, send: Send) -> None:
        targets = request.get("targets")
        if not isinstance(targets, list) or not targets or not all(isinstance(t, str) for t in targets):
            raise UserError("The request needs `targets`: a list of paths or URLs.")
        relative = [t for t in targets if not (is_url(t) or os.path.isabs(t))]
        if relative:  # serve's working directory is not the caller's
            raise UserError(f"serve needs absolute paths; got {relative[0]}")
        report = await self.k.ingestor.ingest(
            targets, tenant, title=_text(request, "title", required=False), url=_text(request, "url", required=False),
            on_item=lambda o: send({"event": "item", **o.as_json()}),
            on_total=lambda n: send({"event": "total", "files": n}),
            options=Options(language=_text(request, "lang", required=False), chapters=_chapters(request)))
        send({"event": "report", **report.as_json()})
