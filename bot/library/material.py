"""The team's material from chat: `sources` lists it, `add` ingests files and links.

Files reach `add` already downloaded (the core fetched them through the platform after checking
the person may add and the size is within the limit); links are fetched here, public hosts only
unless the operator allows private ones.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from bot.commands import is_link
from bot.conversation import IncomingMessage, PartialSink, Reply
from bot.errors import UserError
from bot.language import message, tr
from bot.models import SourceRecord
from bot.text.mentions import defuse_mass_mentions


class MaterialIngestor(Protocol):
    async def ingest_link(self, link: str, tenant: str, public_only: bool,
                          on_item: Callable[[Any], Awaitable[None]] | None = None) -> list[Any]: ...

    async def ingest_bytes(self, data: bytes, name: str, tenant: str, *, origin: str, title: str | None = None,
                           url: str | None = None, content_type: str | None = None) -> Any: ...


class SourceRegistry(Protocol):
    async def records(self, tenant: str) -> list[SourceRecord]: ...


class Library:
    def __init__(self, index: SourceRegistry, ingestor: MaterialIngestor, private_links: bool = False) -> None:
        self.index, self.ingestor = index, ingestor
        self.private_links = private_links  # may chat links reach private addresses (tests, intranets)

    async def sources(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        records = await self.index.records(msg.tenant)
        if not records:
            return Reply(tr("Nothing is indexed for this team yet. Add material with `add` and a file or link."))
        lines = [tr("{n} sources:").format(n=len(records))]
        for r in records:
            link = f" {r.url}" if r.url else ""
            lines.append(tr("• {title} ({kind}, {chunks} chunks){link}").format(title=r.title, kind=r.kind,
                                                                               chunks=r.chunks, link=link))
        return Reply(defuse_mass_mentions("\n".join(lines)))

    async def titles(self, tenant: str) -> list[str]:
        return [r.title for r in await self.index.records(tenant)]

    async def add(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        links = [w.strip("<>") for w in msg.text.split() if is_link(w)]  # <url>: a Markdown autolink
        if not msg.attachments and not links:
            return Reply(message(msg.lang, "nothing_to_add"))
        lines = []
        for item in msg.attachments:
            assert item.data is not None
            try:
                outcome = await self.ingestor.ingest_bytes(item.data, item.name, msg.tenant,
                                                           origin=f"{msg.platform}:{msg.tenant}:{item.name}",
                                                           content_type=item.content_type)
            except UserError as e:
                lines.append(tr("✗ {name}: {reason}").format(name=item.name, reason=e))
                continue
            lines.append(_describe(outcome, item.name))
        for url in links:
            async def progress(outcome: Any, url: str = url) -> None:  # a playlist's videos, one line each
                lines.append(_describe(outcome, url))
                if on_partial is not None and (shown := on_partial(defuse_mass_mentions("\n".join(lines)))):
                    await shown

            await self.ingestor.ingest_link(url, msg.tenant, public_only=not self.private_links, on_item=progress)
        return Reply(defuse_mass_mentions("\n".join(lines)))


def _describe(outcome: Any, name: str) -> str:
    if outcome.status in ("added", "updated"):
        done = (tr("✓ Added {title} ({chunks} passages). Ask away!") if outcome.status == "added" else
                tr("✓ Updated {title} ({chunks} passages). Ask away!"))
        return done.format(title=outcome.title, chunks=outcome.chunks)
    if outcome.status == "unchanged":
        return tr("• {title} is already indexed and unchanged.").format(title=outcome.title)
    return tr("✗ {name}: {reason}").format(name=name, reason=outcome.reason)
