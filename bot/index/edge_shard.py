"""Opening a Qdrant Edge shard folder, with plain words for the ways that can fail.

Edge locks a shard's write-ahead log while a process has it open; the kernel drops that
lock when the process dies, so a crashed owner leaves nothing that blocks the next start.
"""

from __future__ import annotations

import logging
from pathlib import Path

import qdrant_edge as qe

from bot.errors import UserError

log = logging.getLogger(__name__)

CONFIG_FILE = "edge_config.json"


class ShardLocked(UserError):
    """Another process has the shard open."""


class ShardDamaged(UserError):
    """The shard's files cannot be read."""


def _locked(error: Exception) -> bool:
    text = str(error)
    return "WouldBlock" in text or "temporarily unavailable" in text or "already locked" in text


def open_shard(path: Path, config: qe.EdgeConfig, root: Path) -> qe.EdgeShard:
    """Load the shard at `path`, or create it when the folder holds no shard yet."""
    exists = (path / CONFIG_FILE).exists() or (path / "segments").exists()
    try:
        if exists:
            return qe.EdgeShard.load(str(path))
        if path.exists() and any(path.iterdir()):
            raise ShardDamaged(_damaged(root, path, "the folder has files but no shard configuration"))
        path.mkdir(parents=True, exist_ok=True)
        return qe.EdgeShard.create(str(path), config)
    except UserError:
        raise
    except Exception as e:  # Edge reports every failure as a plain Exception or ValueError
        if _locked(e):
            raise ShardLocked(
                f"The index in {root} is open in another studybot process. Stop it first, or run a Qdrant "
                "server and set QDRANT_URL so several processes can share it."
            ) from None
        log.warning("cannot open shard %s: %s", path, e)
        raise ShardDamaged(_damaged(root, path, _first_line(e))) from None


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


def _damaged(root: Path, path: Path, reason: str) -> str:
    return (
        f"The index in {root} is damaged and cannot be opened ({reason}). "
        f"To recover, move it aside (mv {root} {root}.damaged) and ingest your material again; "
        f"the damaged part is {path.name}."
    )
