"""Building a tool's Reply: numbered citations, and nothing from the material that could ping a crowd."""

from __future__ import annotations

import dataclasses
import re

from langchain_core.messages import BaseMessage

from bot.conversation import Reply
from bot.errors import ServiceUnavailable
from bot.language import reply_language, tr
from bot.llm.client import ChatModel
from bot.llm.prompting import NOT_IN_SOURCES
from bot.models import Chunk, Citation, SearchHit
from bot.search.passages import Candidate, cite, sentence_candidates
from bot.text.citations import clean_citations
from bot.text.mentions import defuse_mass_mentions
from bot.text.sparse import BM25Encoder


def fallback_notice(key: str) -> str:
    """Why a tool's reply is built from sentences of the material: no model, the model down, or uncited."""
    return {
        "no_llm": tr("No language model is configured, so this is built from sentences of the material."),
        "llm_down": tr("The language model is unavailable right now, so this is built from sentences of the "
                       "material."),
        "llm_uncited": tr("The model's version cited nothing, so this is built from sentences of the material "
                          "instead."),
    }[key]


class Citations:
    """Numbers citations in order of first use, one per cited sentence (so each links to its own moment)."""

    def __init__(self) -> None:
        self.items: list[Citation] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def extend(self, numbered: list[Citation]) -> None:
        """Citations already numbered 1..k (a model's); later ones continue from k + 1."""
        for c in numbered:
            self._numbers[(c.source_id, re.sub(r"\W+", "", c.quote.lower()))] = c.n
            self.items.append(c)

    def of(self, c: Candidate) -> int:
        return self.at(c.chunk, c.text, c.offset)

    def at(self, chunk: Chunk, text: str, offset: int = 0) -> int:
        key = (chunk.source_id, re.sub(r"\W+", "", text.lower()))  # overlapping chunks repeat sentences
        if key not in self._numbers:
            self._numbers[key] = len(self.items) + 1
            self.items.append(cite(self._numbers[key], chunk, text, offset))
        return self._numbers[key]


def safe_reply(text: str, citations: list[Citation] | None = None, mode: str = "extractive",
               notices: list[str] | None = None, abstained: bool = False) -> Reply:
    """The reply with crowd mentions made inert everywhere the material or a model could put one, in the
    reply language (so a scheduled post renders its buttons and headings in it too)."""
    return Reply(
        text=defuse_mass_mentions(text),
        citations=[dataclasses.replace(c, quote=defuse_mass_mentions(c.quote), title=defuse_mass_mentions(c.title))
                   for c in citations or []],
        mode=mode,
        notices=[defuse_mass_mentions(n) for n in notices or []],
        abstained=abstained,
        lang=reply_language(),
    )


_CITED = re.compile(r"\[(\d+)\]")


def cite_claims(text: str, order: list[int], passages: list[Chunk], encoder: BM25Encoder) -> list[Citation]:
    """Citations for a model's text: for each cited passage (`order[k-1]` is its 1-based number in
    `passages`), the sentence in it that shares most words with the lines citing it."""
    claims: dict[int, set[str]] = {}
    for line in text.splitlines():
        words = set(encoder.tokens(_CITED.sub(" ", line)))
        for n in map(int, _CITED.findall(line)):
            claims.setdefault(n, set()).update(words)
    out: list[Citation] = []
    for n, original in enumerate(order, 1):
        chunk = passages[original - 1]
        wanted = claims.get(n, set())
        own = sentence_candidates([SearchHit(chunk, 0.0)])
        best = max(own, key=lambda s: len(wanted & set(encoder.tokens(s.text))), default=None)
        out.append(cite(n, chunk, best.text, best.offset) if best else cite(n, chunk, chunk.text))
    return out


async def model_text(llm: ChatModel | None, messages: list[BaseMessage]) -> str | None:
    """The model's text, or None when there is no model or it failed: the tool then falls back to
    its extractive version and says why, as answers do."""
    if llm is None:
        return None
    try:
        text = await llm.complete(messages)
    except ServiceUnavailable:
        return None
    return text.strip() or None


async def cited_model_text(llm: ChatModel | None, messages: list[BaseMessage], passages: list[Chunk],
                           encoder: BM25Encoder) -> tuple[str, list[Citation]] | str:
    """The model's text with checked citations, or the notice saying why the tool falls back."""
    raw = await model_text(llm, messages)
    if raw is None:
        return fallback_notice("llm_down")
    if NOT_IN_SOURCES in raw:
        return fallback_notice("llm_uncited")
    text, order = clean_citations(raw, len(passages))
    if not order:
        return fallback_notice("llm_uncited")
    return text, cite_claims(text, order, passages, encoder)
