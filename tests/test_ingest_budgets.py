"""Ingest budgets: hostile or oversized sources are refused with the reason, and nothing changes.

The hostile files are generated here (tests/hostile_files.py): a 9 KB PDF whose pages all
draw one 2 MB content stream, and a VTT with more cues than a transcript may have.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import Knowledge
from bot.errors import OverBudget
from ingest.budget import IngestLimits, SourceBudget
from ingest.loaders import load_bytes
from tests.hostile_files import many_cue_vtt, shared_stream_pdf
from tests.test_loaders import pdf_bytes


def limit(services: Knowledge, **budgets: Any) -> None:
    services.ingestor.settings = services.settings.model_copy(update=budgets)


async def texts(services: Knowledge, query: str) -> str:
    return " ".join(h.chunk.text for h in (await services.retriever.search("default", query, 10)).hits)


@pytest.mark.parametrize("pages", [10, 300])
async def test_pdf_pages_sharing_one_huge_content_stream_are_refused(services: Knowledge, tmp_path: Path,
                                                                    pages: int) -> None:
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(pdf_bytes(["Penguins waddle about three metres per breath."]))
    assert (await services.ingestor.ingest([str(paper)], "default")).count("added") == 1

    hostile = shared_stream_pdf(pages)
    assert len(hostile) < 60_000  # small on disk; each page expands to over a million characters
    paper.write_bytes(hostile)
    report = await services.ingestor.ingest([str(paper)], "default")
    [outcome] = report.outcomes
    assert outcome.status == "skipped", outcome
    assert "page 1 holds more than 100,000 characters" in (outcome.reason or "")
    assert "earlier version stays searchable" in (outcome.reason or "")
    [record] = await services.index.records("default")
    assert record.chunks == 1 and "Penguins" in await texts(services, "how far do penguins waddle")


async def test_pdf_over_the_page_budget_is_refused_before_reading(services: Knowledge, tmp_path: Path) -> None:
    limit(services, max_source_pages=5)
    book = tmp_path / "book.pdf"
    book.write_bytes(pdf_bytes([f"Chapter {i} is about gradient descent." for i in range(8)]))
    [outcome] = (await services.ingestor.ingest([str(book)], "default")).outcomes
    assert outcome.status == "skipped"
    assert "has 8 pages, more than the 5 allowed for one source (STUDYBOT_MAX_SOURCE_PAGES)" in (outcome.reason or "")
    assert await services.index.records("default") == []


def test_text_extraction_stops_once_the_passage_budget_cannot_hold_it() -> None:
    """Reading stops at the first page that breaks the budget, not after building the passages."""
    limits = IngestLimits(max_bytes=10**9, max_pages=100, max_cues=100, max_chunks=2, max_seconds=60,
                          max_tenant_chunks=100, chunk_chars=900)
    budget = SourceBudget(limits, "notes.pdf")
    pages = [("Attention lets every token look at every other token. " * 30) for _ in range(6)]
    with pytest.raises(OverBudget, match="more text than 2 passages can take"):
        load_bytes(pdf_bytes(pages), "notes.pdf", budget=budget)
    assert budget.chars <= 2 * 1800 + 2000  # two pages read at most, not six


async def test_vtt_with_too_many_cues_is_refused_while_counting(services: Knowledge, tmp_path: Path) -> None:
    talk = tmp_path / "talk.vtt"
    talk.write_bytes(many_cue_vtt(120_000))  # 4 MB, well under the byte limit
    [outcome] = (await services.ingestor.ingest([str(talk)], "default")).outcomes
    assert outcome.status == "skipped"
    assert "has more than 100,000 cues, the limit for one transcript" in (outcome.reason or "")
    assert await services.index.records("default") == []


async def test_passages_per_source_are_capped(services: Knowledge, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("".join(f"# Topic {i}\n\nFact {i} about optimisers.\n\n" for i in range(6)))
    limit(services, max_source_chunks=3)
    [outcome] = (await services.ingestor.ingest([str(notes)], "default")).outcomes
    assert outcome.status == "skipped"
    assert "makes 6 passages, more than the 3 allowed for one source" in (outcome.reason or "")
    limit(services, max_source_chunks=6)
    assert (await services.ingestor.ingest([str(notes)], "default")).count("added") == 1


async def test_a_tenant_cannot_grow_past_its_total(services: Knowledge, tmp_path: Path) -> None:
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text("".join(f"# Part {i}\n\nFirst notes, part {i}.\n\n" for i in range(4)))
    second.write_text("".join(f"# Part {i}\n\nSecond notes, part {i}.\n\n" for i in range(3)))
    limit(services, max_tenant_chunks=5)
    assert (await services.ingestor.ingest([str(first)], "default")).count("added") == 1
    [outcome] = (await services.ingestor.ingest([str(second)], "default")).outcomes
    assert outcome.status == "skipped"
    assert "would bring this library to 7 passages, over its limit of 5 (STUDYBOT_MAX_TENANT_CHUNKS)" in (
        outcome.reason or "")
    assert [r.title for r in await services.index.records("default")] == ["Part 0"]
    # Replacing a source counts its new size, not old plus new.
    first.write_text("".join(f"# Part {i}\n\nFirst notes revised, part {i}.\n\n" for i in range(5)))
    assert (await services.ingestor.ingest([str(first)], "default")).count("updated") == 1
    assert [r.chunks for r in await services.index.records("default")] == [5]
    assert (await services.ingestor.ingest([str(second)], "team-b")).count("added") == 1  # its own total


async def test_running_out_of_time_keeps_the_previous_version(services: Knowledge, tmp_path: Path) -> None:
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\n\nPenguins waddle two metres.\n")
    await services.ingestor.ingest([str(guide)], "default")
    guide.write_text("# Guide\n\nKangaroos hop nine metres.\n")
    limit(services, max_source_seconds=0.0)
    [outcome] = (await services.ingestor.ingest([str(guide)], "default")).outcomes
    assert outcome.status == "skipped" and "STUDYBOT_MAX_SOURCE_SECONDS" in (outcome.reason or "")
    found = await texts(services, "how far do animals move")
    assert "Penguins" in found and "Kangaroos" not in found
    [record] = await services.index.records("default")
    assert record.chunks == await services.index.count()


async def test_files_over_the_byte_budget_are_not_read(services: Knowledge, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("All about attention. " * 1000)
    limit(services, max_fetch_bytes=5_000)
    [outcome] = (await services.ingestor.ingest([str(big)], "default")).outcomes
    assert outcome.status == "skipped" and "larger than the 0.005 MB limit" in (outcome.reason or "")
