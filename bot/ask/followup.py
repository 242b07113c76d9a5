"""Turning a follow-up ("and how is that different from SFT?") into a standalone question."""

from __future__ import annotations

import re

from bot.conversation import Turn
from bot.errors import ServiceUnavailable
from bot.llm.client import ChatModel
from bot.llm.prompting import rewrite_messages
from bot.text.sparse import BM25Encoder

_CONNECTIVE = re.compile(r"^\W*(and|but|so|also|then|what about|how about|same for|and what about)\b", re.I)
_POINTER = re.compile(
    r"\b(it|its|it's|that|this|these|those|they|them|their|the same|the latter|the former|"
    r"the first one|the second one|the other one|the one)\b", re.I)
_CJK_POINTER = re.compile(r"(它|这个|那个|这些|那些|其|他们|她们|它们|上面|前者|后者)")
# "那…", "还有…", "另外…" open a follow-up; "DPO 呢？" is "what about DPO?"
_CJK_CONNECTIVE = re.compile(r"^\W*(?:那么|那|还有|另外|而且|此外|再说)|呢\s*[？?]?\s*$")
OWN_WORDS = 2  # a question pointing back with at most this many words of its own leans on the last turn


def leans_on_previous(question: str, encoder: BM25Encoder) -> bool:
    """True for "and how is that different from SFT?", "what about DPO?", "why does it stop early?",
    "那它和 SFT 有什么区别？", "DPO 呢？"; False for a question that stands on its own, however short
    ("What is RLHF?", "什么是 RLHF？")."""
    if _CONNECTIVE.search(question) or _CJK_CONNECTIVE.search(question):
        return True
    pointed = _POINTER.sub(" ", question)
    if pointed != question or _CJK_POINTER.search(question):
        return len(encoder.tokens(_CJK_POINTER.sub(" ", pointed))) <= OWN_WORDS
    return False


def merged_question(question: str, history: list[Turn]) -> str:
    """The previous standalone question and this one, so retrieval sees both topics (no model needed)."""
    return f"{history[-1].standalone} {question}" if history else question


async def standalone_question(question: str, history: list[Turn], encoder: BM25Encoder,
                              llm: ChatModel | None, in_english: bool = False) -> str:
    """The question to search with. With a model, follow-ups are resolved and, for
    `in_english`, translated (the embedding model matches English best)."""
    follow_up = bool(history) and leans_on_previous(question, encoder)
    if llm is not None and (follow_up or in_english):
        try:
            rewritten = (await llm.complete(rewrite_messages(question, history if follow_up else [], in_english)))
        except ServiceUnavailable:
            rewritten = ""
        rewritten = rewritten.strip().strip('"')
        if rewritten and len(rewritten) < 500:
            return rewritten
    return merged_question(question, history) if follow_up else question
