"""Fetching http(s) sources: pinned connections, size and wall-clock budgets, errors in plain words."""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import httpx

from bot.errors import SourceError
from bot.language import tr
from bot.runtime.redaction import redact
from ingest.budget import SourceBudget
from ingest.pinned_http import pinned_client


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    name: str  # a file name for format detection
    content_type: str | None
    data: bytes


def is_url(target: str) -> bool:
    return urlsplit(target).scheme in ("http", "https")


async def fetch(url: str, timeout: float, max_bytes: int, public_only: bool = False,
                budget: SourceBudget | None = None, verify: ssl.SSLContext | bool = True) -> Fetched:
    """Download `url`; `timeout` bounds each wait, the budget the whole download (a trickle included).

    `public_only` (links given in chat) refuses hosts, redirects included, that resolve to
    non-public addresses, and connects only to the addresses it checked.
    """
    budget = budget or SourceBudget.unlimited(url)
    try:
        async with asyncio.timeout(budget.remaining_seconds()):
            return await _download(url, timeout, min(max_bytes, budget.limits.max_bytes), public_only, verify, budget)
    except TimeoutError:
        raise budget.time_exceeded() from None


async def _download(url: str, timeout: float, max_bytes: int, public_only: bool, verify: ssl.SSLContext | bool,
                    budget: SourceBudget) -> Fetched:
    try:
        async with pinned_client(public_only=public_only, timeout=timeout, verify=verify) as client:
            async with client.stream("GET", url, headers={"User-Agent": "studybot"}) as response:
                if response.status_code >= 400:
                    raise SourceError(redact(tr("{url} could not be fetched: HTTP {status} {phrase}").format(
                        url=url, status=response.status_code, phrase=response.reason_phrase)))
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise budget.bytes_exceeded(max_bytes)
                parts: list[bytes] = []
                size = 0
                async for part in response.aiter_bytes():
                    size += len(part)
                    if size > max_bytes:
                        raise budget.bytes_exceeded(max_bytes)
                    parts.append(part)
                final = str(response.url)
                content_type = response.headers.get("content-type")
    except httpx.TimeoutException:
        raise SourceError(redact(tr("{url} did not answer within {timeout:g} seconds")
                                 .format(url=url, timeout=timeout))) from None
    except httpx.HTTPError as e:
        raise SourceError(redact(tr("{url} could not be fetched ({cause}: {error})")
                                 .format(url=url, cause=type(e).__name__, error=e))) from None
    path = unquote(urlsplit(final).path.rstrip("/"))
    name = path.rsplit("/", 1)[-1] or urlsplit(final).netloc
    return Fetched(final, name, content_type, b"".join(parts))
