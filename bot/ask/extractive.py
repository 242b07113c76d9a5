"""An answer without a model: the sentence that answers the question first, then the closest others, each cited."""

from __future__ import annotations

from bot.ask.answer_first import answer_first, kind_of
from bot.ask.grounding import declined
from bot.embedding.port import Embedder
from bot.language import message
from bot.models import Answer, Citation
from bot.search.passages import (
    Candidate,
    cite,
    drop_repeats,
    quote,
    scored_sentences,
    sentence_candidates,
    with_antecedent,
    with_context,
)
from bot.search.retriever import Retrieval


async def chosen_sentences(retrieval: Retrieval, embedder: Embedder, sentences: int = 3,
                           passages: int = 4) -> list[Candidate]:
    """The answering sentence first (each with the sentence it leans on), then the closest others in
    reading order: best passage first, document order within a passage."""
    candidates = sentence_candidates(retrieval.hits[:passages]) if retrieval.relevant else []
    scored = await scored_sentences(candidates, retrieval.query_vector, embedder, retrieval.native_vector,
                                    retrieval.native_terms)
    ordered = answer_first(scored, kind_of(retrieval.query), [t.surface for t in retrieval.coverage.present])
    if not ordered:
        return []
    lead, *rest = [with_context(with_antecedent(c)) for c in ordered[:sentences]]
    return drop_repeats([lead, *sorted(rest, key=lambda c: (c.rank, c.offset))])


async def extractive_answer(retrieval: Retrieval, embedder: Embedder, lang: str = "en", notice_key: str = "no_llm",
                            sentences: int = 3, passages: int = 4) -> Answer:
    """Quote the chosen sentences; cite each by its passage and moment."""
    chosen = await chosen_sentences(retrieval, embedder, sentences, passages)
    if not chosen:
        return declined(lang, [])
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
