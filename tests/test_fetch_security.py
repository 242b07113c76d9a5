"""Links from chat reach only public hosts, through the very address that was checked.

Name resolution is the test's own (ingest.pinned_http.resolve), and so is the last step of
connecting (open_connection): a "public" address is routed to a second local server, and
any attempt to reach an address off this machine fails the test. Nothing leaves loopback.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from ipaddress import ip_address

import httpcore
import pytest
import trustme
from aiohttp import web

import ingest.pinned_http as pinned_http
from bot.bootstrap import Knowledge
from bot.errors import OverBudget, SourceError
from bot.settings import Settings
from ingest.budget import IngestLimits, SourceBudget
from ingest.fetch import fetch
from ingest.public_address import is_public
from tests.local_http import serve_app

PUBLIC_IP = "93.184.216.34"  # stands for "some server on the internet"; routed to a local server here


@dataclass
class Site:
    """A local HTTP server that records the paths it was asked for."""

    port: int = 0
    hits: list[str] = field(default_factory=list)
    runner: web.AppRunner | None = None


async def start_site(pages: dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]]) -> Site:
    site = Site()

    async def handle(request: web.Request) -> web.StreamResponse:
        site.hits.append(request.path_qs)
        if request.path not in pages:
            raise web.HTTPNotFound()
        return await pages[request.path](request)

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handle)
    site.runner, site.port = await serve_app(app)
    return site


def text(body: str, ctype: str = "text/markdown") -> Callable[[web.Request], Awaitable[web.Response]]:
    async def page(request: web.Request) -> web.Response:
        return web.Response(text=body, content_type=ctype)
    return page


@dataclass
class Network:
    """The test's DNS (answers per name, in turn) and a network that only reaches this machine."""

    answers: dict[str, list[list[str]]] = field(default_factory=dict)
    routes: dict[str, int] = field(default_factory=dict)  # pretend-public address -> local port
    lookups: list[str] = field(default_factory=list)
    connects: list[str] = field(default_factory=list)


