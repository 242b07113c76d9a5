"""A source's outline, computed once per source version and kept in Redis.

Chapters come from the material (chapters.py); with a language model, their titles,
gists and key terms are rewritten by it in one call, and the rewrite is cached too.
Summary, outline, explain and the daily digest all read sources through here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import re
from dataclasses import dataclass

from redis.asyncio import Redis

from bot.embedding.port import Embedder
from bot.errors import UserError
from bot.index import ChunkIndex
from bot.language import reply_language, tr
from bot.llm.client import ChatModel
from bot.models import Chunk, SourceRecord
from bot.search.passages import Candidate
from bot.store import STORE_DOWN
from bot.study.centrality import Centrality
from bot.study.outline.author_chapters import author_chapters
from bot.study.outline.chapters import Chapter, detect_chapters, meaning_of
from bot.study.prompts import outline_messages
from bot.study.replies import fallback_notice, model_text
from bot.study.source_sentences import source_sentences
from bot.text.sparse import BM25Encoder

log = logging.getLogger(__name__)

CHAPTER_CHARS = 1400
TITLING = 6  # how chapters are titled and summed up; a cached outline made another way is made again
_LINE = re.compile(r"^\s*\**\s*(\d{1,3})\s*\**\s*[|.:)]\s*(.+?)\s*\|\s*(.+?)\s*(?:\|\s*(.*))?$")


@dataclass(frozen=True)
class SourceOutline:
    record: SourceRecord
    chunks: list[Chunk]
    sentences: list[Candidate]
    chapters: list[Chapter]
    vectors: list[list[float]]  # one per chunk, in chunk order
    centrality: Centrality
    mode: str  # "llm" when a model titled the chapters, else "extractive"
    notice: str | None = None

    def meaning(self, chapter: Chapter) -> list[float] | None:
        return meaning_of(self.sentences[chapter.first:chapter.stop],
                          {c.position: v for c, v in zip(self.chunks, self.vectors)})


class Outliner:
    def __init__(self, index: ChunkIndex, embedder: Embedder, encoder: BM25Encoder, redis: Redis,
                 llm: ChatModel | None = None, cache_seconds: int = 30 * 86400) -> None:
        self.index, self.embedder, self.encoder, self.redis = index, embedder, encoder, redis
        self.llm, self.cache_seconds = llm, cache_seconds

    def _key(self, record: SourceRecord, mode: str) -> str:
        return f"studybot:outline:{record.tenant}:{record.source_id}:{record.version}:{mode}:t{TITLING}"

    async def _cached(self, key: str) -> list[Chapter] | None:
        try:
            raw = await self.redis.get(key)
        except STORE_DOWN:
            return None
        return [Chapter.from_json(c) for c in json.loads(raw)] if raw else None

    async def _store(self, key: str, chapters: list[Chapter]) -> None:
        try:
            await self.redis.set(key, json.dumps([c.as_json() for c in chapters], ensure_ascii=False),
                                 ex=self.cache_seconds)
        except STORE_DOWN as e:
            log.warning("outline cache unavailable: %s", type(e).__name__)

    async def outline(self, record: SourceRecord, use_llm: bool = True) -> SourceOutline:
        """The source's chapters; titled by the model when there is one and `use_llm`."""
        chunks = await self.index.chunks_of(record.tenant, record.source_id)
        if not chunks:
            raise UserError(tr("“{title}” has no passages indexed right now. Try adding it again.").format(
                title=record.title))
        sentences = source_sentences(chunks)
        vectors = await chunk_vectors(self.index, self.embedder, chunks)
        centrality = Centrality(sentences, self.encoder)
        plain = await self._cached(self._key(record, "plain"))
        if plain is None:
            plain = await detect_chapters(record, chunks, sentences, vectors, centrality, self.embedder)
            await self._store(self._key(record, "plain"), plain)
        chapters, mode, notice = plain, "extractive", None
        if use_llm and self.llm is not None:
            written = f"llm-{reply_language()}"  # the model writes titles in the reader's language
            titled = await self._cached(self._key(record, written))
            if titled is None:
                titled = await self._titled(record, sentences, plain)
                if titled is not None:
                    await self._store(self._key(record, written), titled)
            if titled is None:
                notice = fallback_notice("llm_down")
            else:
                chapters, mode = titled, "llm"
        return SourceOutline(record, chunks, sentences, chapters, vectors, centrality, mode, notice)

    async def _titled(self, record: SourceRecord, sentences: list[Candidate],
                      chapters: list[Chapter]) -> list[Chapter] | None:
        """Titles, gists and terms written by the model; None when it failed or answered off format."""
        blocks = []
        for c in chapters:
            text = " ".join(s.text for s in sentences[c.first:c.stop])
            blocks.append((c.n, c.locator, text if len(text) <= CHAPTER_CHARS else text[:CHAPTER_CHARS] + "…"))
        raw = await model_text(self.llm, outline_messages(record.title, blocks))
        if raw is None:
            return None
        parsed: dict[int, tuple[str, str, tuple[str, ...]]] = {}
        for line in raw.splitlines():
            m = _LINE.match(line)
            if not m:
                continue
            n, title, gist, terms = int(m.group(1)), m.group(2), m.group(3), m.group(4) or ""
            words = [t.strip(" .*`") for t in re.split(r"[;,]", terms) if t.strip(" .*`")]
            parsed[n] = (title.strip(" *`\"").rstrip("."), gist.strip(" *`\""), tuple(words[:3]))
        if len(parsed) < (len(chapters) + 1) // 2:
            log.warning("model outline was off format (%d of %d chapters)", len(parsed), len(chapters))
            return None
        out = []
        for c in chapters:
            if c.n in parsed:
                title, gist, terms = parsed[c.n]
                authored = bool(author_chapters(record))  # the author's titles stay; the model writes gists
                c = dataclasses.replace(c, title=c.title if authored else title[:80] or c.title, gist=gist[:400] or c.gist,
                                        terms=terms or c.terms)
            out.append(c)
        return out


async def chunk_vectors(index: ChunkIndex, embedder: Embedder, chunks: list[Chunk]) -> list[list[float]]:
    """The dense vectors the index already holds for the chunks, in order, so nothing is embedded twice.

    Falls back to embedding the chunks when the stored vectors cannot be read (an index written by
    another embedder, a server without them).
    """
    if not chunks:
        return []
    try:
        vectors = await index.vectors_of(chunks)
        if all(isinstance(v, list) and len(v) == embedder.dimensions for v in vectors):
            return vectors  # type: ignore[return-value]
    except Exception as e:  # any trouble reading them: embed instead, slower but correct
        log.info("stored chunk vectors unavailable (%s); embedding again", type(e).__name__)
    return await asyncio.to_thread(embedder.embed, [c.embedding_text() for c in chunks])
