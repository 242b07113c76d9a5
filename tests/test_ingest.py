"""Ingest into the real embedded index (Qdrant Edge): idempotent, atomic, tenant-isolated, searchable."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest.pipeline as pipeline
from bot.bootstrap import Knowledge

LECTURE_URL = "https://www.youtube.com/watch?v=course42"


async def count(s: Knowledge) -> int:
    return await s.index.count()


async def texts(s: Knowledge, tenant: str, query: str, k: int = 5) -> list[str]:
    return [h.chunk.text for h in (await s.retriever.search(tenant, query, k)).hits]


async def test_sample_course_is_searchable_with_locators(services: Knowledge, corpus: Path) -> None:
    lecture = corpus / "how-llms-are-built-lecture.vtt"
    first = await services.ingestor.ingest([str(lecture)], "default", url=LECTURE_URL, title="How LLMs Are Built")
    report = await services.ingestor.ingest([str(corpus)], "default")
    assert first.count("added") == 1
    assert report.count("added") == 2 and report.count("unchanged") == 1 and report.ok

    found = await services.retriever.search("default", "What vocabulary size does the GPT-4 tokenizer have?", 5)
    top = found.hits[0].chunk
    assert found.relevant
    assert top.title == "How LLMs Are Built" and "100,277" in top.text
    assert top.url is not None and top.url.startswith(LECTURE_URL + "&t=")
    assert "–" in top.locator and top.start is not None and top.start < top.end  # type: ignore[operator]

    pdf_hit = (await services.retriever.search("default", "Why can RLHF not run forever? reward hacking", 5)).hits
    assert any(h.chunk.kind == "pdf" and h.chunk.locator.startswith("p. ") for h in pdf_hit)
    md_hit = (await services.retriever.search("default", "special tokens in the chat template", 5)).hits
    assert any(h.chunk.kind == "markdown" and " > " in h.chunk.locator for h in md_hit)


async def test_unchanged_source_writes_nothing(services: Knowledge, corpus: Path) -> None:
    await services.ingestor.ingest([str(corpus)], "default")
    before = await count(services)
    records = {r.source_id: r.ingested_at for r in await services.index.records("default")}
    again = await services.ingestor.ingest([str(corpus)], "default")
    assert again.count("unchanged") == 3 and again.chunks == 0
    assert await count(services) == before
    assert {r.source_id: r.ingested_at for r in await services.index.records("default")} == records


async def test_changed_source_replaces_old_version(services: Knowledge, tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("# Notes\n\nThe zebra protocol uses seventeen stripes for alignment.\n")
    await services.ingestor.ingest([str(note)], "default")
    note.write_text("# Notes\n\nThe giraffe protocol uses long necks for alignment.\n")
    report = await services.ingestor.ingest([str(note)], "default")
    assert report.count("updated") == 1
    everything = " ".join(await texts(services, "default", "protocol alignment", 10))
    assert "giraffe" in everything and "zebra" not in everything
    [record] = await services.index.records("default")
    assert record.chunks == await count(services)


async def test_failed_reingest_keeps_previous_version(services: Knowledge, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "guide.md"
    doc.write_text("# Guide\n\n" + "\n\n".join(f"Old fact {i}: penguins waddle {i} metres." for i in range(6)))
    await services.ingestor.ingest([str(doc)], "default")
    doc.write_text("# Guide\n\n" + "\n\n".join(f"New fact {i}: kangaroos hop {i} metres. " * 20 for i in range(6)))

    monkeypatch.setattr(pipeline, "BATCH", 2)
    real_embed = services.embedder.embed_passages
    calls = {"n": 0}

    def flaky_embed(*args: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:  # the second batch of the new version fails mid-ingest
            raise RuntimeError("embedding backend crashed")
        return real_embed(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(services.embedder, "embed_passages", flaky_embed)
    report = await services.ingestor.ingest([str(doc)], "default")
    assert report.count("failed") == 1 and not report.ok
    assert "previous version is still searchable" in (report.outcomes[0].reason or "")
    monkeypatch.setattr(services.embedder, "embed_passages", real_embed)

    found = " ".join(await texts(services, "default", "how far do penguins waddle", 10))
    assert "penguins" in found and "kangaroos" not in found
    [record] = await services.index.records("default")
    assert record.chunks == await count(services)  # no hidden leftovers of the failed version


async def test_bad_files_are_skipped_and_the_run_continues(services: Knowledge, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.md").write_text("# Good\n\nAttention lets tokens look at each other.\n")
    (folder / "empty.txt").write_text("")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.5 this is not really a pdf")
    (folder / ".hidden.md").write_text("ignored")
    report = await services.ingestor.ingest([str(folder), str(tmp_path / "missing.vtt")], "default")
    assert report.count("added") == 1 and report.count("skipped") == 4 and not report.ok
    reasons = " | ".join(o.reason or "" for o in report.outcomes)
    assert "is empty" in reasons and "unsupported file type .png" in reasons
    assert "damaged PDF" in reasons and "does not exist" in reasons
    assert len(await services.index.records("default")) == 1


async def test_tenants_never_see_each_other(services: Knowledge, tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("# Alpha\n\nThe alpha team studies gradient descent with momentum.\n")
    b.write_text("# Beta\n\nThe beta team studies the secret recipe for blueberry muffins.\n")
    await services.ingestor.ingest([str(a)], "team-a")
    await services.ingestor.ingest([str(b)], "team-b")
    leaked = await texts(services, "team-a", "blueberry muffins secret recipe", 10)
    assert leaked and all("blueberry" not in t for t in leaked)
    assert [r.title for r in await services.index.records("team-a")] == ["Alpha"]
    [beta] = await services.index.records("team-b")
    assert not await services.index.remove("team-a", beta.source_id)  # cannot delete across tenants
    assert await texts(services, "team-b", "blueberry muffins", 1)


async def test_chinese_text_is_searchable(services: Knowledge, tmp_path: Path) -> None:
    zh = tmp_path / "zh.md"
    zh.write_text("# 笔记\n\n预训练阶段的重点在于知识的获取。\n\n监督微调让基础模型变成助手。\n")
    en = tmp_path / "en.md"
    en.write_text("# Notes\n\nTokenizers split text into pieces.\n")
    await services.ingestor.ingest([str(zh), str(en)], "default")
    hits = (await services.retriever.search("default", "什么是监督微调?", 3)).hits
    assert "监督微调" in hits[0].chunk.text


async def test_remove_source(services: Knowledge, tmp_path: Path) -> None:
    doc = tmp_path / "x.txt"
    doc.write_text("Sparse vectors count words.\n")
    await services.ingestor.ingest([str(doc)], "default")
    [record] = await services.index.records("default")
    assert await services.index.remove("default", record.source_id)
    assert await count(services) == 0 and await services.index.records("default") == []
