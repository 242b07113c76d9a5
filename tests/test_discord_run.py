"""`studybot serve --discord`: a missing or rejected token is a clear UserError, not a stack trace."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord.http
import pytest
from aiohttp import web
from pydantic import SecretStr

from adapters.discord import run_discord
from adapters.serve import serve_forever
from bot.bootstrap import Services
from bot.errors import ServiceUnavailable, UserError
from tests.redis_server import free_port
from tests.local_http import serve_app


@pytest.fixture()
async def discord_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[list[str]]:
    """A local stand-in for discord.com that rejects every token (discord.py's Route.BASE points at it)."""
    seen: list[str] = []

    async def me(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Authorization", ""))
        return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", me)
    runner, port = await serve_app(app)
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    yield seen
    await runner.cleanup()


async def test_serve_without_a_token_says_what_to_set(app: Services) -> None:
    app.settings = app.settings.model_copy(update={"discord_token": None})
    with pytest.raises(UserError, match="set DISCORD_TOKEN"):
        await serve_forever(app, slack=False, discord=True, port=0)


async def test_a_rejected_token_is_a_user_error(app: Services, discord_api: list[str]) -> None:
    app.settings = app.settings.model_copy(update={"discord_token": SecretStr(" not-a-token ")})
    with pytest.raises(UserError, match="Discord rejected DISCORD_TOKEN") as caught:
        await run_discord(app)
    assert discord_api == ["Bot not-a-token"]
    assert "not-a-token" not in str(caught.value)


async def test_discord_out_of_reach_at_start_is_reported_plainly(app: Services,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{free_port()}/api/v10")  # nobody listens
    app.settings = app.settings.model_copy(update={"discord_token": SecretStr("token")})
    with pytest.raises(ServiceUnavailable, match="Cannot reach Discord"):
        await run_discord(app)
