"""The embedded index: Qdrant Edge (Qdrant's Rust engine in process) in a folder under the data dir.

Two shards, like the server's two collections: chunks (dense + BM25 sparse with IDF) and the
source registry. Filters ride on payload indexes, the tenant's marked `is_tenant`, so a
tenant's search touches only its own points. Edge calls block, so they run in threads.

qdrant-edge-py 0.9 turns `MatchValue(True)` into the integer 1, which never matches a
boolean payload, so here `live` is stored as 0/1.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import qdrant_edge as qe

from bot.embedding.port import Embedder
from bot.errors import UserError
from bot.index.edge_shard import open_shard
from bot.index.identity import agree, identity_of, legacy_identity
from bot.index.legacy import LegacyIndex, has_legacy_index
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

log = logging.getLogger(__name__)

PAGE = 256
RawPoint = tuple[Any, list[float] | None, SparseVector | None, dict[str, Any]]


def _is(key: str, value: str | int) -> qe.FieldCondition:
    return qe.FieldCondition(key, match=qe.MatchValue(value))


def _live(flag: bool) -> qe.FieldCondition:
    return _is("live", int(flag))


def chunk_config(dimensions: int) -> qe.EdgeConfig:
    return qe.EdgeConfig(
        vectors={DENSE: qe.EdgeVectorParams(size=dimensions, distance=qe.Distance.Cosine)},
        sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
    )


def registry_config() -> qe.EdgeConfig:
    return qe.EdgeConfig(sparse_vectors={"none": qe.EdgeSparseVectorParams()})  # payload only


CHUNK_INDEXES: dict[str, Any] = {
    "tenant": qe.KeywordIndexParams(is_tenant=True),
    "source_id": qe.PayloadSchemaType.Keyword,
    "version": qe.PayloadSchemaType.Keyword,
    "live": qe.PayloadSchemaType.Integer,
}
REGISTRY_INDEXES: dict[str, Any] = {"tenant": qe.KeywordIndexParams(is_tenant=True)}


class EdgeIndex:
    def __init__(self, root: Path, collection: str, embedder: Embedder, legacy: Path | None = None) -> None:
        self.root = root
        self.legacy = legacy  # a local-mode index of earlier versions, copied in on first use
        self.collection = collection
        self.embedder = embedder
        self._chunks: qe.EdgeShard | None = None
        self._sources: qe.EdgeShard | None = None
        self._opening = asyncio.Lock()

    # -- opening ---------------------------------------------------------------

    async def ensure(self) -> None:
        if self._chunks is not None:
            return
        async with self._opening:
            if self._chunks is None:
                await asyncio.to_thread(self.open_sync)

    def open_sync(self) -> None:
        """Open (or create) both shards, their payload indexes and the embedder record."""
        if self.legacy is not None and not self.root.exists() and has_legacy_index(self.legacy, self.collection):
            self._migrate(self.legacy)
        self.root.mkdir(parents=True, exist_ok=True)
        chunks = open_shard(self.root / self.collection, chunk_config(self.embedder.dimensions), self.root)
        try:
            sources = open_shard(self.root / f"{self.collection}_sources", registry_config(), self.root)
        except BaseException:
            chunks.close()
            raise
        try:
            _index_fields(chunks, CHUNK_INDEXES)
            _index_fields(sources, REGISTRY_INDEXES)
            self._agree_on_embedder(chunks, sources)
        except BaseException:
            chunks.close()
            sources.close()
            raise
        self._chunks, self._sources = chunks, sources

    def _agree_on_embedder(self, chunks: qe.EdgeShard, sources: qe.EdgeShard) -> None:
        found = sources.retrieve([META_ID], with_payload=True, with_vector=False)
        if found:
            agree(self.embedder, str((found[0].payload or {}).get("embedder")), str(self.root))
            return
        has_points = chunks.count(qe.CountRequest(exact=True)) > 0
        recorded = legacy_identity(self.embedder) if has_points else identity_of(self.embedder)
        agree(self.embedder, recorded, str(self.root))
        sources.update(qe.UpdateOperation.upsert_points([qe.Point(META_ID, {}, {"embedder": recorded})]))

    def _migrate(self, legacy: Path) -> None:
        """Copy a local-mode index into a side folder, then put it in place; the old folder is kept."""
        side = self.root.with_name(self.root.name + ".migrating")
        shutil.rmtree(side, ignore_errors=True)  # what a crash mid-copy left behind
        target = EdgeIndex(side, self.collection, self.embedder)
        try:
            old = LegacyIndex(legacy, self.collection)
            try:
                target.open_sync()
                chunks = sources = 0
                batch: list[RawPoint] = []
                for point in old.chunk_points():
                    batch.append(point)
                    if len(batch) == PAGE:
                        target.import_points(batch)
                        chunks, batch = chunks + len(batch), []
                if batch:
                    target.import_points(batch)
                    chunks += len(batch)
                records = [record_from_payload(p) for p in old.source_payloads()]
                target.import_records(records)
                sources = len(records)
                target.record_embedder(legacy_identity(self.embedder))
            finally:
                old.close()
                if target._chunks is not None:
                    _close(*target.shards)
        except UserError:
            raise
        except Exception as e:
            shutil.rmtree(side, ignore_errors=True)
            raise UserError(
                f"The index in {legacy} could not be moved to the new format ({type(e).__name__}: {e}). "
                f"Ingest your material again (studybot ingest PATH...), or move {legacy} aside to start empty."
            ) from None
        side.rename(self.root)
        kept = _free_name(legacy.with_name(legacy.name + ".migrated"))
        legacy.rename(kept)
        log.warning("Moved the index in %s to Qdrant Edge in %s (%d chunks, %d sources, nothing re-embedded); "
                    "the old folder is kept as %s.", legacy, self.root, chunks, sources, kept)

    @property
    def shards(self) -> tuple[qe.EdgeShard, qe.EdgeShard]:
        assert self._chunks is not None and self._sources is not None, "call ensure() first"
        return self._chunks, self._sources

    async def _run(self, fn: Any, *args: Any) -> Any:
        await self.ensure()
        return await asyncio.to_thread(fn, *args)

    # -- writing ---------------------------------------------------------------

    async def stage(self, chunks: Sequence[Chunk], dense: Sequence[list[float]], sparse: Sequence[SparseVector]) -> None:
        """Write points hidden from search until `publish`."""
        points = [
            qe.Point(chunk_point_id(c), {DENSE: list(d), SPARSE: qe.SparseVector(s[0], s[1])}, {**c.payload(), "live": 0})
            for c, d, s in zip(chunks, dense, sparse, strict=True)
        ]
        await self._run(self._update_chunks, qe.UpdateOperation.upsert_points(points))

    def _update_chunks(self, *ops: qe.UpdateOperation) -> None:
        for op in ops:
            self.shards[0].update(op)

    async def publish(self, record: SourceRecord) -> None:
        """Make `record.version` visible, then drop every other version of the source."""
        base = [_is("tenant", record.tenant), _is("source_id", record.source_id)]

        def work() -> None:
            chunks, sources = self.shards
            chunks.update(qe.UpdateOperation.set_payload_by_filter(
                qe.Filter(must=[*base, _is("version", record.version)]), {"live": 1}))
            sources.update(qe.UpdateOperation.upsert_points(
                [qe.Point(point_id(record.tenant, record.source_id), {}, record_payload(record))]))
            chunks.update(qe.UpdateOperation.delete_points_by_filter(
                qe.Filter(must=base, must_not=[_is("version", record.version)])))

        await self._run(work)

    async def discard(self, tenant: str, source_id: str, version: str) -> None:
        """Delete the hidden points of a version whose ingest failed."""
        flt = qe.Filter(must=[_is("tenant", tenant), _is("source_id", source_id), _is("version", version), _live(False)])
        await self._run(self._update_chunks, qe.UpdateOperation.delete_points_by_filter(flt))

    async def remove(self, tenant: str, source_id: str) -> bool:
        if await self.record(tenant, source_id) is None:
            return False

        def work() -> None:
            chunks, sources = self.shards
            chunks.update(qe.UpdateOperation.delete_points_by_filter(
                qe.Filter(must=[_is("tenant", tenant), _is("source_id", source_id)])))
            sources.update(qe.UpdateOperation.delete_points([point_id(tenant, source_id)]))

        await self._run(work)
        return True

    async def delete_tenant(self, tenant: str) -> DeletedMaterial:
        flt = qe.Filter(must=[_is("tenant", tenant)])

        def work() -> DeletedMaterial:
            chunks, sources = self.shards
            removed = DeletedMaterial(sources.count(qe.CountRequest(exact=True, filter=flt)),
                                      chunks.count(qe.CountRequest(exact=True, filter=flt)))
            chunks.update(qe.UpdateOperation.delete_points_by_filter(flt))
            sources.update(qe.UpdateOperation.delete_points_by_filter(flt))
            return removed

        return await self._run(work)  # type: ignore[no-any-return]

    # -- reading ---------------------------------------------------------------

    async def record(self, tenant: str, source_id: str) -> SourceRecord | None:
        found = await self._run(lambda: self.shards[1].retrieve([point_id(tenant, source_id)], True, False))
        return record_from_payload(found[0].payload or {}) if found else None

    async def records(self, tenant: str) -> list[SourceRecord]:
        payloads = await self._run(lambda: [r.payload or {} for r in _scroll(self.shards[1], qe.Filter(must=[_is("tenant", tenant)]))])
        return by_title([record_from_payload(p) for p in payloads])

    async def chunks_of(self, tenant: str, source_id: str) -> list[Chunk]:
        flt = qe.Filter(must=[_is("tenant", tenant), _is("source_id", source_id), _live(True)])
        payloads = await self._run(lambda: [r.payload or {} for r in _scroll(self.shards[0], flt)])
        return sorted((Chunk.from_payload(p) for p in payloads), key=lambda c: c.position)

    async def vectors_of(self, chunks: Sequence[Chunk]) -> list[list[float] | None]:
        ids = [chunk_point_id(c) for c in chunks]
        found = await self._run(lambda: self.shards[0].retrieve(ids, False, [DENSE]))
        by_id = {str(r.id): (r.vector or {}).get(DENSE) if isinstance(r.vector, dict) else None for r in found}
        return [by_id.get(i) for i in ids]

    def _visible(self, tenant: str) -> qe.Filter:
        return qe.Filter(must=[_is("tenant", tenant), _live(True)])

    async def hybrid(self, tenant: str, dense: list[float], sparse: SparseVector, limit: int,
                     candidates: int, also: Sequence[list[float]] = ()) -> list[SearchHit]:
        flt = self._visible(tenant)
        prefetch = [qe.Prefetch(candidates, query=qe.Query.Nearest(list(v), using=DENSE), filter=flt)
                    for v in (dense, *also)]
        if sparse[0]:
            prefetch.append(qe.Prefetch(candidates, query=qe.Query.Nearest(qe.SparseVector(sparse[0], sparse[1]), using=SPARSE),
                                        filter=flt))
        request = qe.QueryRequest(limit, prefetches=prefetch, query=qe.Fusion.Rrf(k=RRF_K), filter=flt, with_payload=True)
        return _hits(await self._run(self._query, request))

    def _query(self, request: qe.QueryRequest) -> list[qe.ScoredPoint]:
        return self.shards[0].query(request)

    async def dense(self, tenant: str, vector: list[float], limit: int) -> list[SearchHit]:
        request = qe.QueryRequest(limit, query=qe.Query.Nearest(list(vector), using=DENSE), filter=self._visible(tenant),
                                  with_payload=True)
        return _hits(await self._run(self._query, request))

    async def passages(self, tenant: str) -> int:
        return int(await self._run(lambda: self.shards[0].count(qe.CountRequest(exact=True, filter=self._visible(tenant)))))

    async def term_counts(self, tenant: str, indices: Sequence[int], cap: int) -> dict[int, int]:
        """A one-term sparse query finds exactly the chunks holding that term (the inverted index)."""
        flt = self._visible(tenant)

        def work() -> dict[int, int]:
            return {i: len(self.shards[0].query(qe.QueryRequest(
                cap, query=qe.Query.Nearest(qe.SparseVector([i], [1.0]), using=SPARSE), filter=flt,
                with_payload=False, with_vector=False))) for i in indices}

        return await self._run(work) if cap > 0 else dict.fromkeys(indices, 0)

    async def count(self) -> int:
        return int(await self._run(lambda: self.shards[0].count(qe.CountRequest(exact=True))))

    async def ping(self) -> None:
        await self._run(lambda: self.shards[0].info())

    async def close(self) -> None:
        if self._chunks is None:
            return
        shards, self._chunks, self._sources = self.shards, None, None
        await asyncio.to_thread(_close, *shards)

    # -- whole points, for migration and the scale benchmark -------------------------------

    def export_points(self, tenant: str) -> Iterator[RawPoint]:
        """Every point of a tenant with its vectors and payload (`live` as a bool)."""
        for r in _scroll(self.shards[0], qe.Filter(must=[_is("tenant", tenant)]), with_vector=True):
            vector = r.vector if isinstance(r.vector, dict) else {}
            sparse = vector.get(SPARSE)
            payload = dict(r.payload or {})
            payload["live"] = bool(payload.get("live"))
            yield (r.id, vector.get(DENSE), (list(sparse.indices), list(sparse.values)) if sparse else None, payload)

    def import_points(self, points: Sequence[RawPoint]) -> None:
        """Write whole points as they are (vectors kept, nothing embedded)."""
        out = []
        for pid, dense, sparse, payload in points:
            vector: dict[str, Any] = {}
            if dense is not None:
                vector[DENSE] = list(dense)
            if sparse is not None:
                vector[SPARSE] = qe.SparseVector(list(sparse[0]), list(sparse[1]))
            out.append(qe.Point(pid, vector, {**payload, "live": int(bool(payload.get("live")))}))
        self.shards[0].update(qe.UpdateOperation.upsert_points(out))

    def export_records(self, tenant: str) -> list[SourceRecord]:
        return [record_from_payload(r.payload or {}) for r in _scroll(self.shards[1], qe.Filter(must=[_is("tenant", tenant)]))]

    def import_records(self, records: Sequence[SourceRecord]) -> None:
        self.shards[1].update(qe.UpdateOperation.upsert_points(
            [qe.Point(point_id(r.tenant, r.source_id), {}, record_payload(r)) for r in records]))

    def record_embedder(self, identity: str) -> None:
        self.shards[1].update(qe.UpdateOperation.upsert_points([qe.Point(META_ID, {}, {"embedder": identity})]))


def _free_name(path: Path) -> Path:
    n, candidate = 1, path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate


def _index_fields(shard: qe.EdgeShard, fields: dict[str, Any]) -> None:
    present = shard.info().payload_schema
    for name, schema in fields.items():
        if name not in present:
            shard.update(qe.UpdateOperation.create_field_index(name, schema))


def _scroll(shard: qe.EdgeShard, flt: qe.Filter, with_vector: bool = False) -> Iterator[qe.Record]:
    offset = None
    while True:
        page, offset = shard.scroll(qe.ScrollRequest(offset=offset, limit=PAGE, filter=flt, with_payload=True,
                                                     with_vector=with_vector))
        yield from page
        if offset is None:
            return


def _hits(points: list[qe.ScoredPoint]) -> list[SearchHit]:
    return [SearchHit(Chunk.from_payload(p.payload or {}), p.score) for p in points]


def _close(*shards: qe.EdgeShard) -> None:
    for shard in shards:
        try:
            shard.flush()
        finally:
            shard.close()
