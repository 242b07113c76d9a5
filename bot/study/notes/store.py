"""The team's notes, per platform, tenant and channel, in Redis; searched by meaning and words.

A channel holds at most a few thousand short notes, so search loads them and ranks in
process: cosine similarity of stored embeddings plus a small bonus for shared words.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from redis.asyncio import Redis

from bot.embedding.port import Embedder
from bot.errors import UserError
from bot.language import tr
from bot.text.sparse import BM25Encoder

MAX_NOTE_CHARS = 3000
ANSWERS_FROM = 0.45  # cosine from which a note helps answer a question (MiniLM scale)
MATCHES_FROM = 0.30  # ... and from which it is worth showing for an explicit `note search`


@dataclass(frozen=True)
class Note:
    id: int
    text: str
    user: str
    at: float
    question: str | None = None  # set when the note is a saved answer
    citations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_answer(self) -> bool:
        return self.question is not None


@dataclass(frozen=True)
class NoteHit:
    note: Note
    score: float


def _pack(vector: list[float]) -> str:
    return base64.b64encode(np.asarray(vector, dtype=np.float32).tobytes()).decode()


def _unpack(data: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(data), dtype=np.float32)


class NoteStore:
    def __init__(self, redis: Redis, embedder: Embedder, encoder: BM25Encoder, max_notes: int = 2000) -> None:
        self.redis, self.embedder, self.encoder, self.max_notes = redis, embedder, encoder, max_notes

    @staticmethod
    def _key(platform: str, tenant: str, channel: str) -> str:
        return f"studybot:notes:{platform}:{tenant}:{channel}"

    async def add(self, platform: str, tenant: str, channel: str, user: str, text: str,
                  question: str | None = None, citations: list[dict[str, Any]] | None = None) -> Note:
        text = text.strip()
        if not text:
            raise UserError(tr("What should the note say? For example: `note add RLHF stops early because of reward "
                               "hacking`."))
        if len(text) > MAX_NOTE_CHARS:
            raise UserError(tr("That note is {length:,} characters long; notes hold up to {limit:,}.").format(
                length=len(text), limit=MAX_NOTE_CHARS))
        key = self._key(platform, tenant, channel)
        if await self.redis.hlen(key) >= self.max_notes:
            raise UserError(tr("This channel already has {n:,} notes. Remove some with `note rm ID` first.").format(
                n=self.max_notes))
        [vector] = await asyncio.to_thread(self.embedder.embed, [f"{question}\n{text}" if question else text])
        note = Note(int(await self.redis.incr(f"{key}:seq")), text, user, time.time(), question, citations or [])
        await self.redis.hset(key, str(note.id), json.dumps({**asdict(note), "vector": _pack(vector)},
                                                             ensure_ascii=False))
        return note

    async def remove(self, platform: str, tenant: str, channel: str, note_id: int) -> bool:
        return bool(await self.redis.hdel(self._key(platform, tenant, channel), str(note_id)))

    async def _load(self, platform: str, tenant: str, channel: str) -> list[tuple[Note, np.ndarray]]:
        raw = await self.redis.hgetall(self._key(platform, tenant, channel))
        out = []
        for value in raw.values():
            data = json.loads(value)
            vector = _unpack(data.pop("vector"))
            out.append((Note(**data), vector))
        return sorted(out, key=lambda p: p[0].id)

    async def notes_of(self, platform: str, tenant: str, channel: str) -> list[Note]:
        """Oldest first."""
        return [n for n, _ in await self._load(platform, tenant, channel)]

    async def search(self, platform: str, tenant: str, channel: str, query: str, limit: int = 5,
                     strict: bool = True) -> list[NoteHit]:
        """Notes by closeness to `query`, best first. `strict` keeps only notes that could answer it;
        otherwise any note close in meaning or sharing a word with it."""
        notes = await self._load(platform, tenant, channel)
        if not notes or not query.strip():
            return []
        [q] = await asyncio.to_thread(self.embedder.embed, [query])
        qv = np.asarray(q, dtype=np.float32)
        terms = set(self.encoder.tokens(query))
        hits = []
        for note, vector in notes:
            cosine = float(vector @ qv)
            shared = len(terms & set(self.encoder.tokens(f"{note.question or ''} {note.text}")))
            words = shared / len(terms) if terms else 0.0
            if strict and cosine < ANSWERS_FROM and not (shared >= 2 and words >= 0.6):
                continue
            if not strict and cosine < MATCHES_FROM and not shared:
                continue
            hits.append(NoteHit(note, cosine + 0.1 * words))
        return sorted(hits, key=lambda h: -h.score)[:limit]
