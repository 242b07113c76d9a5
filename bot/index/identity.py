"""Which embedder made an index's vectors, so queries never mix with vectors of another.

The registry keeps one meta point naming the embedder. An embedder left on "auto" adopts
the recorded one (the same weights through another runtime); one set explicitly that
differs is refused with a message that says what to do.
"""

from __future__ import annotations

from bot.embedding.port import Embedder
from bot.errors import UserError

LEGACY_BACKEND = "torch"  # indexes written before identities were recorded came from PyTorch


def identity_of(embedder: Embedder) -> str:
    return str(getattr(embedder, "identity", embedder.name))


def legacy_identity(embedder: Embedder) -> str:
    return f"{embedder.name}/{LEGACY_BACKEND}"


def agree(embedder: Embedder, recorded: str, where: str) -> None:
    """Make `embedder` match `recorded`, or explain why it cannot."""
    current = identity_of(embedder)
    if recorded == current:
        return
    adopt = getattr(embedder, "adopt", None)
    if adopt is not None and adopt(recorded):
        return
    backend = recorded.rsplit("/", 1)[-1]
    raise UserError(
        f"The index in {where} holds vectors made by {recorded}, but this process embeds with {current}. "
        f"Set STUDYBOT_EMBEDDING_BACKEND={backend} (or auto) to use the index as it is, "
        f"or move {where} aside and ingest your material again."
    )