@pytest.fixture()
def network(monkeypatch: pytest.MonkeyPatch) -> Network:
    net = Network()
    real_resolve, real_open = pinned_http.resolve, pinned_http.open_connection

    async def resolve(host: str, port: int) -> list[pinned_http.IPAddress]:
        net.lookups.append(host)
        if host in net.answers:
            turns = net.answers[host]
            answer = turns.pop(0) if len(turns) > 1 else turns[0]
            return [ip_address(a) for a in answer]
        return await real_resolve(host, port)  # IP literals and localhost only: no DNS query leaves

    async def open_connection(ip: pinned_http.IPAddress, port: int, *rest: object) -> httpcore.AsyncNetworkStream:
        net.connects.append(str(ip))
        if str(ip) in net.routes:
            return await real_open(ip_address("127.0.0.1"), net.routes[str(ip)], *rest)  # type: ignore[arg-type]
        if not ip.is_loopback:
            pytest.fail(f"the fetch tried to reach {ip}, off this machine")
        return await real_open(ip, port, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(pinned_http, "resolve", resolve)
    monkeypatch.setattr(pinned_http, "open_connection", open_connection)
    return net


@pytest.fixture()
async def internal() -> AsyncIterator[Site]:
    """A service only this machine should see."""
    site = await start_site({"/notes.md": text("# Internal\n\nThe admin password is swordfish.\n")})
    yield site
    await site.runner.cleanup()  # type: ignore[union-attr]


@pytest.fixture()
async def public() -> AsyncIterator[Site]:
    """What the public address serves."""
    site = await start_site({"/notes.md": text("# Tokenizers\n\nTokenizers split text into pieces.\n")})
    yield site
    await site.runner.cleanup()  # type: ignore[union-attr]


async def test_dns_rebinding_cannot_reach_an_internal_service(services: Knowledge, network: Network,
                                                               internal: Site, public: Site) -> None:
    """The name answers a public address, then 127.0.0.1: the connection goes to the address that was checked."""
    network.answers["rebind.test"] = [[PUBLIC_IP], ["127.0.0.1"]]
    network.routes[PUBLIC_IP] = public.port
    outcome = await services.ingestor.ingest_one(f"http://rebind.test:{internal.port}/notes.md", "default",
                                                 public_only=True)
    assert outcome.status == "added", outcome
    assert internal.hits == [] and public.hits == ["/notes.md"]
    assert network.lookups.count("rebind.test") == 1 and network.connects == [PUBLIC_IP]
    found = " ".join(h.chunk.text for h in (await services.retriever.search("default", "admin password", 5)).hits)
    assert "swordfish" not in found and "Tokenizers" in found


async def test_a_redirect_to_an_internal_name_is_refused_at_that_hop(services: Knowledge, network: Network,
                                                                     internal: Site) -> None:
    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPFound(f"http://intranet.test:{internal.port}/notes.md")

    redirector = await start_site({"/go": moved})
    try:
        network.answers.update({"short.test": [[PUBLIC_IP]], "intranet.test": [["127.0.0.1"]]})
        network.routes[PUBLIC_IP] = redirector.port
        outcome = await services.ingestor.ingest_one(f"http://short.test:{internal.port}/go", "default",
                                                     public_only=True)
    finally:
        await redirector.runner.cleanup()  # type: ignore[union-attr]
    assert outcome.status == "skipped"
    assert "intranet.test points to a private network address" in (outcome.reason or "")
    assert redirector.hits == ["/go"] and internal.hits == []
    assert await services.index.records("default") == []


@pytest.mark.parametrize("host", [
    "[::127.0.0.1]",  # IPv4-compatible loopback
    "[::ffff:127.0.0.1]",  # IPv4-mapped loopback
    "[64:ff9b::a9fe:a9fe]",  # NAT64 of 169.254.169.254 (cloud metadata)
    "[2002:a9fe:a9fe::1]",  # 6to4 of 169.254.169.254
    "[2001:0:4136:e378:8000:63bf:3fff:fdd2]",  # Teredo whose client is 192.0.2.45 (documentation range)
    "169.254.169.254", "100.64.0.1", "0.0.0.0", "[::1]", "[fe80::1]", "[fc00::1]",
    "2130706433",  # 127.0.0.1 written as one decimal number
])
async def test_private_addresses_in_any_spelling_are_refused(services: Knowledge, network: Network,
                                                            internal: Site, host: str) -> None:
    outcome = await services.ingestor.ingest_one(f"http://{host}:{internal.port}/notes.md", "default",
                                                 public_only=True)
    assert outcome.status == "skipped" and "private network address" in (outcome.reason or ""), outcome
    assert network.connects == [] and internal.hits == []


def test_public_means_globally_routable_with_embedded_ipv4_unwrapped() -> None:
    assert all(is_public(a) for a in (
        "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
        "2001:0:808:808:0:0:f7f7:f7f7",  # Teredo: server 8.8.8.8, client 8.8.8.8
    ))
    assert not any(is_public(a) for a in (
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "192.0.0.8",
        "198.18.0.1", "224.0.0.1", "255.255.255.255", "::", "::1", "::127.0.0.1", "::ffff:10.0.0.1",
        "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "2002:a00:1::1", "2001:db8::1", "fe80::1", "fc00::1", "ff02::1",
        "2001:0:a00:1:0:0:f5ff:fffe",  # Teredo with server 10.0.0.1
    ))


async def test_a_trickling_download_is_stopped_by_the_seconds_budget(services: Knowledge, network: Network) -> None:
    async def trickle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/plain"})
        await response.prepare(request)
        for _ in range(40):  # one byte every 0.1 s: each read is quick, the whole is slow
            await response.write(b"x")
            await asyncio.sleep(0.1)
        return response

    slow = await start_site({"/slow.txt": trickle})
    services.ingestor.settings = services.settings.model_copy(update={"max_source_seconds": 0.5,
                                                                        "fetch_timeout": 2.0})
    try:
        outcome = await services.ingestor.ingest_one(f"http://127.0.0.1:{slow.port}/slow.txt", "default")
    finally:
        await slow.runner.cleanup()  # type: ignore[union-attr]
    assert outcome.status == "skipped"
    assert "took longer than the 0.5-second limit" in (outcome.reason or "")
    assert "STUDYBOT_MAX_SOURCE_SECONDS" in (outcome.reason or "")
    assert await services.index.records("default") == []


async def test_a_download_over_the_byte_budget_is_refused(network: Network, settings: Settings) -> None:
    big = await start_site({"/big.txt": text("word " * 50_000, "text/plain")})
    limits = IngestLimits.from_settings(settings)
    try:
        with pytest.raises(OverBudget, match="larger than the 0.1 MB limit"):
            await fetch(f"http://127.0.0.1:{big.port}/big.txt", 5.0, 100_000, budget=SourceBudget(limits, "big.txt"))
    finally:
        await big.runner.cleanup()  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def tls_ca() -> trustme.CA:
    return trustme.CA()


async def start_tls_site(ca: trustme.CA, cert_for: str, seen_names: list[str]) -> Site:
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(cert_for).configure_cert(server_ctx)
    server_ctx.sni_callback = lambda sock, name, ctx: seen_names.append(name)  # type: ignore[assignment,func-returns-value]
    site = Site()
    app = web.Application()
    app.router.add_get("/paper.md", text("# Paper\n\nAttention is all you need.\n"))
    site.runner = web.AppRunner(app)
    await site.runner.setup()
    tcp = web.TCPSite(site.runner, "127.0.0.1", 0, ssl_context=server_ctx)
    await tcp.start()
    site.port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return site


async def test_tls_checks_the_real_host_name_while_connecting_to_the_pinned_address(
        network: Network, tls_ca: trustme.CA) -> None:
    client_ctx = ssl.create_default_context()
    tls_ca.configure_trust(client_ctx)
    names: list[str] = []
    site = await start_tls_site(tls_ca, "docs.studybot.test", names)
    try:
        network.answers["docs.studybot.test"] = [["127.0.0.1"]]
        network.answers["impostor.test"] = [["127.0.0.1"]]
        fetched = await fetch(f"https://docs.studybot.test:{site.port}/paper.md", 5.0, 10_000, verify=client_ctx)
        assert b"Attention" in fetched.data and names == ["docs.studybot.test"]
        assert network.connects == ["127.0.0.1"]  # connected by address, verified by name
        with pytest.raises(SourceError, match="could not be fetched.*(certificate|CERTIFICATE)"):
            await fetch(f"https://impostor.test:{site.port}/paper.md", 5.0, 10_000, verify=client_ctx)
    finally:
        await site.runner.cleanup()  # type: ignore[union-attr]
