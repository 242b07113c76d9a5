"""Against a Qdrant server, collections are created with the cluster settings and payload indexes.

No Qdrant server can run here, so a local stand-in speaks Qdrant's REST protocol for
the calls collection creation makes, and the real qdrant-client talks to it.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.bootstrap import build_knowledge
from bot.settings import Settings


def ok(result: Any) -> web.Response:
    return web.json_response({"result": result, "status": "ok", "time": 0.0})


async def test_collections_use_shards_replication_and_write_consistency(settings: Settings) -> None:
    created: dict[str, dict[str, Any]] = {}
    indexed: list[tuple[str, dict[str, Any]]] = []
    upserted: list[tuple[str, dict[str, Any]]] = []

    async def root(request: web.Request) -> web.Response:
        return web.json_response({"title": "qdrant - vector search engine", "version": "1.15.0"})

    async def exists(request: web.Request) -> web.Response:
        return ok({"exists": request.match_info["name"] in created})

    async def create(request: web.Request) -> web.Response:
        created[request.match_info["name"]] = await request.json()
        return ok(True)

    async def index(request: web.Request) -> web.Response:
        indexed.append((request.match_info["name"], await request.json()))
        return ok({"operation_id": len(indexed), "status": "completed"})

    async def retrieve(request: web.Request) -> web.Response:
        return ok([])

    async def count(request: web.Request) -> web.Response:
        return ok({"count": 0})

    async def upsert(request: web.Request) -> web.Response:
        upserted.append((request.match_info["name"], await request.json()))
        return ok({"operation_id": len(upserted), "status": "completed"})

    app = web.Application()
    app.router.add_get("/", root)
    app.router.add_get("/collections/{name}/exists", exists)
    app.router.add_put("/collections/{name}", create)
    app.router.add_put("/collections/{name}/index", index)
    app.router.add_post("/collections/{name}/points", retrieve)
    app.router.add_post("/collections/{name}/points/count", count)
    app.router.add_put("/collections/{name}/points", upsert)
    server = TestServer(app)
    await server.start_server()
    k = build_knowledge(settings.model_copy(update={
        "qdrant_url": str(server.make_url("/")).rstrip("/"), "qdrant_shards": 6, "qdrant_replication": 2,
        "qdrant_write_consistency": 2,
    }))
    try:
        await k.index.ensure()
    finally:
        await k.close()
        await server.close()
    chunks = created["studybot_chunks"]
    assert (chunks["shard_number"], chunks["replication_factor"], chunks["write_consistency_factor"]) == (6, 2, 2)
    assert chunks["vectors"]["dense"] == {"size": 384, "distance": "Cosine"}
    assert chunks["sparse_vectors"]["bm25"]["modifier"] == "idf"
    assert created["studybot_chunks_sources"]["replication_factor"] == 2
    tenant_index = [body for name, body in indexed if body["field_name"] == "tenant" and name == "studybot_chunks"]
    assert tenant_index[0]["field_schema"] == {"type": "keyword", "is_tenant": True}
    chunk_fields = {body["field_name"]: body["field_schema"] for name, body in indexed if name == "studybot_chunks"}
    assert chunk_fields["source_id"] == chunk_fields["version"] == "keyword" and chunk_fields["live"] == "bool"
    [(registry, meta)] = upserted  # the index records which embedder makes its vectors
    assert registry == "studybot_chunks_sources" and meta["points"][0]["payload"]["embedder"].startswith("all-MiniLM-L6-v2/")
