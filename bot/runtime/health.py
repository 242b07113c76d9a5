"""Reachability of what the bot depends on, for /healthz and /readyz."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
from redis.asyncio import Redis

from bot.errors import ServiceUnavailable
from bot.index import ChunkIndex
from bot.runtime.redaction import redact
from bot.settings import Settings

TIMEOUT = 3.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = "ok"


async def _guard(name: str, probe: object) -> Check:
    try:
        await asyncio.wait_for(probe, TIMEOUT)  # type: ignore[arg-type]
        return Check(name, True)
    except ServiceUnavailable as e:  # answered, but unusable: say how
        return Check(name, False, redact(str(e)))
    except Exception as e:  # any other failure means: not reachable
        return Check(name, False, type(e).__name__)


async def _llm(settings: Settings) -> None:
    base = (settings.openai_base_url or "https://api.openai.com/v1").rstrip("/")
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        response = await client.get(f"{base}/models", headers={"Authorization": f"Bearer {key}"} if key else {})
    if response.status_code in (401, 403):  # reachable, but every answer would fail
        raise ServiceUnavailable(f"the model server rejected the API key (HTTP {response.status_code})")
    if response.status_code >= 500:
        raise ConnectionError(f"HTTP {response.status_code}")


async def check(redis: Redis, index: ChunkIndex, settings: Settings, include_llm: bool) -> list[Check]:
    probes = [_guard("redis", redis.ping()), _guard("qdrant", index.ping())]
    if include_llm and settings.llm_configured:
        probes.append(_guard("llm", _llm(settings)))
    return list(await asyncio.gather(*probes))
