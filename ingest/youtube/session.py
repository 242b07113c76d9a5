"""The requests session youtube-transcript-api is given: today's fetch guards, in requests' terms.

The library speaks to YouTube through any `requests.Session` it is handed. This one resolves
each host once and connects to exactly the addresses it checked (refusing non-public ones
for links from chat), on every hop of a redirect; bounds every answer by the byte budget and
every wait by the source's remaining seconds; and ignores proxies from the environment. With
STUDYBOT_YOUTUBE_PROXY set, connections go to that proxy (the operator's choice, so its own
address is not vetted) and the proxy reaches YouTube.
"""

from __future__ import annotations

import socket
from ipaddress import ip_address
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    NewConnectionError,
)
from urllib3.util import connection as socket_connect

from bot.errors import SourceError
from bot.language import tr
from ingest.budget import SourceBudget
from ingest.public_address import IPAddress, is_public

MAX_REDIRECTS = 5
CHUNK = 65536


def _addresses(host: str, port: int) -> list[IPAddress]:
    """Every address of `host`, in the resolver's order: the one DNS lookup of a connection."""
    found: list[IPAddress] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        ip = ip_address(sockaddr[0])
        if ip not in found:
            found.append(ip)
    return found


class _PinnedConnection(HTTPConnection):
    """Resolve once, vet (when `public_only`), connect to what was vetted; TLS still checks the host name."""

    public_only = False

    def _new_conn(self) -> socket.socket:
        try:
            addresses = _addresses(self._dns_host, self.port)
        except socket.gaierror as e:
            raise NameResolutionError(self.host, self, e) from e
        if self.public_only and not all(is_public(ip) for ip in addresses):
            raise SourceError(tr("{host} points to a private network address; only public links can be added")
                              .format(host=self.host))
        failure: Exception = NewConnectionError(self, f"{self.host} has no address")
        for ip in addresses:
            try:
                return socket_connect.create_connection((str(ip), self.port), self.timeout,  # type: ignore[arg-type]
                                                        source_address=self.source_address,
                                                        socket_options=self.socket_options)
            except TimeoutError as e:
                failure = ConnectTimeoutError(self, f"Connection to {self.host} timed out")
                failure.__cause__ = e
            except OSError as e:
                failure = NewConnectionError(self, f"Failed to establish a new connection: {e}")
        raise failure


def _pool_classes(public_only: bool) -> dict[str, type[HTTPConnectionPool]]:
    http = type("PinnedHTTPConnection", (_PinnedConnection,), {"public_only": public_only})
    https = type("PinnedHTTPSConnection", (_PinnedConnection, HTTPSConnection), {"public_only": public_only})
    return {"http": type("PinnedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
            "https": type("PinnedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https})}


class GuardedAdapter(HTTPAdapter):
    """Pinned connections, the source's byte and time budget on every request, no retries."""

    def __init__(self, *, public_only: bool, budget: SourceBudget, timeout: float, max_bytes: int) -> None:
        self.public_only, self.budget, self.timeout, self.max_bytes = public_only, budget, timeout, max_bytes
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self.public_only)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **kwargs)
        manager.pool_classes_by_scheme = _pool_classes(public_only=False)  # the configured proxy itself
        return manager

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: bool | str = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        self.budget.check_time()
        wait = max(0.1, min(self.timeout, self.budget.remaining_seconds()))
        response = super().send(request, stream=True, timeout=wait, verify=verify, cert=cert, proxies=proxies)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response.close()
            raise self.budget.bytes_exceeded(self.max_bytes)
        parts: list[bytes] = []
        size = 0
        for part in response.iter_content(CHUNK):
            size += len(part)
            if size > self.max_bytes:
                response.close()
                raise self.budget.bytes_exceeded(self.max_bytes)
            parts.append(part)
            self.budget.check_time()
        response._content = b"".join(parts)  # read within the budget; the caller sees a complete response
        return response


def youtube_session(*, public_only: bool, budget: SourceBudget, timeout: float, max_bytes: int,
                    proxy: str | None = None, ca_bundle: str | None = None) -> requests.Session:
    """A session for one source's YouTube requests (the library is handed it as its `http_client`)."""
    session = requests.Session()
    session.trust_env = False  # no proxies or CA bundles from the environment: only what studybot is told
    session.max_redirects = MAX_REDIRECTS
    adapter = GuardedAdapter(public_only=public_only, budget=budget, timeout=timeout,
                             max_bytes=min(max_bytes, budget.limits.max_bytes))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    if proxy:
        session.proxies = {"http": proxy, "https": proxy}
    if ca_bundle:
        session.verify = ca_bundle
    return session
