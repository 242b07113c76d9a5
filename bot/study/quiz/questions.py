"""Quiz questions from the material: a model-written question about a key passage, or a cloze.

A question comes from a chapter (its key terms mark the key sentences) or from a topic
the user names. Sentences a channel was already quizzed on are skipped.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from typing import Any

from redis.asyncio import Redis

from bot.embedding.port import Embedder
from bot.errors import UserError
from bot.index import ChunkIndex
from bot.language import tr
from bot.llm.client import ChatModel
from bot.models import Citation
from bot.search.passages import Candidate, cite
from bot.search.retriever import Retriever
from bot.study.outline.builder import Outliner, SourceOutline
from bot.study.outline.chapters import Chapter, made_title, span
from bot.study.prompts import quiz_messages
from bot.study.quiz.cloze import make_cloze, quiz_worthiness
from bot.study.replies import cite_claims, model_text
from bot.study.terms.evidence import gather_evidence
from bot.text.sparse import BM25Encoder

_QA = re.compile(r"^\s*\**\s*Q(?:uestion)?\s*[:.]\**\s*(?P<q>.+?)\s*\n+\s*\**\s*A(?:nswer)?\s*[:.]\**\s*(?P<a>.+?)\s*$",
                 re.S | re.I)
ASKED_DAYS = 60
TRIES = 6
TOPIC_TRIES = 5  # sentences tried for one question (each may cost a model call)


@dataclass(frozen=True)
class QuizQuestion:
    question: str
    answer: str
    kind: str  # "cloze" (checked by the code) or "open" (written by a model)
    context: str  # where it comes from: "How LLMs Are Built, Chapter 3: Tokenization (4:53–7:28)"
    citation: Citation  # where the answer is; shown only with the answer
    asked_key: str = ""  # the key sentence, so the channel is not asked about it again

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "citation": self.citation.as_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuizQuestion:
        return cls(data["question"], data["answer"], data["kind"], data["context"], Citation(**data["citation"]),
                   data.get("asked_key", ""))


def _key(text: str) -> str:
    return hashlib.sha1(re.sub(r"\W+", "", text.lower()).encode()).hexdigest()[:16]


class QuizMaker:
    def __init__(self, index: ChunkIndex, retriever: Retriever, embedder: Embedder, encoder: BM25Encoder,
                 outliner: Outliner, redis: Redis, llm: ChatModel | None = None,
                 rng: random.Random | None = None) -> None:
        self.index, self.retriever, self.embedder, self.encoder = index, retriever, embedder, encoder
        self.outliner = outliner
        self.redis, self.llm, self.rng = redis, llm, rng or random.Random()

    # -- which sentence ---------------------------------------------------------

    async def asked(self, channel_key: str) -> set[str]:
        """Keys of the sentences this channel was already quizzed on."""
        return set(await self.redis.smembers(f"studybot:quiz:asked:{channel_key}"))

    async def remember_asked(self, channel_key: str, q: QuizQuestion) -> None:
        key = f"studybot:quiz:asked:{channel_key}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.sadd(key, q.asked_key or _key(q.citation.quote))
            pipe.expire(key, ASKED_DAYS * 86400)
            await pipe.execute()

    @staticmethod
    def ranked(sentences: list[Candidate], preferred: list[str], asked: Collection[str] = ()) -> list[Candidate]:
        """The quizzable sentences, best first (earlier ones first among equals)."""
        scored = [(quiz_worthiness(s.text, preferred, s.chunk.text), -i, s) for i, s in enumerate(sentences)
                  if _key(s.text) not in asked]
        return [t[2] for t in sorted((t for t in scored if t[0] > 0), key=lambda t: (t[0], t[1]), reverse=True)]

    # -- questions --------------------------------------------------------------

    async def from_chapter(self, outline: SourceOutline, chapter: Chapter, asked: set[str] | None = None
                           ) -> QuizQuestion | None:
        """A question on one chapter (the daily digest's), or None if it has no quizzable sentence."""
        sentences = outline.sentences[chapter.first:chapter.stop]
        preferred = chapter_terms(chapter)
        context = chapter_context(outline, chapter)
        return await self._first_made(self.ranked(sentences, preferred, asked or set()), preferred, lambda _: context)

    async def anywhere(self, tenant: str, channel_key: str) -> QuizQuestion:
        """A question from a random chapter of a random source (bigger sources more often)."""
        records = await self.index.records(tenant)
        if not records:
            raise UserError(tr("Nothing is indexed for this team yet, so I have nothing to quiz you on."))
        asked = await self.asked(channel_key)
        for _ in range(TRIES):
            record = self.rng.choices(records, weights=[max(r.chunks, 1) for r in records])[0]
            outline = await self.outliner.outline(record, use_llm=False)
            chapter = self.rng.choice(outline.chapters)
            found = await self.from_chapter(outline, chapter, asked)
            if found:
                return found
        raise UserError(tr("I've run out of fresh questions for this channel for now. Try `quiz TOPIC` for a topic."))

    async def on_topic(self, tenant: str, channel_key: str, topic: str) -> QuizQuestion:
        evidence = await gather_evidence(self.retriever, self.embedder, tenant, topic)
        pool = evidence.sentences or evidence.related
        if not pool:
            raise UserError(tr("The material doesn't seem to cover “{topic}”, so I can't quiz you on it.").format(
                topic=topic))
        asked = await self.asked(channel_key)
        keys = self.ranked(pool, evidence.names, asked) or self.ranked(pool, evidence.names, set())
        found = await self._first_made(keys, [], lambda key: f"{key.chunk.title}, {key.chunk.locator}", evidence.names)
        if found is not None:
            return found
        raise UserError(tr("I couldn't make a good question about “{topic}”. Try a broader topic.").format(
            topic=topic))

    async def _first_made(self, keys: list[Candidate], preferred: list[str], context: Callable[[Candidate], str],
                          keep: list[str] | None = None) -> QuizQuestion | None:
        """A question on the first of the best few sentences that makes one: a sentence whose only term is
        the topic itself (which is never blanked) makes no cloze, so the next is tried."""
        for key in keys[:TOPIC_TRIES]:
            if (found := await self.question_on(key, preferred, context(key), keep)) is not None:
                return found
        return None

    async def question_on(self, key: Candidate, preferred: list[str], context: str,
                          keep: list[str] | None = None) -> QuizQuestion | None:
        """A question on the key sentence; a cloze never blanks `keep` (the topic the quiz was asked on)."""
        raw = await model_text(self.llm, quiz_messages(key.chunk.text, key.chunk.locator))
        if raw and (m := _QA.match(raw)) and len(m.group("q")) < 400 and len(m.group("a")) < 400:
            q, a = m.group("q").strip(), m.group("a").strip()
            [where] = cite_claims(f"{q} {a} [1]", [1], [key.chunk], self.encoder)
            return QuizQuestion(q, a, "open", context, where, _key(key.text))
        citation = cite(1, key.chunk, key.text, key.offset)
        cloze = make_cloze(key.text, preferred, key.chunk.text, keep or [])
        if cloze is None:
            return None
        return QuizQuestion(cloze.question, cloze.answer, "cloze", context, citation, _key(key.text))


def chapter_terms(chapter: Chapter) -> list[str]:
    """What a chapter is about: its title when it is a short topic name, then its key terms."""
    titled = len(chapter.title.split()) <= 3 and not made_title(chapter.title)
    return ([chapter.title] if titled else []) + list(chapter.terms)


def chapter_context(outline: SourceOutline, chapter: Chapter) -> str:
    """"How LLMs Are Built, Chapter 3: Tokenization (4:53–7:28)"."""
    where = span(chapter)
    return f"{outline.record.title}, {chapter.label(outline.record.kind)}" + (f" ({where})" if where else "")


def sentence_key(text: str) -> str:
    return _key(text)


def channel_key(platform: str, tenant: str, channel: str) -> str:
    return f"{platform}:{tenant}:{channel}"
