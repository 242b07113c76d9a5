"""Health, readiness and metrics over real HTTP; structured logs keep message text out."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from adapters.ops_http import ops_app
from bot.bootstrap import build
from bot.conversation import IncomingMessage
from bot.runtime.logs import JsonFormatter
from bot.settings import Settings
from tests.conftest import load_course, reply_to
from tests.openai_stub import OpenAIStub
from tests.redis_server import RedisProcess


async def test_health_metrics_and_a_dead_redis(settings: Settings, corpus: Path, stub: OpenAIStub) -> None:
    server = RedisProcess().start()
    s = build(settings.model_copy(update={"redis_timeout": 0.5, "openai_base_url": stub.base_url}), server.url)
    client = TestClient(TestServer(ops_app(s.ops)))
    await client.start_server()
    try:
        await load_course(s, corpus)
        ok = await client.get("/healthz")
        assert ok.status == 200 and (await ok.json())["checks"] == {"redis": "ok", "qdrant": "ok"}
        ready = await client.get("/readyz")  # the stub lists its models: reachable, key accepted
        assert ready.status == 200 and (await ready.json())["checks"]["llm"] == "ok"

        before = await (await client.get("/metrics")).text()
        assert 'studybot_questions_total{command="ask",platform="test"}' not in before
        records: list[str] = []
        capture = logging.Handler(logging.DEBUG)
        capture.emit = lambda record: records.append(JsonFormatter().format(record))  # type: ignore[method-assign]
        logging.getLogger().addHandler(capture)
        logging.getLogger().setLevel(logging.DEBUG)
        try:
            msg = IncomingMessage("test", "default", "c", "t", "u", "What is FineWeb? secret-marker-7")
            reply = await reply_to(s, msg)
            await reply_to(s, IncomingMessage("test", "default", "c", "t", "u", f"up {reply.answer_id}", "vote"))
            server.stop()  # memory goes away: the failure is logged, the question is not
            await reply_to(s, IncomingMessage("test", "default", "c", "t3", "u", "secret-marker-7 tokens?"))
            server.start()
        finally:
            logging.getLogger().removeHandler(capture)
        assert any("memory unavailable" in r for r in records)
        assert not any("secret-marker-7" in r for r in records)
        await reply_to(s, IncomingMessage("test", "default", "c", "t2", "u", "How do I boil an egg?"))
        after = await (await client.get("/metrics")).text()
        assert 'studybot_questions_total{command="ask",platform="test"} 3.0' in after
        assert "studybot_abstentions_total 1.0" in after
        assert 'studybot_feedback_total{vote="up"} 1.0' in after
        assert 'studybot_stage_seconds_count{stage="retrieval"} 3.0' in after
        assert 'studybot_errors_total{kind="redis"} 1.0' in after

        server.stop()
        dead = await client.get("/healthz")
        body = await dead.json()
        assert dead.status == 503 and body["status"] == "unhealthy" and body["checks"]["redis"] != "ok"
    finally:
        await client.close()
        await s.close()
        server.stop()


def test_json_log_lines() -> None:
    record = logging.LogRecord("bot.ask.use_case", logging.INFO, __file__, 1, "answered %s in %s", ("abc123", "slack"), None)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["event"] == "answered abc123 in slack" and entry["level"] == "info" and entry["ts"].endswith("Z")
