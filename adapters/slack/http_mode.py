"""HTTP mode: bolt's aiohttp bridge on /slack/events (to_request -> dispatch -> to_response)."""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

EVENTS_PATH = "/slack/events"


def web_app(app: AsyncApp, path: str = EVENTS_PATH) -> web.Application:
    """Events, commands and interactivity on `path` (signature-checked by bolt); health is the ops server's."""

    async def slack(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    server = web.Application()
    server.router.add_post(path, slack)
    return server
