"""Web pages keep their article: navigation, cookie banners and footers stay out of the index."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.bootstrap import Knowledge
from ingest.arxiv import arxiv_pdf

ARTICLE = b"""<!DOCTYPE html><html lang="en"><head><title>Why tokenizers matter | The ML Blog</title>
<script>window.dataLayer = [];</script></head><body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience. By continuing to
browse you accept our cookie policy and our partners' tracking.</p><button>Accept all cookies</button></div>
<div class="site-header"><ul class="menu"><li><a href="/">Home</a></li><li><a href="/about">About us</a></li>
<li><a href="/archive">Archive</a></li><li><a href="/subscribe">Subscribe to the newsletter</a></li></ul></div>
<div class="layout"><div class="post">
<h1>Why tokenizers matter</h1>
<p>Language models never see characters. They see tokens, pieces of text chosen by a tokenizer before training
begins, and the choice shapes what the model finds easy or hard.</p>
<h2 id="bpe">Byte pair encoding</h2>
<p>Byte pair encoding starts from single bytes and repeatedly merges the most frequent adjacent pair into a new
symbol. After tens of thousands of merges the vocabulary holds common words whole and splits rare words.</p>
<p>The GPT-4 tokenizer has a vocabulary of about one hundred thousand tokens, which keeps sequences short.</p>
<h2 id="arithmetic">Why arithmetic is hard</h2>
<p>Numbers are split into irregular chunks, so the digits of 12345 may land in two tokens while 12346 lands in
three. A model must learn arithmetic over these uneven pieces, which is one reason it stumbles on long
multiplication.</p>
</div><div class="sidebar"><h3>Popular posts</h3><ul><li><a href="/a">Ten prompts that always work</a></li>
<li><a href="/b">Our favourite GPUs of the year</a></li></ul></div></div>
<div class="site-footer"><p>Copyright 2024 The ML Blog. All rights reserved.</p>
<p>Privacy policy - Terms of service - Contact us</p></div>
</body></html>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(ARTICLE)))
        self.end_headers()
        self.wfile.write(ARTICLE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def blog() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/posts/why-tokenizers-matter"
    server.shutdown()
    server.server_close()


async def test_a_web_article_is_indexed_without_navigation_cookie_banner_and_footer(services: Knowledge,
                                                                                    blog: str) -> None:
    report = await services.ingestor.ingest([blog], "default")
    assert report.count("added") == 1, report.as_json()
    [record] = await services.index.records("default")
    chunks = await services.index.chunks_of("default", record.source_id)
    text = " ".join(c.text for c in chunks)
    assert "one hundred thousand tokens" in text and "long multiplication" in text
    for noise in ("cookies", "About us", "Subscribe", "Copyright", "Privacy policy", "Popular posts", "GPUs"):
        assert noise not in text, noise
    hits = (await services.retriever.search("default", "why do models struggle with multiplication", 1)).hits
    assert hits[0].chunk.locator.endswith("> Why arithmetic is hard") and hits[0].chunk.url == f"{blog}#arithmetic"


def test_arxiv_abstract_links_read_the_pdf() -> None:
    assert arxiv_pdf("https://arxiv.org/abs/2303.08774v2") == "https://arxiv.org/pdf/2303.08774v2"
    assert arxiv_pdf("http://export.arxiv.org/abs/hep-th/9901001?context=hep") == "https://arxiv.org/pdf/hep-th/9901001"
    assert arxiv_pdf("https://arxiv.org/pdf/2303.08774") is None and arxiv_pdf("https://example.org/abs/1") is None
