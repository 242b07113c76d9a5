"""Logs never hold secrets, nor message text from client libraries; /readyz knows a rejected key.

The libraries are the real ones (openai over httpx2, slack_sdk) talking to local stubs,
logging through the handler configure_logging installs.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from openai import AsyncOpenAI
from pydantic import SecretStr
from redis.asyncio import Redis
from slack_sdk.web.async_client import AsyncWebClient

from adapters.ops_http import ops_app
from bot.bootstrap import build
from bot.runtime.logs import QUIET_LOGGERS, configure_logging
from bot.runtime.redaction import redact
from bot.settings import Settings
from tests.openai_stub import OpenAIStub, Scripted
from tests.slack_stub import BOT_TOKEN, SlackStub

API_KEY = "sk-proj-Zx81kQm3aB7cD9eF1gH2iJ4kL6mN8pQ0"
DISCORD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"


def test_redaction_patterns() -> None:
    line = (f"POST http://bob:hunter2pass@llm.internal/v1 Authorization: Bearer {API_KEY} slack={BOT_TOKEN} "
            f"app=xapp-1-A0123-4567-abcdef user=xoxp-123-456-789-abc discord={DISCORD_TOKEN} "
            "https://api.example.org/x?api_key=k3y-value&page=2 {'client_secret': 's3cr3t-value'} "
            "Authorization: Basic Ym9iOmh1bnRlcjJwYXNz")
    out = redact(line)
    for secret in ("hunter2pass", API_KEY, BOT_TOKEN, "xapp-1-A0123", "xoxp-123", DISCORD_TOKEN, "k3y-value",
                   "s3cr3t-value", "Ym9iOmh1bnRlcjJwYXNz"):
        assert secret not in out, (secret, out)
    assert "http://***@llm.internal/v1" in out and "page=2" in out
    assert redact("token counts: prompt_tokens=12 max_tokens: 100, the basic idea") == (
        "token counts: prompt_tokens=12 max_tokens: 100, the basic idea")
    assert redact("signing with q8Zr-odd_value!", secrets=["q8Zr-odd_value"]) == "signing with ***!"


@pytest.fixture()
def json_logs() -> Iterator[Callable[..., io.StringIO]]:
    """configure_logging into a buffer, library loggers at DEBUG; the previous setup restored after."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level, {n: logging.getLogger(n).level for n in QUIET_LOGGERS}

    def setup(**options: object) -> io.StringIO:
        buffer = io.StringIO()
        configure_logging("DEBUG", stream=buffer, **options)  # type: ignore[arg-type]
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.DEBUG)  # the quieting is not what keeps text out
        return buffer

    yield setup
    root.handlers[:], level, levels = saved
    root.setLevel(level)
    for name, lv in levels.items():
        logging.getLogger(name).setLevel(lv)


def lines(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


async def ask_model(stub: OpenAIStub) -> None:
    base = stub.base_url.replace("http://", "http://studybot:pa55-in-url@")
    client = AsyncOpenAI(base_url=base, api_key=API_KEY, max_retries=0)
    try:
        await client.chat.completions.create(model="stub", messages=[{"role": "user",
                                                                       "content": "question-marker-31"}])
    finally:
        await client.close()


async def test_model_client_logs_hold_no_credentials_and_no_text(json_logs: Callable[..., io.StringIO],
                                                                   stub: OpenAIStub) -> None:
    stub.responder = lambda body: Scripted("answer-marker-59")
    buffer = json_logs(secrets=[API_KEY, "pa55-in-url"])
    await ask_model(stub)
    logged = lines(buffer)
    assert {"httpx2", "openai._base_client"} <= {str(e["logger"]) for e in logged}  # the libraries did log
    text = buffer.getvalue()
    for leak in ("pa55-in-url", API_KEY, "question-marker-31", "answer-marker-59"):
        assert leak not in text, leak
    assert all(e.get("withheld") for e in logged if not str(e["logger"]).startswith(("bot", "adapters")))


async def test_with_library_text_on_secrets_still_stay_out(json_logs: Callable[..., io.StringIO],
                                                              stub: OpenAIStub) -> None:
    buffer = json_logs(secrets=[API_KEY], message_text=True)
    await ask_model(stub)
    text = buffer.getvalue()
    assert "HTTP Request: POST http://***@127.0.0.1" in text  # httpx2's request line, credentials masked
    assert "pa55-in-url" not in text and API_KEY not in text


@pytest.mark.parametrize("message_text", [False, True])
async def test_slack_client_debug_logs_hold_answer_text_only_when_asked(json_logs: Callable[..., io.StringIO],
                                                                        message_text: bool) -> None:
    slack = await SlackStub().start()
    buffer = json_logs(message_text=message_text)
    try:
        client = AsyncWebClient(token=BOT_TOKEN, base_url=slack.api_url)
        await client.chat_postMessage(channel="C1", text="answer-marker-77 about tokenizers")
    finally:
        await slack.stop()
    assert any(str(e["logger"]).startswith("slack_sdk") for e in lines(buffer))
    assert ("answer-marker-77" in buffer.getvalue()) is message_text
    assert BOT_TOKEN not in buffer.getvalue()


async def test_readyz_is_not_ready_when_the_model_rejects_the_key(settings: Settings, redis: Redis, redis_url: str,
                                                                   stub: OpenAIStub, tmp_path: Path) -> None:
    stub.api_key = API_KEY
    for key, status in (("sk-wrong-key-0000000000000000", 503), (API_KEY, 200)):
        s = build(settings.model_copy(update={"openai_base_url": stub.base_url, "openai_api_key": SecretStr(key)}),
                  redis_url)
        client = TestClient(TestServer(ops_app(s.ops)))
        await client.start_server()
        try:
            ready = await client.get("/readyz")
            body = await ready.json()
            assert ready.status == status, body
            assert (await client.get("/healthz")).status == 200  # the process itself is healthy
        finally:
            await client.close()
            await s.close()
        if status == 503:
            assert body["checks"]["llm"] == "the model server rejected the API key (HTTP 401)"
        else:
            assert body["checks"]["llm"] == "ok"
