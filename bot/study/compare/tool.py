"""`compare A vs B` (also "A and B", "A versus B"): side-by-side points, each cited.

Each side gets the sentences that name it (definitions first, preferring ones that do not
also name the other side); sentences naming both are where the material compares them.
"""

from __future__ import annotations

import re

from bot.conversation import IncomingMessage, PartialSink, Reply
from bot.embedding.port import Embedder
from bot.errors import UserError
from bot.language import sentences, tr
from bot.llm.client import ChatModel
from bot.models import Chunk, Citation
from bot.search.passages import Candidate
from bot.search.retriever import Retriever
from bot.study.prompts import compare_messages
from bot.study.replies import Citations, cited_model_text, fallback_notice, safe_reply
from bot.study.terms.evidence import TermEvidence, gather_evidence
from bot.study.terms.matching import clean_term, mentions
from bot.text.sparse import BM25Encoder

POINTS = 3
BOTH = 2
MAX_PASSAGES = 8
_SEPARATORS = (
    re.compile(r"\s+(?:vs\.?|versus|v\.?|compared (?:to|with)|against)\s+|\s*(?:对比|相比|比较)\s*", re.I),
    re.compile(r"\s+and\s+|\s*[和与跟及]\s*", re.I),
    re.compile(r"\s+or\s+|\s*还是\s*", re.I),
    re.compile(r"\s*[,，、]\s*"),
)
_LEAD = re.compile(r"^\s*(?:compare|the difference between|difference between|differences between|how do|how does)\s+",
                   re.I)


def split_sides(text: str) -> tuple[str, str]:
    """"SFT vs RLHF" -> ("SFT", "RLHF"); UserError unless there are exactly two sides."""
    text = _LEAD.sub("", " ".join(text.split())).rstrip(" ?.!")
    text = re.sub(r"\s+differ$", "", text, flags=re.I)
    for separator in _SEPARATORS:
        parts = [clean_term(p) for p in separator.split(text, maxsplit=1)]
        if len(parts) == 2 and all(parts):
            a, b = parts
            if a.lower() == b.lower():
                raise UserError(sentences(tr("Both sides are “{side}”. Give me two different ideas.").format(side=a),
                                          _example()))
            if len(a) > 100 or len(b) > 100:
                raise UserError(sentences(tr("Give me two short names of ideas to compare."), _example()))
            return a, b
    raise UserError(sentences(tr("Compare what with what?"), _example()))


def _example() -> str:
    return tr("For example: `compare SFT vs RLHF` or `compare pretraining and fine-tuning`.")


class CompareTool:
    def __init__(self, retriever: Retriever, embedder: Embedder, encoder: BM25Encoder,
                 llm: ChatModel | None = None) -> None:
        self.retriever, self.embedder, self.encoder, self.llm = retriever, embedder, encoder, llm

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        a, b = split_sides(msg.text)
        ev_a = await gather_evidence(self.retriever, self.embedder, msg.tenant, a)
        ev_b = await gather_evidence(self.retriever, self.embedder, msg.tenant, b)
        missing = [e.term for e in (ev_a, ev_b) if not e.sentences]
        if len(missing) == 2:
            return safe_reply(tr("The material doesn't seem to cover “{a}” or “{b}”, so I can't compare them.").format(
                a=a, b=b), abstained=True)
        if missing:
            there = a if missing[0] == b else b
            return safe_reply(tr("The material covers “{there}” but doesn't seem to mention “{missing}”, so I can't "
                                 "compare them from it. `explain {there}` shows what it says.").format(
                                     there=there, missing=missing[0]), abstained=True)
        both = await gather_evidence(self.retriever, self.embedder, msg.tenant, f"{a} vs {b}",
                                     question=f"How does {a} differ from {b}?")
        together = [c for c in both.sentences + ev_a.sentences + ev_b.sentences
                    if mentions(c.text, ev_a.names) and mentions(c.text, ev_b.names)]
        together = _distinct(together)[:BOTH]
        side_a = _side(ev_a, ev_b, together)
        side_b = _side(ev_b, ev_a, together + side_a)
        heading = tr("**{a} vs {b}**").format(a=a, b=b)
        if self.llm is not None:
            written = await self._with_model(a, b, side_a + side_b + together, ev_a, ev_b)
            if isinstance(written, tuple):
                text, citations = written
                return safe_reply(f"{heading}\n\n{text}", citations, "llm")
            notice = written
        else:
            notice = fallback_notice("no_llm")
        citations = Citations()
        lines = [heading, "", f"**{a}**"]
        lines += [f"• {c.text} [{citations.of(c)}]" for c in side_a]
        lines += ["", f"**{b}**"]
        lines += [f"• {c.text} [{citations.of(c)}]" for c in side_b]
        if together:
            lines += ["", tr("**Where the material compares them**")]
            lines += [f"• {c.text} [{citations.of(c)}]" for c in together]
        return safe_reply("\n".join(lines), citations.items, "extractive", [notice])

    async def _with_model(self, a: str, b: str, chosen: list[Candidate], ev_a: TermEvidence,
                          ev_b: TermEvidence) -> tuple[str, list[Citation]] | str:
        passages: list[Chunk] = []
        seen: set[tuple[str, int]] = set()
        hits = [h.chunk for pair in zip(ev_a.retrieval.hits, ev_b.retrieval.hits) for h in pair]
        for chunk in [c.chunk for c in chosen] + hits:
            if (chunk.source_id, chunk.position) not in seen and len(passages) < MAX_PASSAGES:
                seen.add((chunk.source_id, chunk.position))
                passages.append(chunk)
        numbered = [(i + 1, c.locator, c.text) for i, c in enumerate(passages)]
        return await cited_model_text(self.llm, compare_messages(a, b, numbered), passages, self.encoder)


def _key(c: Candidate) -> str:
    return re.sub(r"\W+", "", c.text.lower())


def _distinct(items: list[Candidate]) -> list[Candidate]:
    seen: set[str] = set()
    out = []
    for c in items:
        if _key(c) not in seen:
            seen.add(_key(c))
            out.append(c)
    return out


def _side(own: TermEvidence, other: TermEvidence, taken: list[Candidate]) -> list[Candidate]:
    """The best sentences about one side, those that leave the other side out first."""
    used = {_key(c) for c in taken}
    pool = [c for c in _distinct(own.sentences) if _key(c) not in used]
    alone = [c for c in pool if not mentions(c.text, other.names)]
    return (alone + [c for c in pool if c not in alone])[:POINTS]
