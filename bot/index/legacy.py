"""Reading an index written by qdrant-client's local mode (the data dir's `qdrant/` folder).

Earlier versions kept the embedded index there; `EdgeIndex` copies it into Qdrant Edge on
first use, vectors and payloads as they are, so nothing is embedded again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.errors import UserError
from bot.index.port import DENSE, SPARSE, SparseVector

RawPoint = tuple[Any, list[float] | None, SparseVector | None, dict[str, Any]]
PAGE = 512


def has_legacy_index(folder: Path, collection: str) -> bool:
    return (folder / "collection" / collection).is_dir()


class LegacyIndex:
    """The two local-mode collections, opened read-only in spirit (nothing is written)."""

    def __init__(self, folder: Path, collection: str) -> None:
        from qdrant_client import QdrantClient

        self.folder, self.collection = folder, collection
        try:
            self.client = QdrantClient(path=str(folder))
        except RuntimeError as e:
            if "already accessed" in str(e):
                raise UserError(f"The index in {folder} is open in another studybot process. Stop it first.") from None
            raise

    def _scroll(self, collection: str, with_vectors: bool) -> Iterator[Any]:
        if not self.client.collection_exists(collection):
            return
        offset = None
        while True:
            points, offset = self.client.scroll(collection, limit=PAGE, offset=offset, with_payload=True,
                                                with_vectors=with_vectors)
            yield from points
            if offset is None:
                return

    def chunk_points(self) -> Iterator[RawPoint]:
        for p in self._scroll(self.collection, with_vectors=True):
            vector = p.vector if isinstance(p.vector, dict) else {}
            sparse = vector.get(SPARSE)
            yield (str(p.id), vector.get(DENSE), (list(sparse.indices), list(sparse.values)) if sparse else None,
                   dict(p.payload or {}))

    def source_payloads(self) -> Iterator[dict[str, Any]]:
        for p in self._scroll(f"{self.collection}_sources", with_vectors=False):
            yield dict(p.payload or {})

    def close(self) -> None:
        self.client.close()
