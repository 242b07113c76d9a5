"""What the material says about one term: the passages that mention it, best sentences first.

Shared by explain and compare. Sentences that define the term (their roles, read at ingest: "X is a ...",
"... called X", "X (expansion)", "X, the file where ...") come before sentences that merely use it, and a
sentence that leans on the one before it ("This is called reward hacking.") brings it along.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from bot.embedding.port import Embedder
from bot.language import has_cjk
from bot.models import SearchHit
from bot.search.passages import (
    Candidate,
    rank_sentences,
    sentence_candidates,
    with_antecedent,
)
from bot.search.retriever import Retrieval, Retriever
from bot.study.centrality import readability
from bot.study.source_sentences import without_page_heading
from bot.study.terms.matching import aliases, mentions, term_pattern
from bot.text.chinese_english import term_in_english
from bot.text.sentence_roles import words
from bot.text.sentences import split_sentences

PASSAGES = 8
_POINTS_BACK = re.compile(r"^\W*(?:(?:well|okay|ok|basically),?\s+)?(?:this|these|that|those|it|it's|they|such)\b",
                          re.I)


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


def _in_context(c: Candidate, names: list[str]) -> Candidate:
    """The sentence before comes along when this one refers back to it ("These are adversarial examples…",
    "Well, it's basically a tree…" after "So what's a B-tree?"); one that names the term after a spoken "So"
    stands alone."""
    return with_antecedent(c) if _POINTS_BACK.match(c.text) or not mentions(c.text, names) else c


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
    named = [words(n) for n in names]  # a sentence may define the term without naming it: "what's X? It's …"
    candidates = [c for c in _sentences(retrieval.hits) if mentions(c.text, names) or c.roles.defines_any(named)]
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
        sentences = [with_sequel(_in_context(c, names)) for c in
                     sorted(ranked, key=lambda c: order[id(c)] - 6 * c.roles.defines_any(named))]
    return TermEvidence(term, names, retrieval, sentences, related, bool(candidates))
