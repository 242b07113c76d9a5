"""`ask`: answering a question in its thread: memory, follow-up rewriting, retrieval, a cited answer.

The handler of the command table's `ask` entry (bot/service.py routes questions here); nothing
here knows which platform it serves.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Awaitable, Callable

from bot.ask.answers import AnswerStore
from bot.ask.comparison import comparison_sides
from bot.ask.extractive import extractive_answer
from bot.ask.followup import merged_question, standalone_question
from bot.ask.grounding import (
    declined,
    key_passages,
    partly,
    unsupported,
    without_sentences_naming,
)
from bot.ask.threads import ConversationMemory
from bot.conversation import IncomingMessage, PartialSink, Reply, Turn
from bot.embedding.port import Embedder
from bot.errors import ServiceUnavailable
from bot.language import detect_language, message, replying_in, tr
from bot.llm.client import ChatModel
from bot.llm.prompting import NOT_IN_SOURCES, grounded_messages
from bot.models import Answer, Citation
from bot.runtime.metrics import Metrics
from bot.search.answerability import NOT_COVERED, PARTIAL
from bot.search.passages import cite, rank_sentences, sentence_candidates
from bot.search.retriever import Retrieval, Retriever
from bot.store import STORE_DOWN
from bot.study.notes.in_answers import NOTES_IN_ANSWER, with_notes
from bot.study.notes.store import NoteStore
from bot.text.citations import clean_citations
from bot.text.mentions import defuse_mass_mentions
from bot.text.sparse import BM25Encoder

PASSAGES = 5


Comparer = Callable[[IncomingMessage], Awaitable[Reply]]  # `compare A vs B`


class StudyBot:
    def __init__(self, retriever: Retriever, embedder: Embedder, encoder: BM25Encoder,
                 memory: ConversationMemory, answers: AnswerStore, llm: ChatModel | None = None,
                 history_turns: int = 4, metrics: Metrics | None = None, notes: NoteStore | None = None,
                 compare: Comparer | None = None) -> None:
        self.retriever, self.embedder, self.encoder = retriever, embedder, encoder
        self.memory, self.answers, self.llm = memory, answers, llm
        self.history_turns = history_turns
        self.metrics = metrics or Metrics()
        self.notes = notes  # the channel's notes, cited beside the material
        self.compare = compare  # answers "and how is that different from SFT?" with both sides

    async def handle(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        """Answer `msg` in the context of its thread; `on_partial` sees the answer as it streams."""
        question = msg.text.strip()
        lang = detect_language(question)
        if not question:
            return Reply(message(lang, "empty"))
        m = self.metrics
        with m.timed("memory"):
            history, memory_ok = await self.memory.history(msg.key, self.history_turns)
        if not memory_ok:
            m.errors.labels("redis").inc()
        # Without a model a comparative follow-up is answered as `compare` would; a model resolves it itself.
        sides = comparison_sides(question, history, self.encoder) if self.compare and self.llm is None else None
        if sides:
            return await self._compared(msg, question, sides, lang, memory_ok)
        with m.timed("rewrite"):
            standalone = await standalone_question(question, history, self.encoder, self.llm, in_english=lang != "en")
        with m.timed("retrieval"):
            retrieval = await self.retriever.search(msg.tenant, standalone, PASSAGES)
            if history and standalone == question and not retrieval.relevant:
                # Nothing on its own: it may still lean on the previous turn without saying so.
                merged = merged_question(question, history)
                again = await self.retriever.search(msg.tenant, merged, PASSAGES)
                if again.relevant:
                    standalone, retrieval = merged, again
        with m.timed("answer"):
            answer = await self._answer(msg.tenant, question, retrieval, history, lang, on_partial)
            answer = await self._with_notes(msg, standalone, answer, lang)
        m.answers.labels(answer.mode).inc()
        if answer.abstained:
            m.abstentions.inc()
        reply = Reply(
            text=defuse_mass_mentions(answer.text),
            citations=[dataclasses.replace(c, quote=defuse_mass_mentions(c.quote), title=defuse_mass_mentions(c.title))
                       for c in answer.citations],
            followups=[] if answer.abstained else suggest_followups(retrieval, answer, lang),
            abstained=answer.abstained,
            mode=answer.mode,
            notices=[] if memory_ok else [message(lang, "memory_down")],
            question=standalone,
            not_covered=answer.not_covered,
            lang=lang,
        )
        if memory_ok:
            cited = [f"{c.source_id}#{c.locator}" for c in reply.citations]
            await self.memory.append(msg.key, Turn(question, standalone, reply.text, cited, time.time()))
        return dataclasses.replace(reply, answer_id=await self.answers.remember(msg, reply))

    async def _compared(self, msg: IncomingMessage, question: str, sides: tuple[str, str], lang: str,
                        memory_ok: bool) -> Reply:
        """A comparative follow-up answered as `compare` answers: points for each side, both cited."""
        assert self.compare is not None
        a, b = sides
        with self.metrics.timed("answer"), replying_in(lang):  # in the question's language, as answers are
            reply = await self.compare(dataclasses.replace(msg, text=f"{a} vs {b}", command="compare"))
        standalone = tr("How is {a} different from {b}?").format(a=a, b=b)
        reply = dataclasses.replace(reply, question=standalone, lang=lang,
                                    notices=reply.notices + ([] if memory_ok else [message(lang, "memory_down")]))
        self.metrics.answers.labels(reply.mode).inc()
        if memory_ok:
            cited = [f"{c.source_id}#{c.locator}" for c in reply.citations]
            await self.memory.append(msg.key, Turn(question, standalone, reply.text, cited, time.time()))
        return dataclasses.replace(reply, answer_id=await self.answers.remember(msg, reply))

    async def _with_notes(self, msg: IncomingMessage, query: str, answer: Answer, lang: str) -> Answer:
        if self.notes is None:
            return answer
        try:
            hits = await self.notes.search(msg.platform, msg.tenant, msg.channel, query, limit=NOTES_IN_ANSWER)
        except STORE_DOWN:
            return answer  # memory's outage notice already tells the user
        return with_notes(answer, hits, lang)

    async def _answer(self, tenant: str, question: str, retrieval: Retrieval, history: list[Turn], lang: str,
                      on_partial: PartialSink | None) -> Answer:
        coverage = retrieval.coverage
        if not retrieval.relevant or coverage.verdict == NOT_COVERED:
            return declined(lang, coverage.missing)
        if coverage.verdict == PARTIAL:
            retrieval = key_passages(retrieval, self.encoder)
            if not retrieval.relevant:
                return declined(lang, coverage.missing)
        answer = await self._answer_covered(tenant, question, retrieval, history, lang, on_partial)
        return partly(answer, coverage, lang) if coverage.verdict == PARTIAL and not answer.abstained else answer

    async def _answer_covered(self, tenant: str, question: str, retrieval: Retrieval, history: list[Turn], lang: str,
                              on_partial: PartialSink | None) -> Answer:
        if self.llm is None:
            return await extractive_answer(retrieval, self.embedder, lang, "no_llm")
        try:
            return await self._llm_answer(tenant, question, retrieval, history, lang, on_partial)
        except ServiceUnavailable:
            self.metrics.errors.labels("llm").inc()
            return await extractive_answer(retrieval, self.embedder, lang, "llm_down")

    async def _llm_answer(self, tenant: str, question: str, retrieval: Retrieval, history: list[Turn], lang: str,
                          on_partial: PartialSink | None) -> Answer:
        assert self.llm is not None
        hits = retrieval.hits[:PASSAGES]
        streamed: list[str] = []

        async def on_token(delta: str) -> None:
            streamed.append(delta)
            so_far = "".join(streamed)
            if on_partial and not NOT_IN_SOURCES.startswith(so_far.strip()[: len(NOT_IN_SOURCES)]):
                result = on_partial(defuse_mass_mentions(so_far))
                if result is not None:
                    await result

        raw = await self.llm.complete(grounded_messages(question, hits, history, lang), on_token)
        if NOT_IN_SOURCES in raw:
            return Answer(message(lang, "not_covered"), [], abstained=True, mode="llm")
        # What the model says about things the material never names is not grounded: it goes.
        invented = await unsupported(raw, self.encoder, self.retriever.term_counter(tenant))
        raw = without_sentences_naming(raw, [*retrieval.coverage.missing, *invented], self.encoder)
        text, order = clean_citations(raw, len(hits))
        if not order:
            return await extractive_answer(retrieval, self.embedder, lang, "llm_uncited")
        citations: list[Citation] = []
        for n, original in enumerate(order, 1):
            hit = hits[original - 1]
            best = (await rank_sentences(sentence_candidates([hit]), retrieval.query_vector, self.embedder,
                                         retrieval.native_vector, retrieval.native_terms))[:1]
            citations.append(cite(n, hit.chunk, best[0].text, best[0].offset) if best else cite(n, hit.chunk, hit.chunk.text))
        return Answer(text, citations, abstained=False, mode="llm")


def suggest_followups(retrieval: Retrieval, answer: Answer, lang: str = "en", limit: int = 3) -> list[str]:
    """Nearby topics the answer did not cover: headings of other top passages."""
    used = {c.locator for c in answer.citations}
    out: list[str] = []
    for hit in retrieval.hits:
        c = hit.chunk
        topic = c.heading.split(" > ")[-1] if c.heading else None
        if not topic or c.locator in used:
            continue
        suggestion = defuse_mass_mentions(message(lang, "tell_more").format(topic=topic))
        if suggestion not in out:
            out.append(suggestion)
        if len(out) == limit:
            break
    return out
