"""Ingest as three overlapping stages, so the model never waits for files or the index.

prepare (read, load, chunk; a worker thread) -> embed (one model thread; batches fill up
across small sources) -> write (BM25, hidden upsert, publish). Queues between the stages
are short, so memory stays bounded however many files are given.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.embedding.port import Embedder
from bot.embedding.sentence_vectors import Span, pack
from bot.index import ChunkIndex, SparseVector
from bot.models import Chunk
from bot.text.sentence_roles import roles_in_order
from bot.text.sparse import BM25Encoder
from ingest.prepared import Prepared

QUEUE = 4


@dataclass
class Part:
    """Some of a source's chunks with their vectors."""

    source: Prepared
    start: int
    dense: list[list[float]]
    sentences: list[np.ndarray | None]


@dataclass
class Done:
    source: Prepared
    error: BaseException | None = None


Item = Any  # Prepared | SourceOutcome (passed through in order)
Message = Any  # Part | Done | SourceOutcome


def embed_passages(embedder: Embedder, texts: list[str],
                   spans: list[list[Span]]) -> tuple[list[list[float]], list[np.ndarray | None]]:
    """Passage vectors and sentence vectors from one pass; only passage vectors from other embedders."""
    both = getattr(embedder, "embed_passages", None)
    if both is None:
        return embedder.embed(texts), [None] * len(texts)
    dense, sentences = both(texts, spans)
    return dense, list(sentences)


class Stages:
    def __init__(self, index: ChunkIndex, embedder: Embedder, encoder: BM25Encoder, batch: int) -> None:
        self.index, self.embedder, self.encoder, self.batch = index, embedder, encoder, batch
        self._model = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studybot-model")

    def close(self) -> None:
        self._model.shutdown(wait=False)

    async def run(self, items: AsyncIterator[Item], finished: Callable[[Prepared, BaseException | None], Awaitable[Any]],
                  passthrough: Callable[[Any], Awaitable[Any]]) -> None:
        """Feed `items` through embed and write; `finished` sees each source once, in input order."""
        prepared: asyncio.Queue[Item | None] = asyncio.Queue(QUEUE)
        embedded: asyncio.Queue[Message | None] = asyncio.Queue(QUEUE)

        async def produce() -> None:
            try:
                async for item in items:
                    await prepared.put(item)
            finally:
                await prepared.put(None)

        tasks = [asyncio.create_task(produce()), asyncio.create_task(self._embed(prepared, embedded)),
                 asyncio.create_task(self._write(embedded, finished, passthrough))]
        try:
            # A stage that fails ends the run (no stage is left waiting on a queue that nobody fills).
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for t in done:
                if t.exception() is not None:
                    raise t.exception()  # type: ignore[misc]
            await asyncio.gather(*tasks)
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _embed(self, inbox: asyncio.Queue[Item | None], outbox: asyncio.Queue[Message | None]) -> None:
        """Fill model batches from consecutive sources; forward parts, then each source's end, in order."""
        loop = asyncio.get_running_loop()
        pending: list[tuple[Prepared, int, int]] = []  # (source, first chunk, last chunk + 1) in the batch
        failed: set[tuple[str, str]] = set()
        size = 0
        ended = False

        async def flush() -> None:
            nonlocal pending, size
            batch, pending, size = [p for p in pending if p[0].key not in failed], [], 0
            if not batch:
                return
            texts = [t for s, a, b in batch for t in s.texts[a:b]]
            spans = [sp for s, a, b in batch for sp in s.spans[a:b]]
            try:
                dense, sentences = await loop.run_in_executor(self._model, embed_passages, self.embedder, texts, spans)
            except Exception as e:  # every source in the batch fails; the others go on
                for s, _, _ in batch:
                    if s.key not in failed:
                        failed.add(s.key)
                        await outbox.put(Done(s, e))
                return
            at = 0
            for s, a, b in batch:
                n = b - a
                await outbox.put(Part(s, a, dense[at:at + n], sentences[at:at + n]))
                at += n
                if b == len(s.chunks):
                    await outbox.put(Done(s))

        while not ended:
            item = await inbox.get() if not pending else _next_nowait(inbox)
            if item is _EMPTY:
                await flush()
                continue
            if item is None:
                ended = True
                await flush()
                break
            if not isinstance(item, Prepared):
                await flush()  # keep input order: what came before is finished first
                await outbox.put(item)
                continue
            start = 0
            while start < len(item.chunks):
                end = min(len(item.chunks), start + self.batch - size)
                pending.append((item, start, end))
                size += end - start
                start = end
                if size >= self.batch:
                    await flush()
        await outbox.put(None)

    async def _write(self, inbox: asyncio.Queue[Message | None],
                     finished: Callable[[Prepared, BaseException | None], Awaitable[Any]],
                     passthrough: Callable[[Any], Awaitable[Any]]) -> None:
        broken: dict[tuple[str, str], BaseException] = {}
        while (message := await inbox.get()) is not None:
            if isinstance(message, Part):
                if message.source.key in broken:
                    continue
                try:
                    await self._stage(message)
                except Exception as e:
                    broken[message.source.key] = e
            elif isinstance(message, Done):
                error = broken.pop(message.source.key, None)
                await finished(message.source, message.error or error)
            else:
                await passthrough(message)

    async def _stage(self, part: Part) -> None:
        s = part.source
        s.budget.check_time()  # a source that runs out of time is refused, its previous version kept
        chunks: list[Chunk] = []
        for i, sentences in enumerate(part.sentences):
            chunk = s.chunks[part.start + i]
            if sentences is not None and len(sentences):
                shift = s.offsets[part.start + i]
                spans = [(a - shift, b - shift) for a, b in s.spans[part.start + i]]
                stored = pack(spans, sentences)
                stored["roles"] = [r.packed() for r in roles_in_order([chunk.text[a:b] for a, b in spans])]
                chunk = _with_sentences(chunk, stored)
            chunks.append(chunk)
        texts = s.texts[part.start:part.start + len(chunks)]
        sparse: list[SparseVector] = await asyncio.to_thread(lambda: [self.encoder.document(t) for t in texts])
        await self.index.stage(chunks, part.dense, sparse)


def _with_sentences(chunk: Chunk, stored: dict[str, Any]) -> Chunk:
    import dataclasses

    return dataclasses.replace(chunk, sentences=stored)


_EMPTY = object()


def _next_nowait(queue: asyncio.Queue[Any]) -> Any:
    try:
        return queue.get_nowait()
    except asyncio.QueueEmpty:
        return _EMPTY
