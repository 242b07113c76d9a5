"""One contract, two indexes: Qdrant Edge (embedded) and a Qdrant server (qdrant-client's
`:memory:` mode speaks the server API here). Real MiniLM vectors, real BM25."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from qdrant_client import AsyncQdrantClient

from bot.embedding.minilm import MiniLMEmbedder
from bot.embedding.sentence_vectors import pack, sentence_spans
from bot.errors import UserError
from bot.index import ChunkIndex, EdgeIndex, QdrantIndex
from bot.models import Chunk, SourceRecord
from bot.text.sparse import BM25Encoder

EMBEDDER = MiniLMEmbedder()
ENCODER = BM25Encoder()


@pytest.fixture(params=["edge", "server"])
async def index(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ChunkIndex]:
    made: ChunkIndex
    if request.param == "edge":
        made = EdgeIndex(tmp_path / "index", "chunks", EMBEDDER)
    else:
        made = QdrantIndex(AsyncQdrantClient(location=":memory:"), "chunks", EMBEDDER)
    yield made
    await made.close()


def chunks(tenant: str, source: str, version: str, texts: list[str]) -> list[Chunk]:
    return [Chunk(source, tenant, source.title(), "text", t, f"#{i}", None, i, version) for i, t in enumerate(texts)]


def record(tenant: str, source: str, version: str, n: int) -> SourceRecord:
    return SourceRecord(source, tenant, source.title(), "text", f"/{source}.txt", None, version, n, "2024-01-01T00:00:00")


async def add(index: ChunkIndex, tenant: str, source: str, version: str, texts: list[str], publish: bool = True) -> None:
    cs = chunks(tenant, source, version, texts)
    await index.stage(cs, EMBEDDER.embed([c.embedding_text() for c in cs]), [ENCODER.document(t) for t in texts])
    if publish:
        await index.publish(record(tenant, source, version, len(cs)))


async def search(index: ChunkIndex, tenant: str, query: str, k: int = 5) -> list[str]:
    [vector] = EMBEDDER.embed([query])
    return [h.chunk.text for h in await index.hybrid(tenant, vector, ENCODER.query(query), limit=k, candidates=40)]


PENGUINS = ["Emperor penguins huddle together to survive the Antarctic winter.",
            "Penguins cannot fly, but they swim fast using their flippers."]
KANGAROOS = ["Kangaroos hop on their strong hind legs across the Australian outback."]


async def test_staged_points_stay_hidden_until_published(index: ChunkIndex) -> None:
    await add(index, "t", "birds", "v1", PENGUINS, publish=False)
    assert await search(index, "t", "penguins winter") == []
    assert await index.record("t", "birds") is None and await index.count() == 2
    await index.publish(record("t", "birds", "v1", 2))
    assert (await search(index, "t", "how do penguins survive winter"))[0] == PENGUINS[0]
    assert [r.source_id for r in await index.records("t")] == ["birds"]
    assert [c.text for c in await index.chunks_of("t", "birds")] == PENGUINS
    best = await index.dense("t", EMBEDDER.embed(["penguins swim with flippers"])[0], limit=1)
    assert best[0].chunk.text == PENGUINS[1] and best[0].score > 0.5


async def test_publishing_a_new_version_replaces_the_old_one(index: ChunkIndex) -> None:
    await add(index, "t", "animals", "v1", PENGUINS)
    await add(index, "t", "animals", "v2", KANGAROOS, publish=False)
    assert await search(index, "t", "kangaroos hop") != KANGAROOS  # hidden while staged
    await index.publish(record("t", "animals", "v2", 1))
    assert await search(index, "t", "penguins") == KANGAROOS and await index.count() == 1
    assert (await index.record("t", "animals")).version == "v2"  # type: ignore[union-attr]


async def test_a_failed_version_is_discarded_and_the_live_one_kept(index: ChunkIndex) -> None:
    await add(index, "t", "animals", "v1", PENGUINS)
    await add(index, "t", "animals", "v2", KANGAROOS, publish=False)
    await index.discard("t", "animals", "v2")
    assert await index.count() == 2 and "Kangaroos" not in " ".join(await search(index, "t", "kangaroos hop"))
    await index.discard("t", "animals", "v1")  # a live version is never discarded
    assert await index.count() == 2


async def test_tenants_are_isolated(index: ChunkIndex) -> None:
    await add(index, "a", "birds", "v1", PENGUINS)
    await add(index, "b", "marsupials", "v1", KANGAROOS)
    leaked = await search(index, "a", "kangaroos hop outback")
    assert leaked and all("Kangaroo" not in t for t in leaked)
    nearest = await index.dense("b", EMBEDDER.embed(["penguins"])[0], 5)
    assert [h.chunk.text for h in nearest] == KANGAROOS
    assert not await index.remove("a", "marsupials")
    assert await index.remove("b", "marsupials")
    assert await index.records("b") == [] and await index.count() == 2


async def test_term_counts_are_per_tenant_and_see_only_published_text(index: ChunkIndex) -> None:
    await add(index, "a", "birds", "v1", PENGUINS)
    await add(index, "a", "more-birds", "v1", ["Penguins molt once a year."])
    await add(index, "a", "draft", "v1", ["Penguins and kangaroos in a draft nobody published."], publish=False)
    await add(index, "b", "marsupials", "v1", KANGAROOS)
    idx = {t: ENCODER.index_of(t) for t in ENCODER.tokens("penguins kangaroos flippers")}
    counts = await index.term_counts("a", list(idx.values()), cap=10)
    assert {t: counts[i] for t, i in idx.items()} == {"penguin": 3, "kangaroo": 0, "flipper": 1}
    assert (await index.term_counts("a", [idx["penguin"]], cap=2))[idx["penguin"]] == 2  # counted up to the cap
    assert await index.passages("a") == 3 and await index.passages("b") == 1 and await index.passages("c") == 0


async def test_deleting_a_tenant_removes_all_its_material_and_nothing_else(index: ChunkIndex) -> None:
    await add(index, "gone", "birds", "v1", PENGUINS)
    await add(index, "gone", "marsupials", "v1", KANGAROOS)
    await add(index, "gone", "marsupials", "v2", PENGUINS, publish=False)  # an ingest under way
    await add(index, "kept", "birds", "v1", PENGUINS)
    removed = await index.delete_tenant("gone")
    assert (removed.sources, removed.chunks) == (2, 5)
    assert await index.records("gone") == [] and await search(index, "gone", "penguins winter") == []
    assert await index.chunks_of("gone", "birds") == []
    assert [r.source_id for r in await index.records("kept")] == ["birds"]
    assert (await search(index, "kept", "how do penguins survive winter"))[0] == PENGUINS[0]
    assert await index.count() == 2
    again = await index.delete_tenant("gone")
    assert (again.sources, again.chunks) == (0, 0)


async def test_vectors_and_sentences_come_back_as_stored(index: ChunkIndex) -> None:
    text = "Tokens are pieces of text. The GPT-4 tokenizer has 100,277 of them. Models read tokens, not letters."
    spans = sentence_spans(text)
    vectors = EMBEDDER.embed([text[a:b] for a, b in spans])
    [chunk] = chunks("t", "notes", "v1", [text])
    import dataclasses

    chunk = dataclasses.replace(chunk, sentences=pack(spans, vectors))
    [dense] = EMBEDDER.embed([chunk.embedding_text()])
    await index.stage([chunk], [dense], [ENCODER.document(text)])
    await index.publish(record("t", "notes", "v1", 1))
    [back] = await index.chunks_of("t", "notes")
    assert back.sentences == chunk.sentences
    [stored] = await index.vectors_of([back])
    assert stored is not None and sum(x * y for x, y in zip(stored, dense)) > 0.999


async def test_an_explicit_other_embedder_is_refused(index: ChunkIndex, tmp_path: Path) -> None:
    await add(index, "t", "birds", "v1", PENGUINS)
    assert isinstance(index, (EdgeIndex, QdrantIndex))
    recorded = EMBEDDER.identity
    other_backend = "onnx" if not recorded.endswith("/onnx") else "torch"
    explicit = MiniLMEmbedder(backend=other_backend)
    automatic = MiniLMEmbedder(backend="auto")
    automatic.adopt(f"{automatic.name}/{other_backend}")  # as if the default were another runtime
    if isinstance(index, EdgeIndex):
        await index.close()
        reopened: ChunkIndex = EdgeIndex(index.root, index.collection, explicit)
        with pytest.raises(UserError, match="STUDYBOT_EMBEDDING_BACKEND"):
            await reopened.ensure()
        follower = EdgeIndex(index.root, index.collection, automatic)
    else:
        with pytest.raises(UserError, match="STUDYBOT_EMBEDDING_BACKEND"):
            await QdrantIndex(index.client, "chunks", explicit).ensure()
        follower = QdrantIndex(index.client, "chunks", automatic)
    await follower.ensure()
    assert automatic.identity == recorded  # "auto" follows the index
    if isinstance(follower, EdgeIndex):
        await follower.close()
