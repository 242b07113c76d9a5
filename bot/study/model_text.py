"""Calling the language model from a tool: text, or None when there is no model or it failed.

Tools then fall back to their extractive version and say why, as answers do.
"""

from __future__ import annotations

from langchain_core.messages import BaseMessage

from bot.errors import ServiceUnavailable
from bot.llm import ChatModel


async def model_text(llm: ChatModel | None, messages: list[BaseMessage]) -> str | None:
    if llm is None:
        return None
    try:
        text = await llm.complete(messages)
    except ServiceUnavailable:
        return None
    return text.strip() or None
