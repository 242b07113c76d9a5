"""The index on a Qdrant server or cluster, through qdrant-client: how a team outgrows one machine.

Collections are created with the cluster's shard, replication and write-consistency
settings; the tenant field is a keyword index marked `is_tenant` (a tenant's points sit
together), and every other filtered field has an index too.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from qdrant_client import AsyncQdrantClient, models

from bot.embedding.port import Embedder
from bot.index.identity import agree, identity_of, legacy_identity
from bot.index.port import (
    DENSE,
    RRF_K,
    SPARSE,
    DeletedMaterial,
    SparseVector,
    chunk_point_id,
    point_id,
)
from bot.index.records import META_ID, by_title, record_from_payload, record_payload
from bot.models import Chunk, SearchHit, SourceRecord


def _match(key: str, value: object) -> models.FieldCondition:
    return models.FieldCondition(key=key, match=models.MatchValue(value=value))  # type: ignore[arg-type]


class QdrantIndex:
    def __init__(
        self,
        client: AsyncQdrantClient,
        collection: str,
        embedder: Embedder,
        shards: int = 1,
        replication: int = 1,
        write_consistency: int = 1,
    ) -> None:
        self.client = client
        self.collection = collection
        self.registry = f"{collection}_sources"
        self.embedder = embedder
        self._shards, self._replication, self._consistency = shards, replication, write_consistency
        self._ready = False

    async def ensure(self) -> None:
        """Create the collections and payload indexes once, and check which embedder made the vectors."""
        if self._ready:
            return
        cluster: dict[str, Any] = {
            "shard_number": self._shards,
            "replication_factor": self._replication,
            "write_consistency_factor": self._consistency,
        }
        if not await self.client.collection_exists(self.collection):
            await self.client.create_collection(
                self.collection,
                vectors_config={DENSE: models.VectorParams(size=self.embedder.dimensions, distance=models.Distance.COSINE)},
                sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
                **cluster,
            )
            await self._index_payload(self.collection, chunks=True)
        if not await self.client.collection_exists(self.registry):
            await self.client.create_collection(self.registry, vectors_config={}, **cluster)
            await self._index_payload(self.registry, chunks=False)
        await self._agree_on_embedder()
        self._ready = True

    async def _index_payload(self, collection: str, chunks: bool) -> None:
        tenant = models.KeywordIndexParams(type=models.KeywordIndexType.KEYWORD, is_tenant=True)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Payload indexes have no effect")
            await self.client.create_payload_index(collection, "tenant", tenant)
            await self.client.create_payload_index(collection, "source_id", models.PayloadSchemaType.KEYWORD)
            if chunks:
                await self.client.create_payload_index(collection, "version", models.PayloadSchemaType.KEYWORD)
                await self.client.create_payload_index(collection, "live", models.PayloadSchemaType.BOOL)

    async def _agree_on_embedder(self) -> None:
        found = await self.client.retrieve(self.registry, ids=[META_ID], with_payload=True)
        where = f"collection {self.collection}"
        if found:
            agree(self.embedder, str((found[0].payload or {}).get("embedder")), where)
            return
        has_points = (await self.client.count(self.collection, exact=False)).count > 0
        recorded = legacy_identity(self.embedder) if has_points else identity_of(self.embedder)
        agree(self.embedder, recorded, where)
        await self.client.upsert(self.registry, points=[models.PointStruct(id=META_ID, vector={}, payload={"embedder": recorded})],
                                 wait=True)

    # -- writing -------------------------------------------------------------

    async def stage(self, chunks: Sequence[Chunk], dense: Sequence[list[float]], sparse: Sequence[SparseVector]) -> None:
        """Write points hidden from search until `publish`."""
        await self.ensure()
        points = [
            models.PointStruct(
                id=chunk_point_id(c),
                vector={DENSE: list(d), SPARSE: models.SparseVector(indices=s[0], values=s[1])},
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
            points=[models.PointStruct(id=point_id(record.tenant, record.source_id), vector={}, payload=record_payload(record))],
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

    async def delete_tenant(self, tenant: str) -> DeletedMaterial:
        await self.ensure()
        flt = models.Filter(must=[_match("tenant", tenant)])
        removed = DeletedMaterial((await self.client.count(self.registry, count_filter=flt, exact=True)).count,
                                  (await self.client.count(self.collection, count_filter=flt, exact=True)).count)
        await self.client.delete(self.collection, points_selector=flt, wait=True)
        await self.client.delete(self.registry, points_selector=flt, wait=True)
        return removed

    # -- reading -------------------------------------------------------------

    async def record(self, tenant: str, source_id: str) -> SourceRecord | None:
        await self.ensure()
        found = await self.client.retrieve(self.registry, ids=[point_id(tenant, source_id)], with_payload=True)
        return record_from_payload(found[0].payload or {}) if found else None

    async def records(self, tenant: str) -> list[SourceRecord]:
        await self.ensure()
        out: list[SourceRecord] = []
        offset = None
        while True:
            points, offset = await self.client.scroll(
                self.registry, scroll_filter=models.Filter(must=[_match("tenant", tenant)]),
                limit=256, offset=offset, with_payload=True,
            )
            out.extend(record_from_payload(p.payload or {}) for p in points)
            if offset is None:
                return by_title(out)

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
        ids = [chunk_point_id(c) for c in chunks]
        points = await self.client.retrieve(self.collection, ids=ids, with_vectors=[DENSE])
        found = {str(p.id): p.vector.get(DENSE) if isinstance(p.vector, dict) else None for p in points}
        return [found.get(i) for i in ids]  # type: ignore[misc]

    def _visible(self, tenant: str) -> models.Filter:
        return models.Filter(must=[_match("tenant", tenant), _match("live", True)])

    async def hybrid(self, tenant: str, dense: list[float], sparse: SparseVector, limit: int,
                     candidates: int, also: Sequence[list[float]] = ()) -> list[SearchHit]:
        """Dense and BM25 candidates fused by Qdrant's Query API, tenant-filtered at every stage."""
        await self.ensure()
        flt = self._visible(tenant)
        prefetch = [models.Prefetch(query=v, using=DENSE, limit=candidates, filter=flt) for v in (dense, *also)]
        if sparse[0]:
            prefetch.append(
                models.Prefetch(
                    query=models.SparseVector(indices=sparse[0], values=sparse[1]), using=SPARSE, limit=candidates, filter=flt
                )
            )
        result = await self.client.query_points(
            self.collection,
            prefetch=prefetch,
            query=models.RrfQuery(rrf=models.Rrf(k=RRF_K)),
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

    async def passages(self, tenant: str) -> int:
        await self.ensure()
        return (await self.client.count(self.collection, count_filter=self._visible(tenant), exact=True)).count

    async def term_counts(self, tenant: str, indices: Sequence[int], cap: int) -> dict[int, int]:
        """One-term sparse queries, batched in one request: each finds exactly the chunks holding its term."""
        if not indices or cap <= 0:
            return dict.fromkeys(indices, 0)
        await self.ensure()
        flt = self._visible(tenant)
        requests = [models.QueryRequest(query=models.SparseVector(indices=[i], values=[1.0]), using=SPARSE, filter=flt,
                                        limit=cap, with_payload=False) for i in indices]
        results = await self.client.query_batch_points(self.collection, requests=requests)
        return {i: len(r.points) for i, r in zip(indices, results, strict=True)}

    async def count(self) -> int:
        await self.ensure()
        return (await self.client.count(self.collection, exact=True)).count

    async def ping(self) -> None:
        await self.client.get_collections()

    async def close(self) -> None:
        await self.client.close()
