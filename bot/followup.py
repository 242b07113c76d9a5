"""Turning a follow-up ("and how is that different from SFT?") into a standalone question."""

from __future__ import annotations

import re

from bot.conversation import Turn
from bot.errors import ServiceUnavailable
from bot.llm import ChatModel
from bot.prompting import rewrite_messages
from bot.sparse import BM25Encoder

_ANAPHORA = re.compile(
    r"\b(it|its|it's|that|this|these|those|they|them|their|he|she|him|her|the same|the latter|the former|"
    r"the first|the second|the other)\b|^\s*(and|but|so|also|what about|how about|then)\b",
    re.I,
)
_CJK_ANAPHORA = re.compile(r"(它|这|那|其|他们|她们|它们|这个|那个|上面|前者|后者)")


def needs_context(question: str, encoder: BM25Encoder) -> bool:
    """Short questions, or ones that point back ("that", "it", "and ..."), lean on the last turn."""
    return len(encoder.tokens(question)) <= 3 or bool(_ANAPHORA.search(question) or _CJK_ANAPHORA.search(question))


def rewrite_without_llm(question: str, history: list[Turn], encoder: BM25Encoder) -> str:
    """Prefix the previous standalone question, so retrieval sees both topics."""
    if not history or not needs_context(question, encoder):
        return question
    return f"{history[-1].standalone} {question}"


async def standalone_question(question: str, history: list[Turn], encoder: BM25Encoder,
                              llm: ChatModel | None, in_english: bool = False) -> str:
    """The question to search with. With a model, follow-ups are resolved and, for
    `in_english`, translated (the embedding model matches English best)."""
    follow_up = bool(history) and needs_context(question, encoder)
    if llm is not None and (follow_up or in_english):
        try:
            rewritten = (await llm.complete(rewrite_messages(question, history if follow_up else [], in_english)))
        except ServiceUnavailable:
            rewritten = ""
        rewritten = rewritten.strip().strip('"')
        if rewritten and len(rewritten) < 500:
            return rewritten
    return rewrite_without_llm(question, history, encoder)
