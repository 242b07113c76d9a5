"""Fetching http(s) sources with httpx, size-capped, errors in plain words."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import httpx

from bot.errors import SourceError


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    name: str  # a file name for format detection
    content_type: str | None
    data: bytes


def is_url(target: str) -> bool:
    return urlsplit(target).scheme in ("http", "https")


async def refuse_private(request: httpx.Request) -> None:
    """Links from chat may only reach public addresses, redirects included (no internal services)."""
    host = request.url.host
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return  # the request itself will fail with a plain "could not be fetched"
    for *_, address in infos:
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global or ip.is_multicast:
            raise SourceError(f"{request.url} points to a private network address; only public links can be added")


async def fetch(url: str, timeout: float, max_bytes: int, public_only: bool = False) -> Fetched:
    hooks = {"request": [refuse_private]} if public_only else {}
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=timeout, event_hooks=hooks) as client:
            async with client.stream("GET", url, headers={"User-Agent": "studybot"}) as response:
                if response.status_code >= 400:
                    raise SourceError(f"{url} could not be fetched: HTTP {response.status_code} {response.reason_phrase}")
                chunks: list[bytes] = []
                size = 0
                async for part in response.aiter_bytes():
                    size += len(part)
                    if size > max_bytes:
                        raise SourceError(f"{url} is larger than the {max_bytes // 1_000_000} MB limit")
                    chunks.append(part)
                final = str(response.url)
                content_type = response.headers.get("content-type")
    except httpx.TimeoutException:
        raise SourceError(f"{url} did not answer within {timeout:.0f} seconds") from None
    except httpx.HTTPError as e:
        raise SourceError(f"{url} could not be fetched ({type(e).__name__}: {e})") from None
    path = unquote(urlsplit(final).path.rstrip("/"))
    name = path.rsplit("/", 1)[-1] or urlsplit(final).netloc
    return Fetched(final, name, content_type, b"".join(chunks))
