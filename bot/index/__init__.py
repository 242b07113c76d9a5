"""The vector index: one port, two implementations.

`EdgeIndex` keeps the index in a folder under the data dir (Qdrant Edge, in process);
`QdrantIndex` talks to a Qdrant server or cluster (`QDRANT_URL`). Everything else depends
only on `ChunkIndex`.
"""

from bot.index.edge import EdgeIndex
from bot.index.port import (
           DENSE,
           SPARSE,
           ChunkIndex,
           DeletedMaterial,
           SparseVector,
           chunk_point_id,
           point_id,
)
from bot.index.server import QdrantIndex

__all__ = ["DENSE", "SPARSE", "ChunkIndex", "DeletedMaterial", "EdgeIndex", "QdrantIndex", "SparseVector", "chunk_point_id",
           "point_id"]
