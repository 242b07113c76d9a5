"""Operations endpoints: /healthz (Redis, Qdrant), /readyz (+ the LLM), /metrics (Prometheus)."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.bootstrap import OpsFacade
from bot.runtime.health import check


def ops_app(services: OpsFacade) -> web.Application:
    async def health(request: web.Request, include_llm: bool) -> web.Response:
        checks = await check(services.redis, services.index, services.settings, include_llm)
        healthy = all(c.ok for c in checks)
        body = {"status": "ok" if healthy else "unhealthy", "checks": {c.name: c.detail for c in checks}}
        return web.json_response(body, status=200 if healthy else 503)

    async def healthz(request: web.Request) -> web.Response:
        return await health(request, include_llm=False)

    async def readyz(request: web.Request) -> web.Response:
        return await health(request, include_llm=True)

    async def metrics(request: web.Request) -> web.Response:
        return web.Response(body=services.metrics.render(), content_type="text/plain", charset="utf-8",
                            headers={"X-Content-Type": "text/plain; version=0.0.4"})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    return app


async def run_ops(services: OpsFacade, port: int, host: str = "127.0.0.1") -> None:
    """Serve the ops endpoints on `host` (loopback unless a container opens it) until cancelled."""
    runner = web.AppRunner(ops_app(services), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
