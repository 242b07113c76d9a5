"""HTTP mode: bolt's aiohttp bridge (to_request -> dispatch -> to_response) on /slack/events, and, when
workspaces install the app themselves (OAuth), its install page and redirect on GET /slack/install
and /slack/oauth_redirect."""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from adapters.slack.request_check import RequestCheck

EVENTS_PATH = "/slack/events"


def web_app(app: AsyncApp, signing_secret: str, path: str = EVENTS_PATH) -> web.Application:
    """Events, commands and interactivity on `path`, refused before bolt parses them unless signed and
    well formed; health is the ops server's."""
    check = RequestCheck(signing_secret)

    async def slack(request: web.Request) -> web.Response:
        refused = check.refusal(await request.read(), request.headers)
        if refused is not None:
            return web.Response(status=refused[0], text=refused[1])
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    server = web.Application()
    server.router.add_post(path, slack)
    flow = app.oauth_flow
    if flow is not None:
        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

        async def redirect(request: web.Request) -> web.Response:
            return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

        server.router.add_get(flow.install_path, install)
        server.router.add_get(flow.redirect_uri_path, redirect)
    return server
