"""`explain TERM`: a definition drawn from the material, cited, and where the term first appears."""

from __future__ import annotations

from bot.conversation import IncomingMessage, PartialSink, Reply
from bot.embedding.port import Embedder
from bot.errors import UserError
from bot.language import message, tr
from bot.llm.client import ChatModel
from bot.models import Citation, SourceRecord
from bot.search.passages import Candidate
from bot.search.retriever import Retriever
from bot.study.find_source import SourceReader
from bot.study.prompts import explain_messages
from bot.study.replies import Citations, cited_model_text, fallback_notice, safe_reply
from bot.study.source_sentences import sentence_time, source_sentences
from bot.study.terms.evidence import TermEvidence, gather_evidence
from bot.study.terms.matching import clean_term, mentions
from bot.text.links import format_time, link
from bot.text.sparse import BM25Encoder

DEFINITION_SENTENCES = 3
FIRST_MENTIONS = 3
SCAN_ALL_UP_TO = 12  # sources; beyond that only those the search found are scanned


class ExplainTool:
    def __init__(self, index: SourceReader, retriever: Retriever, embedder: Embedder, encoder: BM25Encoder,
                 llm: ChatModel | None = None) -> None:
        self.index, self.retriever, self.embedder, self.encoder, self.llm = index, retriever, embedder, encoder, llm

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        term = clean_term(msg.text)
        if not term:
            raise UserError(tr("What should I explain? For example: `explain RLHF` or `explain reward model`."))
        if len(term) > 100:
            raise UserError(tr("That's long for a term. Give me a word or a short phrase, or use `ask` for a "
                               "question."))
        evidence = await gather_evidence(self.retriever, self.embedder, msg.tenant, term)
        if not evidence.found:
            return safe_reply(tr("The material doesn't seem to mention “{term}”. Check the spelling, or ask about it "
                                 "with `ask` and your own words.").format(term=term), abstained=True)
        heading = f"**{term}**" + (f" ({evidence.expansion})" if evidence.expansion else "")
        citations = Citations()
        mode, notices = "extractive", []
        body = await self._with_model(evidence) if self.llm is not None else fallback_notice("no_llm")
        if isinstance(body, tuple):
            text, model_citations = body
            citations.extend(model_citations)
            mode = "llm"
        else:
            notices.append(body)
            chosen = evidence.sentences[:DEFINITION_SENTENCES] or evidence.related
            text = "\n".join(f"• {c.text} [{citations.of(c)}]" for c in chosen)
        if not evidence.sentences and mode == "extractive":
            lead = (tr("The material names “{term}” without defining it; the closest passages say:") if evidence.named
                    else tr("The material doesn't use the words “{term}”; the closest passages say:"))
            text = lead.format(term=term) + "\n" + text
        lines = [heading, text]
        first = await self._first_mentions(msg.tenant, evidence) if evidence.named else []
        if first:
            lines += ["", message(msg.lang, "first_appears")]
            for record, sentence in first:
                lines.append(f"• {record.title} — {_where(citations, sentence)}")
        return safe_reply("\n".join(lines), citations.items, mode, notices)

    async def _with_model(self, evidence: TermEvidence) -> tuple[str, list[Citation]] | str:
        passages, seen = [], set()
        named = evidence.sentences or evidence.related
        for chunk in [c.chunk for c in named] + [h.chunk for h in evidence.retrieval.hits]:
            if (chunk.source_id, chunk.position) not in seen and len(passages) < 5:
                seen.add((chunk.source_id, chunk.position))
                passages.append(chunk)
        numbered = [(i + 1, c.locator, c.text) for i, c in enumerate(passages)]
        return await cited_model_text(self.llm, explain_messages(evidence.term, numbered), passages,
                                      self.encoder)

    async def _first_mentions(self, tenant: str, evidence: TermEvidence) -> list[tuple[SourceRecord, Candidate]]:
        """The first sentence naming the term in each source, sources in the order they were added."""
        records = await self.index.records(tenant)
        hit_sources = {h.chunk.source_id for h in evidence.retrieval.hits}
        if len(records) > SCAN_ALL_UP_TO:
            records = [r for r in records if r.source_id in hit_sources]
        records.sort(key=lambda r: (r.ingested_at, r.title.lower()))
        out = []
        for record in records:
            chunks = await self.index.chunks_of(tenant, record.source_id)
            first = next((s for s in source_sentences(chunks) if mentions(s.text, evidence.names)), None)
            if first is not None:
                out.append((record, first))
            if len(out) == FIRST_MENTIONS:
                break
        return out


def _where(citations: Citations, sentence: Candidate) -> str:
    """"[32:03](link) [4]" for a transcript, "After SFT > RLHF [5]" or a page link for documents."""
    n = citations.of(sentence)
    c = citations.items[n - 1]
    t = sentence_time(sentence)
    label = format_time(t) if t is not None else c.locator
    return (link(c.url, label) if c.url else label) + f" [{n}]"
