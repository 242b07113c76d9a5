"""The one thing the index, retrieval, ingest and the study tools need of an embedding model."""

from __future__ import annotations

from typing import Protocol


class Embedder(Protocol):
    """Dense vectors for texts. `name` (and, when it has one, `identity`) is recorded in the index,
    so stored vectors and question vectors always come from the same model."""

    dimensions: int

    @property
    def name(self) -> str: ...

    def embed(self, texts: list[str]) -> list[list[float]]: ...
