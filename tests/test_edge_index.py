"""The embedded index on disk: one owner at a time, no stale lock after a crash, clear words for a
damaged shard, and a data dir written by qdrant-client's local mode carried over intact."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from qdrant_client import QdrantClient, models

from bot.ask.extractive import extractive_answer
from bot.bootstrap import build_knowledge
from bot.embedding.minilm import MiniLMEmbedder
from bot.errors import UserError
from bot.index import EdgeIndex, point_id
from bot.settings import Settings
from ingest.chunking import chunk_document
from ingest.loaders import load_bytes
from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parent.parent

HOLDER = textwrap.dedent("""
    import asyncio, sys, time
    from pathlib import Path
    from bot.embedding.minilm import MiniLMEmbedder
    from bot.index import EdgeIndex

    async def main():
        index = EdgeIndex(Path(sys.argv[1]), "studybot_chunks", MiniLMEmbedder())
        await index.ensure()
        print("open", flush=True)
        time.sleep(600)

    asyncio.run(main())
""")


async def test_a_second_process_is_told_and_a_killed_owner_leaves_no_lock(tmp_path: Path) -> None:
    root = tmp_path / "index"
    owner = subprocess.Popen([sys.executable, "-c", HOLDER, str(root)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout is not None and owner.stdout.readline().strip() == "open"
        with pytest.raises(UserError, match="open in another studybot process"):
            await EdgeIndex(root, "studybot_chunks", MiniLMEmbedder()).ensure()
    finally:
        owner.kill()  # SIGKILL: no chance to clean up
        owner.wait()
    after = EdgeIndex(root, "studybot_chunks", MiniLMEmbedder())
    await after.ensure()
    assert await after.records("default") == []
    await after.close()


@pytest.mark.parametrize("damage", ["config", "segment", "half-written"])
async def test_a_damaged_shard_says_how_to_recover(tmp_path: Path, damage: str) -> None:
    root = tmp_path / "index"
    index = EdgeIndex(root, "studybot_chunks", MiniLMEmbedder())
    await index.ensure()
    await index.close()
    shard = root / "studybot_chunks"
    if damage == "config":
        (shard / "edge_config.json").write_text("{not json")
    elif damage == "segment":
        for info in shard.glob("segments/*/version.info"):
            info.write_bytes(b"\x00garbage")
    else:  # a crash while the folder was first being created
        for child in shard.iterdir():
            if child.is_dir():
                import shutil

                shutil.rmtree(child)
            else:
                child.unlink()
        (shard / "partial.tmp").write_bytes(b"\x00")
    with pytest.raises(UserError) as caught:
        await EdgeIndex(root, "studybot_chunks", MiniLMEmbedder()).ensure()
    text = str(caught.value)
    assert "damaged" in text and f"mv {root} {root}.damaged" in text and "ingest your material again" in text


def write_local_mode_data_dir(data_dir: Path, embedder: MiniLMEmbedder) -> list[tuple[str, list[float]]]:
    """A data dir as earlier versions wrote it: qdrant-client's local mode in `qdrant/`, no sentence data."""
    from bot.text.sparse import BM25Encoder

    client = QdrantClient(path=str(data_dir / "qdrant"))
    client.create_collection("studybot_chunks",
                             vectors_config={"dense": models.VectorParams(size=384, distance=models.Distance.COSINE)},
                             sparse_vectors_config={"bm25": models.SparseVectorParams(modifier=models.Modifier.IDF)})
    client.create_collection("studybot_chunks_sources", vectors_config={})
    encoder = BM25Encoder()
    kept: list[tuple[str, list[float]]] = []
    for f in sorted(SAMPLES.iterdir()):
        if f.suffix not in (".vtt", ".md"):
            continue
        doc = load_bytes(f.read_bytes(), f.name)
        chunks = chunk_document(doc, source_id=f.stem, tenant="default", title=doc.title or f.stem, url=None,
                                version="old1", chunk_chars=900, overlap_chars=150, overlap_cues=2)
        vectors = embedder.embed([c.embedding_text() for c in chunks])
        points = []
        for c, v in zip(chunks, vectors, strict=True):
            sparse = encoder.document(c.embedding_text())
            payload = {k: val for k, val in c.payload().items() if k != "sentences"}
            points.append(models.PointStruct(
                id=point_id(c.tenant, c.source_id, c.version, c.position),
                vector={"dense": v, "bm25": models.SparseVector(indices=sparse[0], values=sparse[1])},
                payload={**payload, "live": True}))
            kept.append((c.text, v))
        client.upsert("studybot_chunks", points=points)
        client.upsert("studybot_chunks_sources", points=[models.PointStruct(
            id=point_id("default", f.stem), vector={},
            payload={"source_id": f.stem, "tenant": "default", "title": doc.title or f.stem, "kind": doc.kind,
                     "origin": str(f), "url": None, "version": "old1", "chunks": len(chunks),
                     "ingested_at": "2024-05-01T10:00:00+00:00", "extra": {}})])
    client.close()
    return kept


async def test_a_local_mode_data_dir_is_carried_over_without_re_embedding(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    old = write_local_mode_data_dir(data_dir, MiniLMEmbedder(backend="torch"))
    s = build_knowledge(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    try:
        records = await s.index.records("default")
        assert {r.source_id for r in records} == {"how-llms-are-built-lecture", "from-base-model-to-assistant"}
        assert await s.index.count() == len(old)
        assert s.embedder.identity.endswith("/torch")  # the index's vectors came from PyTorch: queries follow
        chunks = [c for r in records for c in await s.index.chunks_of("default", r.source_id)]
        stored = dict(zip([c.text for c in chunks], await s.index.vectors_of(chunks), strict=True))
        text, vector = old[3]
        assert sum(x * y for x, y in zip(stored[text], vector, strict=True)) > 0.9999  # copied, not re-embedded
        found = await s.retriever.search("default", "What vocabulary size does the GPT-4 tokenizer have?", 5)
        assert "100,277" in found.hits[0].chunk.text
        answer = await extractive_answer(found, s.embedder)  # no stored sentences: embedded when asked
        assert "100,277" in answer.text and answer.citations
    finally:
        await s.close()
    assert not (data_dir / "qdrant").exists() and (data_dir / "qdrant.migrated" / "collection").is_dir()
    again = build_knowledge(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    try:
        assert await again.index.count() == len(old)  # migrated once; the copy is what opens now
    finally:
        await again.close()
