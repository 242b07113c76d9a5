"""The index port: what ingest, retrieval and the study tools need from a vector index.

Two implementations keep this contract: `EdgeIndex` (Qdrant Edge, embedded, the default)
and `QdrantIndex` (a Qdrant server or cluster through qdrant-client). One contract test
suite runs against both.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.models import Chunk, SearchHit, SourceRecord

DENSE = "dense"
SPARSE = "bm25"
RRF_K = 4  # reciprocal rank fusion's constant, set on both implementations so they fuse alike
_IDS = uuid.UUID("6f1c2a52-2f57-4c59-9d0e-6b4c1f7c9a10")

SparseVector = tuple[list[int], list[float]]


def point_id(*parts: object) -> str:
    """A stable UUID for a chunk (tenant, source, version, position) or a source (tenant, source)."""
    return str(uuid.uuid5(_IDS, "/".join(str(p) for p in parts)))


def chunk_point_id(c: Chunk) -> str:
    return point_id(c.tenant, c.source_id, c.version, c.position)


@dataclass(frozen=True)
class DeletedMaterial:
    """What deleting a tenant's material removed, for the log line that says so."""

    sources: int
    chunks: int  # hidden ones (a version being ingested) included


class ChunkIndex(Protocol):
    """Chunks (dense + BM25 sparse vectors) and a registry of sources, per tenant.

    Re-ingest is atomic: `stage` writes a version hidden, `publish` makes it visible in
    one update and then deletes every other version; `discard` drops a failed version.
    """

    async def ensure(self) -> None:
        """Open or create the storage; every other method calls it first."""

    async def stage(self, chunks: Sequence[Chunk], dense: Sequence[list[float]],
                    sparse: Sequence[SparseVector]) -> None: ...

    async def publish(self, record: SourceRecord) -> None: ...

    async def discard(self, tenant: str, source_id: str, version: str) -> None: ...

    async def remove(self, tenant: str, source_id: str) -> bool: ...

    async def delete_tenant(self, tenant: str) -> DeletedMaterial:
        """Delete every chunk and source of a tenant (a workspace that uninstalled the bot)."""

    async def record(self, tenant: str, source_id: str) -> SourceRecord | None: ...

    async def records(self, tenant: str) -> list[SourceRecord]: ...

    async def chunks_of(self, tenant: str, source_id: str) -> list[Chunk]:
        """All live chunks of a source, in document order."""

    async def vectors_of(self, chunks: Sequence[Chunk]) -> list[list[float] | None]:
        """The stored dense vectors of these chunks (None where a point has none), in order."""

    async def hybrid(self, tenant: str, dense: list[float], sparse: SparseVector, limit: int,
                     candidates: int, also: Sequence[list[float]] = ()) -> list[SearchHit]:
        """Dense and BM25 candidates fused by reciprocal rank, tenant-filtered at every stage; `also`
        adds more dense queries to the fusion (a question as written, beside its English senses)."""

    async def dense(self, tenant: str, vector: list[float], limit: int) -> list[SearchHit]: ...

    async def passages(self, tenant: str) -> int:
        """The tenant's searchable chunks: how much material it has."""

    async def term_counts(self, tenant: str, indices: Sequence[int], cap: int) -> dict[int, int]:
        """For each BM25 index, how many of the tenant's searchable chunks contain it (counted up to `cap`)."""

    async def count(self) -> int:
        """Every chunk point, hidden ones included."""

    async def ping(self) -> None:
        """Raise when the index cannot be reached (for /healthz)."""

    async def close(self) -> None: ...
