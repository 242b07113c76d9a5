"""The language model: langchain-openai's ChatOpenAI against any OpenAI-compatible server."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from langchain_core.messages import BaseMessage

from bot.errors import ServiceUnavailable
from bot.settings import Settings

log = logging.getLogger(__name__)

TokenSink = Callable[[str], Awaitable[None] | None]


class ChatModel(Protocol):
    async def complete(self, messages: list[BaseMessage], on_token: TokenSink | None = None) -> str: ...


class OpenAIChat:
    """Streams tokens; per-request timeout and retries by the OpenAI client, plus an overall deadline."""

    def __init__(self, settings: Settings) -> None:
        from langchain_openai import ChatOpenAI

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        self._deadline = settings.llm_timeout * (settings.llm_retries + 1) + 5
        self._model = ChatOpenAI(
            model=settings.llm_model,
            api_key=key,  # type: ignore[arg-type]
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_retries,
            temperature=settings.llm_temperature,
            streaming=True,
        )

    async def complete(self, messages: list[BaseMessage], on_token: TokenSink | None = None) -> str:
        async def run() -> str:
            parts: list[str] = []
            async for chunk in self._model.astream(messages):
                delta = chunk.content if isinstance(chunk.content, str) else ""
                if delta:
                    parts.append(delta)
                    if on_token:
                        result = on_token(delta)
                        if inspect.isawaitable(result):
                            await result
            return "".join(parts)

        try:
            return await asyncio.wait_for(run(), self._deadline)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # any failure of the model means: answer without it
            log.warning("language model failed: %s", type(e).__name__)
            raise ServiceUnavailable(f"language model failed ({type(e).__name__})") from e
