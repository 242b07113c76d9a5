"""The Qdrant side: one chunk collection (dense + BM25 sparse) and a source registry.

Re-ingest is atomic: a new version's points are written hidden (`live=false`), then
made visible in one payload update, and only then are older versions deleted. A
failed ingest leaves hidden points that the next attempt overwrites or deletes.
Every query filters on the tenant, which is a tenant-keyed payload index.
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Sequence

from qdrant_client import AsyncQdrantClient, models

from bot.models import Chunk, SearchHit, SourceRecord

DENSE = "dense"
SPARSE = "bm25"
_IDS = uuid.UUID("6f1c2a52-2f57-4c59-9d0e-6b4c1f7c9a10")

SparseVector = tuple[list[int], list[float]]


def _match(key: str, value: object) -> models.FieldCondition:
    return models.FieldCondition(key=key, match=models.MatchValue(value=value))  # type: ignore[arg-type]


def point_id(*parts: object) -> str:
    return str(uuid.uuid5(_IDS, "/".join(str(p) for p in parts)))


class QdrantIndex:
    def __init__(
        self,
        client: AsyncQdrantClient,
        collection: str,
        dimensions: int,
        shards: int = 1,
        replication: int = 1,
        write_consistency: int = 1,
    ) -> None:
        self.client = client
        self.collection = collection
        self.registry = f"{collection}_sources"
        self._dims = dimensions
        self._shards, self._replication, self._consistency = shards, replication, write_consistency
        self._ready = False

    async def ensure(self) -> None:
        """Create the collections and payload indexes once; every public method calls it."""
        if self._ready:
            return
        cluster = {
            "shard_number": self._shards,
            "replication_factor": self._replication,
            "write_consistency_factor": self._consistency,
        }
        if not await self.client.collection_exists(self.collection):
            await self.client.create_collection(
                self.collection,
                vectors_config={DENSE: models.VectorParams(size=self._dims, distance=models.Distance.COSINE)},
                sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
                **cluster,
            )
            await self._index_payload(self.collection)
        if not await self.client.collection_exists(self.registry):
            await self.client.create_collection(self.registry, vectors_config={}, **cluster)
            await self._index_payload(self.registry)
        self._ready = True

    async def _index_payload(self, collection: str) -> None:
        """Tenant-keyed index (co-locates a tenant's points on a server); embedded mode ignores it."""
        tenant = models.KeywordIndexParams(type=models.KeywordIndexType.KEYWORD, is_tenant=True)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Payload indexes have no effect")
            await self.client.create_payload_index(collection, "tenant", tenant)
            await self.client.create_payload_index(collection, "source_id", models.PayloadSchemaType.KEYWORD)
            if collection == self.collection:
                await self.client.create_payload_index(collection, "live", models.PayloadSchemaType.BOOL)

    # -- writing -------------------------------------------------------------

    async def stage(self, chunks: Sequence[Chunk], dense: Sequence[list[float]], sparse: Sequence[SparseVector]) -> None:
        """Write points hidden from search until `publish`."""
        await self.ensure()
        points = [
            models.PointStruct(
                id=point_id(c.tenant, c.source_id, c.version, c.position),
                vector={DENSE: d, SPARSE: models.SparseVector(indices=s[0], values=s[1])},
                payload={**c.payload(), "live": False},
            )
            for c, d, s in zip(chunks, dense, sparse, strict=True)
        ]
        await self.client.upsert(self.collection, points=points, wait=True)

    async def publish(self, record: SourceRecord) -> None:
        """Make `record.version` visible, then drop every other version of the source."""
        await self.ensure()
        base = [_match("tenant", record.tenant), _match("source_id", record.source_id)]
        await self.client.set_payload(
            self.collection,
            payload={"live": True},
            points=models.Filter(must=[*base, _match("version", record.version)]),
            wait=True,
        )
        await self.client.upsert(
            self.registry,
            points=[models.PointStruct(id=point_id(record.tenant, record.source_id), vector={}, payload=_record_payload(record))],
            wait=True,
        )
        await self.client.delete(
            self.collection,
            points_selector=models.Filter(must=base, must_not=[_match("version", record.version)]),
            wait=True,
        )

    async def discard(self, tenant: str, source_id: str, version: str) -> None:
        """Delete the hidden points of a version whose ingest failed."""
        await self.ensure()
        await self.client.delete(
            self.collection,
            points_selector=models.Filter(
                must=[_match("tenant", tenant), _match("source_id", source_id), _match("version", version), _match("live", False)]
            ),
            wait=True,
        )

    async def remove(self, tenant: str, source_id: str) -> bool:
        await self.ensure()
        if await self.record(tenant, source_id) is None:
            return False
        await self.client.delete(
            self.collection,
            points_selector=models.Filter(must=[_match("tenant", tenant), _match("source_id", source_id)]),
            wait=True,
        )
        await self.client.delete(
            self.registry, points_selector=models.PointIdsList(points=[point_id(tenant, source_id)]), wait=True
        )
        return True

    # -- reading -------------------------------------------------------------

    async def record(self, tenant: str, source_id: str) -> SourceRecord | None:
        await self.ensure()
        found = await self.client.retrieve(self.registry, ids=[point_id(tenant, source_id)], with_payload=True)
        return _record(found[0].payload or {}) if found else None

    async def records(self, tenant: str) -> list[SourceRecord]:
        await self.ensure()
        out: list[SourceRecord] = []
        offset = None
        while True:
            points, offset = await self.client.scroll(
                self.registry, scroll_filter=models.Filter(must=[_match("tenant", tenant)]),
                limit=256, offset=offset, with_payload=True,
            )
            out.extend(_record(p.payload or {}) for p in points)
            if offset is None:
                return sorted(out, key=lambda r: r.title.lower())

    async def chunks_of(self, tenant: str, source_id: str) -> list[Chunk]:
        """All live chunks of a source, in document order."""
        await self.ensure()
        out: list[Chunk] = []
        offset = None
        flt = models.Filter(must=[_match("tenant", tenant), _match("source_id", source_id), _match("live", True)])
        while True:
            points, offset = await self.client.scroll(
                self.collection, scroll_filter=flt, limit=256, offset=offset, with_payload=True
            )
            out.extend(Chunk.from_payload(p.payload or {}) for p in points)
            if offset is None:
                return sorted(out, key=lambda c: c.position)

    async def vectors_of(self, chunks: Sequence[Chunk]) -> list[list[float] | None]:
        """The stored dense vectors of these chunks (None where a point has none), in order."""
        await self.ensure()
        ids = [point_id(c.tenant, c.source_id, c.version, c.position) for c in chunks]
        points = await self.client.retrieve(self.collection, ids=ids, with_vectors=[DENSE])
        found = {str(p.id): p.vector.get(DENSE) if isinstance(p.vector, dict) else None for p in points}
        return [found.get(i) for i in ids]  # type: ignore[misc]

    def _visible(self, tenant: str) -> models.Filter:
        return models.Filter(must=[_match("tenant", tenant), _match("live", True)])

    async def hybrid(
        self,
        tenant: str,
        dense: list[float],
        sparse: SparseVector,
        limit: int,
        candidates: int,
        fusion: models.Fusion = models.Fusion.RRF,
    ) -> list[SearchHit]:
        """Dense and BM25 candidates fused by Qdrant's Query API, tenant-filtered at every stage."""
        await self.ensure()
        flt = self._visible(tenant)
        prefetch = [models.Prefetch(query=dense, using=DENSE, limit=candidates, filter=flt)]
        if sparse[0]:
            prefetch.append(
                models.Prefetch(
                    query=models.SparseVector(indices=sparse[0], values=sparse[1]), using=SPARSE, limit=candidates, filter=flt
                )
            )
        result = await self.client.query_points(
            self.collection,
            prefetch=prefetch,
            query=models.FusionQuery(fusion=fusion),
            query_filter=flt,
            limit=limit,
            with_payload=True,
        )
        return [SearchHit(Chunk.from_payload(p.payload or {}), p.score) for p in result.points]

    async def dense(self, tenant: str, vector: list[float], limit: int) -> list[SearchHit]:
        await self.ensure()
        result = await self.client.query_points(
            self.collection, query=vector, using=DENSE, query_filter=self._visible(tenant), limit=limit, with_payload=True
        )
        return [SearchHit(Chunk.from_payload(p.payload or {}), p.score) for p in result.points]

    async def close(self) -> None:
        await self.client.close()


def _record_payload(r: SourceRecord) -> dict[str, object]:
    return {
        "source_id": r.source_id, "tenant": r.tenant, "title": r.title, "kind": r.kind, "origin": r.origin,
        "url": r.url, "version": r.version, "chunks": r.chunks, "ingested_at": r.ingested_at, "extra": r.extra,
    }


def _record(p: dict[str, object]) -> SourceRecord:
    return SourceRecord(**{k: p.get(k) for k in SourceRecord.__dataclass_fields__})  # type: ignore[arg-type]
