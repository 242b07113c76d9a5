"""Ingesting http(s) URLs with httpx against a real local HTTP server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.bootstrap import Knowledge
from tests.test_loaders import VTT, pdf_bytes

PAGES: dict[str, tuple[str, bytes]] = {
    "/article": ("text/html; charset=utf-8",
                 b"<html><head><title>Scaling laws</title></head><body><h1>Scaling</h1>"
                 b"<h2 id='compute'>Compute</h2><p>Loss falls smoothly as compute grows by orders of magnitude.</p>"
                 b"</body></html>"),
    "/paper.pdf": ("application/pdf", pdf_bytes(["Intro page.", "The tokenizer merges frequent byte pairs."])),
    "/talk.vtt": ("text/vtt", VTT),
    "/download?id=7": ("application/pdf", pdf_bytes(["Served without a file name, detected by type."])),
    "/empty.md": ("text/markdown", b""),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        if self.path not in PAGES:
            self.send_error(404, "Not Found")
            return
        ctype, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


async def test_html_pdf_and_vtt_urls(services: Knowledge, site: str) -> None:
    report = await services.ingestor.ingest([f"{site}/old", f"{site}/paper.pdf", f"{site}/talk.vtt",
                                             f"{site}/download?id=7"], "default")
    assert report.count("added") == 4, report.as_json()
    by_kind = {r.kind: r for r in await services.index.records("default") if r.kind != "pdf" or "paper" in r.origin}
    assert by_kind["html"].title == "Scaling laws" and by_kind["html"].url == f"{site}/article"

    hits = (await services.retriever.search("default", "how does loss change with compute", 3)).hits
    assert hits[0].chunk.url == f"{site}/article#compute"
    hits = (await services.retriever.search("default", "tokenizer merges byte pairs", 3)).hits
    assert hits[0].chunk.url == f"{site}/paper.pdf#page=2" and hits[0].chunk.locator == "p. 2"
    hits = (await services.retriever.search("default", "supervised fine-tuning", 3)).hits
    assert hits[0].chunk.url == f"{site}/talk.vtt#t=1"


async def test_bad_urls_are_reported(services: Knowledge, site: str) -> None:
    report = await services.ingestor.ingest([f"{site}/missing", f"{site}/empty.md", "http://127.0.0.1:9/"], "default")
    reasons = [o.reason or "" for o in report.outcomes]
    assert report.count("skipped") == 3
    assert "HTTP 404" in reasons[0] and "is empty" in reasons[1] and "could not be fetched" in reasons[2]


async def test_given_url_overrides_for_deep_links(services: Knowledge, site: str, tmp_path: Path) -> None:
    await services.ingestor.ingest([f"{site}/talk.vtt"], "default", url="https://youtu.be/xyz", title="Talk")
    hits = (await services.retriever.search("default", "supervised fine-tuning", 1)).hits
    assert hits[0].chunk.url == "https://youtu.be/xyz?t=1s" and hits[0].chunk.title == "Talk"
