"""An httpx client whose connections go to exactly the addresses that were checked.

Resolving a name to vet it and letting the HTTP stack resolve it again to connect
leaves a gap: the name can answer a public address first and 127.0.0.1 second (DNS
rebinding). Here every new connection, redirect hops included, resolves its host once,
refuses the answer when it holds a non-public address (if asked to), and connects to
those very addresses. TLS still verifies the certificate against, and sends SNI for,
the host name in the URL. Proxies from the environment are not used: a proxy would
resolve the name itself.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Iterable
from ipaddress import ip_address

import httpcore
import httpx

from bot.errors import SourceError
from bot.language import tr
from ingest.public_address import IPAddress, is_public


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` has, in the resolver's order; an IP literal is itself. The one DNS lookup."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise httpcore.ConnectError(tr("{host} cannot be resolved ({error})")
                                    .format(host=host, error=e)) from None
    addresses: list[IPAddress] = []
    for *_, sockaddr in infos:
        ip = ip_address(sockaddr[0])
        if ip not in addresses:
            addresses.append(ip)
    return addresses


async def open_connection(ip: IPAddress, port: int, timeout: float | None, local_address: str | None,
                          socket_options: Iterable[tuple[int, int, int]] | None) -> httpcore.AsyncNetworkStream:
    """A TCP connection to one already-vetted address (no name lookup happens here)."""
    return await httpcore.AnyIOBackend().connect_tcp(str(ip), port, timeout=timeout, local_address=local_address,
                                                     socket_options=socket_options)  # type: ignore[arg-type]


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network layer: resolve once, vet, connect to what was vetted."""

    def __init__(self, public_only: bool) -> None:
        self.public_only = public_only

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[tuple[int, int, int]] | None = None,  # type: ignore[override]
                          ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve(host, port)
        if self.public_only and not all(is_public(ip) for ip in addresses):
            raise SourceError(tr("{host} points to a private network address; only public links can be added")
                              .format(host=host))
        failure: Exception = httpcore.ConnectError(tr("{host} has no address").format(host=host))
        for ip in addresses:
            try:
                return await open_connection(ip, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                failure = e
        raise failure

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[tuple[int, int, int]] | None = None,  # type: ignore[override]
                                  ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("fetching over a Unix socket is not supported")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (request mapping, errors, streaming) over a pool with the pinned backend."""

    def __init__(self, *, public_only: bool, verify: ssl.SSLContext | bool = True) -> None:
        super().__init__(verify=verify, trust_env=False)
        # httpx offers no argument for a network backend; its pool is the documented httpcore one.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            network_backend=PinnedBackend(public_only),
        )


def pinned_client(*, public_only: bool, timeout: float, verify: ssl.SSLContext | bool = True) -> httpx.AsyncClient:
    """A redirect-following client for fetching sources; `public_only` refuses non-public addresses."""
    return httpx.AsyncClient(transport=PinnedTransport(public_only=public_only, verify=verify), timeout=timeout,
                             follow_redirects=True, trust_env=False)
