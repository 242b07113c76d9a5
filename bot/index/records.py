"""Source records as payloads: the registry's format, shared by both index implementations."""

from __future__ import annotations

from typing import Any

from bot.models import SourceRecord

# The registry also keeps one point about the index itself: which embedder made its vectors.
META_ID = "00000000-0000-0000-0000-000000000001"


def record_payload(r: SourceRecord) -> dict[str, Any]:
    return {
        "source_id": r.source_id, "tenant": r.tenant, "title": r.title, "kind": r.kind, "origin": r.origin,
        "url": r.url, "version": r.version, "chunks": r.chunks, "ingested_at": r.ingested_at, "extra": r.extra,
    }


def record_from_payload(p: dict[str, Any]) -> SourceRecord:
    return SourceRecord(**{k: p.get(k) for k in SourceRecord.__dataclass_fields__})  # type: ignore[arg-type]


def by_title(records: list[SourceRecord]) -> list[SourceRecord]:
    return sorted(records, key=lambda r: r.title.lower())
