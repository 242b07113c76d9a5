"""A local HTTP server that speaks the OpenAI chat-completions protocol (JSON and SSE).

Tests script its answers and read back every request it received, while the real
langchain-openai client talks to it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.local_http import serve_app


@dataclass
class Scripted:
    content: str = ""
    status: int = 200
    delay: float = 0.0  # seconds before answering (to provoke timeouts)


@dataclass
class OpenAIStub:
    responder: Callable[[dict[str, Any]], Scripted] = lambda body: Scripted("Stub answer [1].")
    requests: list[dict[str, Any]] = field(default_factory=list)
    api_key: str | None = None  # when set, requests without "Bearer <api_key>" get OpenAI's 401
    runner: web.AppRunner | None = None
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def start(self) -> OpenAIStub:
        app = web.Application(middlewares=[self._auth])
        app.router.add_post("/v1/chat/completions", self._completions)
        app.router.add_get("/v1/models", self._models)
        self.runner, self.port = await serve_app(app)
        return self

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    @web.middleware
    async def _auth(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if self.api_key is not None and request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return web.json_response({"error": {
                "message": "Incorrect API key provided. You can find your API key at the dashboard.",
                "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}}, status=401)
        return await handler(request)

    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": [
            {"id": "stub-model", "object": "model", "created": 0, "owned_by": "studybot-tests"}]})

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        script = self.responder(body)
        if script.delay:
            await asyncio.sleep(script.delay)
        if script.status != 200:
            return web.json_response(
                {"error": {"message": "stub failure", "type": "server_error", "code": None}}, status=script.status
            )
        base = {"id": "chatcmpl-stub", "created": int(time.time()), "model": body.get("model", "stub")}
        if not body.get("stream"):
            return web.json_response({
                **base, "object": "chat.completion",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": script.content},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            })
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)

        async def send(delta: dict[str, Any], finish: str | None = None) -> None:
            chunk = {**base, "object": "chat.completion.chunk",
                     "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())

        await send({"role": "assistant", "content": ""})
        words = script.content.split(" ")
        for i, word in enumerate(words):
            await send({"content": word + (" " if i < len(words) - 1 else "")})
        await send({}, "stop")
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response


def last_user_text(body: dict[str, Any]) -> str:
    content = body["messages"][-1]["content"]
    return content if isinstance(content, str) else " ".join(p.get("text", "") for p in content)
