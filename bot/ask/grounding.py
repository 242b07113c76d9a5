"""Holding an answer to what the material covers, in code rather than by asking a model nicely.

The verdict comes from `bot.search.answerability`: a question the material does not cover gets a plain
"I don't know" naming what is missing; a partly covered one is answered from the passages that
hold its key terms only, under a line naming the missing part; and a model's sentence that
names something specific the material never mentions is dropped from the answer.
"""

from __future__ import annotations

import dataclasses
import re

from bot.language import message
from bot.models import Answer
from bot.search.answerability import (
    Coverage,
    TermCounter,
    content_terms,
    lookups,
    names,
    passages_with,
)
from bot.search.retriever import Retrieval
from bot.text.sentences import split_sentences
from bot.text.sparse import BM25Encoder


def declined(lang: str, missing: list[str]) -> Answer:
    """"I don't know", naming the words the material never mentions when there are any."""
    text = message(lang, "not_mentioned").format(terms=names(missing)) if missing else message(lang, "not_covered")
    return Answer(text, [], abstained=True, mode="extractive", not_covered=list(missing))


def key_passages(retrieval: Retrieval, encoder: BM25Encoder) -> Retrieval:
    """Only the passages that hold one of the question's key terms: the rest are about something else. With
    none to go by (a Chinese question, or a phrase missing from passages this close), all of them."""
    coverage = retrieval.coverage
    if not coverage.key:
        return retrieval
    hits = [h for h in retrieval.hits if coverage.mentions_key_term(set(encoder.tokens(h.chunk.embedding_text())))]
    return dataclasses.replace(retrieval, hits=hits, relevant=bool(hits))


def partly(answer: Answer, coverage: Coverage, lang: str) -> Answer:
    """The answer under a first line that names what the material does not mention."""
    lead = message(lang, "partly").format(terms=names(coverage.missing))
    text = answer.text
    header = message(lang, "from_material")
    text = lead + text[len(header):] if text.startswith(header) else f"{lead}\n{text}"
    return dataclasses.replace(answer, text=text, not_covered=list(coverage.missing))


async def unsupported(text: str, encoder: BM25Encoder, counts: TermCounter) -> list[str]:
    """Names in `text` (GPT-4o, DPO, Mamba: what a model invents) that occur nowhere in the material."""
    named = [t for t in content_terms(text, encoder) if t.name_like]
    if not named:
        return []
    df = await counts(lookups(named))
    return [t.surface for t in named if not passages_with(t, df)]


def without_sentences_naming(text: str, surfaces: list[str], encoder: BM25Encoder) -> str:
    """`text` minus every sentence that names one of `surfaces`, in any spelling BM25 folds together
    ("Claude's", "Claude"); lines and list bullets are kept."""
    wanted = [set(toks) for toks in (encoder.tokens(s) for s in surfaces) if toks]
    if not wanted:
        return text

    def namedone(sentence: str) -> bool:
        tokens = set(encoder.tokens(sentence))
        return any(w <= tokens for w in wanted)

    lines: list[str] = []
    for line in text.split("\n"):
        if not namedone(line):
            lines.append(line)
            continue
        bullet = re.match(r"^\s*(?:[-*•]|\d+[.)])\s+", line)
        lead = bullet.group() if bullet else ""
        kept = [s for s in split_sentences(line[len(lead):]) if not namedone(s)]
        if kept:
            lines.append(lead + " ".join(kept))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
