"""What the material says about one term: the passages that mention it, best sentences first.

Shared by explain and compare. Sentences that define the term ("X is a ...", "... called X",
"X (expansion)", glossary lines "X - ...") come before sentences that merely use it, and a
sentence that leans on the one before it ("This is called reward hacking.") brings it along.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from bot.embedding.port import Embedder
from bot.language import has_cjk
from bot.models import SearchHit
from bot.search.passages import Candidate, rank_sentences, sentence_candidates
from bot.search.retriever import Retrieval, Retriever
from bot.study.centrality import readability
from bot.study.source_sentences import without_page_heading
from bot.study.terms.matching import aliases, mentions, term_pattern
from bot.text.chinese_english import term_in_english
from bot.text.sentences import split_sentences

PASSAGES = 8
_LEANS_BACK = re.compile(r"^(?:this|these|that|it|they|such)\b", re.I)


@dataclass(frozen=True)
class TermEvidence:
    term: str
    names: list[str]  # the term and the other names the material gives it
    retrieval: Retrieval
    sentences: list[Candidate]  # naming the term, best first
    related: list[Candidate]  # when none names it usefully: the closest sentences of relevant passages
    named: bool  # some passage names the term, even if only in passing

    @property
    def found(self) -> bool:
        return bool(self.sentences or self.related)

    @property
    def expansion(self) -> str | None:
        """"reinforcement learning from human feedback" for "RLHF", when the material spells it out."""
        longer = [n for n in self.names[1:] if len(n) > len(self.term)]
        return longer[0] if longer else None


def definition_strength(text: str, names: list[str]) -> int:
    """2 for "X means ...", "... called X", "X - ..." (glossary); 1 for "X is a ...", "X (expansion)"; else 0."""
    best = 0
    for name in names:
        n = r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", name) if w)
        aside = r"s?\s*(?:\([^)]{0,80}\)\s*)?,?\s*"
        strong = (
            rf"(?<![\w-]){n}{aside}(?:means|refers to|stands for|is defined as|is called|is known as)\b",
            rf"\b(?:called|known as|named|termed)\s+(?:the\s+|a\s+|an\s+)?{n}\b",
            rf"^\W*{n}s?\s*[-–:]\s",
        )
        weak = (
            rf"(?<![\w-]){n}{aside}(?:is|are)\s+(?:a|an|when|what|where|how|the (?!same\b))",
            rf"(?<![\w-]){n}s?\s*\([^)]{{4,80}}\)|\([^)]*\b{n}\)",
        )
        if any(re.search(p, text, re.I) for p in strong):
            return 2
        if any(re.search(p, text, re.I) for p in weak):
            best = 1
    return best


def with_antecedent(c: Candidate) -> Candidate:
    """Prefix the previous sentence of the passage when this one starts with "This", "It", ..."""
    if not _LEANS_BACK.match(c.text) or c.offset == 0:
        return c
    before = split_sentences(c.chunk.text[:c.offset])
    if not before:
        return c
    previous = before[-1]
    at = c.chunk.text.rfind(previous, 0, c.offset)
    return dataclasses.replace(c, text=f"{previous} {c.text}", offset=max(at, 0))


def with_sequel(c: Candidate) -> Candidate:
    """Append the next sentence to a question or a very short sentence, which says little alone."""
    if not (c.text.rstrip().endswith("?") or len(c.text) < 35):
        return c
    after = split_sentences(c.chunk.text[c.offset + len(c.text):])
    return dataclasses.replace(c, text=f"{c.text} {after[0]}") if after else c


def _merged(first: Retrieval, second: Retrieval) -> Retrieval:
    seen: set[tuple[str, int]] = set()
    hits: list[SearchHit] = []
    for pair in zip(first.hits, second.hits):
        for h in pair:
            key = (h.chunk.source_id, h.chunk.position)
            if key not in seen:
                seen.add(key)
                hits.append(h)
    return dataclasses.replace(first, hits=hits, relevant=first.relevant or second.relevant)


def english_names(term: str, texts: list[str]) -> list[str]:
    """A Chinese term's English senses that the material writes ("词表": vocabulary), so a Chinese reader can
    explain, compare and quiz on English material by the word they know."""
    if not has_cjk(term):
        return []
    return [s for s in term_in_english(term) if any(term_pattern(s).search(t) for t in texts)]


def _sentences(hits: list[SearchHit]) -> list[Candidate]:
    cleaned = (without_page_heading(c) for c in sentence_candidates(hits))
    return [c for c in cleaned if c is not None]


async def gather_evidence(retriever: Retriever, embedder: Embedder, tenant: str, term: str,
                          question: str | None = None) -> TermEvidence:
    """Search for the term (as a question and as itself), then keep the sentences that name it."""
    asked = await retriever.search(tenant, question or f"What is {term}?", PASSAGES)
    plain = await retriever.search(tenant, term, PASSAGES)
    retrieval = _merged(asked, plain)
    texts = [h.chunk.text for h in retrieval.hits]
    names = [term, *aliases(term, texts), *english_names(term, texts)]
    candidates = [c for c in _sentences(retrieval.hits) if mentions(c.text, names)]
    useful = [c for c in candidates if readability(c.text) >= 0.3]  # not just "let's move on to X"
    related: list[Candidate] = []
    if not useful and retrieval.relevant:
        nearby = [c for c in _sentences(retrieval.hits[:3]) if readability(c.text) >= 0.5]
        related = (await rank_sentences(nearby, retrieval.query_vector, embedder, retrieval.native_vector,
                                         retrieval.native_terms))[:3] if nearby else []
    chosen = useful or ([] if related else candidates)
    sentences: list[Candidate] = []
    if chosen:
        ranked = await rank_sentences(chosen, retrieval.query_vector, embedder, retrieval.native_vector,
                                      retrieval.native_terms)
        order = {id(c): i for i, c in enumerate(ranked)}
        sentences = [with_sequel(with_antecedent(c)) for c in
                     sorted(ranked, key=lambda c: order[id(c)] - 6 * definition_strength(c.text, names))]
    return TermEvidence(term, names, retrieval, sentences, related, bool(candidates))
