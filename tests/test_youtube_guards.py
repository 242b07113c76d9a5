"""Every YouTube request goes through today's fetch guards: public addresses only from chat, byte budgets."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.bootstrap import build_knowledge
from bot.errors import SourceError
from bot.settings import Settings
from ingest.budget import SourceBudget
from ingest.youtube.session import youtube_session
from tests.youtube_stand_in import FakeVideo, Track, YouTubeStandIn


class Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def internal() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_youtube_session_refuses_private_addresses_for_chat_links(internal: int) -> None:
    budget = SourceBudget.unlimited("a video")
    with youtube_session(public_only=True, budget=budget, timeout=5, max_bytes=1000) as chat:
        with pytest.raises(SourceError, match="private network address"):
            chat.get(f"http://127.0.0.1:{internal}/watch?v=x")
    with youtube_session(public_only=False, budget=budget, timeout=5, max_bytes=1000) as operator:
        assert operator.get(f"http://127.0.0.1:{internal}/").content == b"hello"
    with youtube_session(public_only=False, budget=budget, timeout=5, max_bytes=3) as small:
        with pytest.raises(SourceError, match="larger than"):
            small.get(f"http://127.0.0.1:{internal}/")


async def test_a_youtube_caption_track_over_the_byte_budget_is_refused(settings: Settings, tmp_path: Path) -> None:
    long_talk = FakeVideo("lOnGtAlK001", "A Very Long Talk", "Someone", tracks=[
        Track("en", "English", [(i * 2.0, 2.0, f"sentence number {i} of a very long talk indeed") for i in range(800)])])
    stand_in = YouTubeStandIn(tmp_path).add(long_talk).start()
    try:
        k = build_knowledge(settings.model_copy(update={
            "youtube_proxy": SecretStr(stand_in.proxy), "youtube_ca_bundle": stand_in.ca_bundle,
            "max_fetch_bytes": 20_000}))
        try:
            report = await k.ingestor.ingest(["https://www.youtube.com/watch?v=lOnGtAlK001"], "default")
            [outcome] = report.outcomes
            assert outcome.status == "skipped" and "larger than" in (outcome.reason or "")
            assert await k.index.records("default") == []
        finally:
            await k.close()
    finally:
        stand_in.stop()
