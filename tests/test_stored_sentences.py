"""Answers rank sentences that ingest already embedded: a question costs one embedding, its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import Services
from bot.conversation import IncomingMessage
from bot.embedding.sentence_vectors import unpack
from tests.conftest import load_course, reply_to


async def test_an_extractive_answer_embeds_only_the_question(app: Services, corpus: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    await load_course(app, corpus)
    [lecture] = [r for r in await app.index.records("default") if r.kind == "transcript"]
    chunk = (await app.index.chunks_of("default", lecture.source_id))[3]
    spans, vectors = unpack(chunk.sentences) or ([], None)
    assert spans and vectors is not None and vectors.shape == (len(spans), 384)
    assert all(chunk.text[a:b].strip() for a, b in spans)

    embedded: list[list[str]] = []
    real = app.embedder.embed

    def counting(texts: list[str]) -> list[list[float]]:
        embedded.append(list(texts))
        return real(texts)

    monkeypatch.setattr(app.embedder, "embed", counting)
    question = "What vocabulary size does the GPT-4 tokenizer have?"
    reply = await reply_to(app, IncomingMessage("test", "default", "c", "t", "u", question))
    assert reply.mode == "extractive" and "100,277" in reply.text
    assert reply.citations and "100,277" in " ".join(c.quote for c in reply.citations)
    assert {t for batch in embedded for t in batch} == {question}
