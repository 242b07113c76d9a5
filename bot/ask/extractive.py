"""An answer without a model: the sentences of the best passages closest to the question, each cited."""

from __future__ import annotations

from bot.ask.grounding import declined
from bot.embedding.port import Embedder
from bot.language import message
from bot.models import Answer, Citation
from bot.search.passages import (
    cite,
    drop_repeats,
    quote,
    rank_sentences,
    sentence_candidates,
    with_context,
)
from bot.search.retriever import Retrieval


async def extractive_answer(retrieval: Retrieval, embedder: Embedder, lang: str = "en", notice_key: str = "no_llm",
                            sentences: int = 3, passages: int = 4) -> Answer:
    """Pick the sentences closest to the question; cite each by its passage."""
    candidates = sentence_candidates(retrieval.hits[:passages]) if retrieval.relevant else []
    if not candidates:
        return declined(lang, [])
    chosen = [with_context(c) for c in (await rank_sentences(candidates, retrieval.query_vector, embedder,
                                                                   retrieval.native_vector, retrieval.native_terms))[:sentences]]
    # Read in document order within a passage, best passage first.
    chosen.sort(key=lambda c: (c.rank, c.offset))
    chosen = drop_repeats(chosen)
    numbers: dict[tuple[str, int], int] = {}
    citations: list[Citation] = []
    lines: list[str] = []
    for c in chosen:
        key = (c.chunk.source_id, c.chunk.position)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            citations.append(cite(numbers[key], c.chunk, c.text, c.offset))
        lines.append(f"• {quote(c.text, 400)} [{numbers[key]}]")
    notice = message(lang, notice_key)
    text = message(lang, "from_material") + "\n" + "\n".join(lines) + f"\n\n_{notice}_"
    return Answer(text, citations, abstained=False, mode="extractive", notice=notice)
