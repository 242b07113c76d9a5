"""Study tools without a model on a lecture as a speech recogniser writes it (tests/material/
databases-lecture-whisper.vtt: 42 minutes, stumbles, fillers, repetition loops, asides, definitions spread
over a question and its answer): chapters are named by what they teach, and `explain` opens with the
sentence that says what the term is, whole and once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import Services
from bot.conversation import IncomingMessage
from tests.conftest import reply_to
from tests.study_fixtures import redis_url  # noqa: F401  (a private Redis for this module)

LECTURE = Path(__file__).parent / "material" / "databases-lecture-whisper.vtt"


@pytest.fixture()
async def lecture(app: Services) -> Services:
    await app.ingestor.ingest([str(LECTURE)], "default", title="Databases lecture")
    return app


def first_bullet(text: str) -> str:
    return next((line for line in text.splitlines() if line.startswith("• ")), text)


async def explain(app: Services, term: str) -> str:
    return (await reply_to(app, IncomingMessage("test", "default", "c", f"t-{term}", "u", term, "explain"))).text


async def test_chapters_are_named_by_what_they_teach(lecture: Services) -> None:
    [record] = await lecture.index.records("default")
    titles = [c.title for c in (await lecture.digest.course.outliner.outline(record, use_llm=False)).chapters]
    # "So let's start at the bottom." and the transactions T1 and T2 of an example name nothing
    assert not {"Bottom", "T1", "T2"} & set(titles), titles
    # "Um, so what's a B-tree?", "So what's two-phase locking?": the chapter answers what its speaker asks
    assert {"B-tree", "Two-phase locking", "Snapshot isolation", "Hash index"} <= set(titles), titles
    # "Okay, let's wrap up", then "Anyone have a question before I let you go?"
    assert titles[0] == "Introduction" and titles[-2:] == ["Summary", "Questions"], titles
    assert len(titles) >= 10, titles  # "Okay, last big topic." opens a chapter


async def test_explain_opens_with_what_the_term_is(lecture: Services) -> None:
    # the answer to the speaker's own question, with the question it answers
    b_tree = first_bullet(await explain(lecture, "B-tree"))
    assert "So what's a B-tree? Well, it's basically a tree where every node is a whole page" in b_tree, b_tree
    # an acronym spelled out beside it, not "MVCC, for most workloads" (which is better, locking or MVCC?)
    mvcc = first_bullet(await explain(lecture, "MVCC"))
    assert "multi-version concurrency control" in mvcc and not mvcc.startswith("• Your boss"), mvcc
    # said again to go on about it: "…is the write-ahead log. The write-ahead log, the file where…"
    wal = first_bullet(await explain(lecture, "write-ahead log"))
    assert "the file where every change gets appended first" in wal, wal


async def test_a_sentence_cut_at_a_passage_edge_is_quoted_whole_and_once(lecture: Services) -> None:
    reply = await explain(lecture, "LSN")
    quoted = [line for line in reply.splitlines() if "log sequence number, LSN" in line]
    assert len(quoted) == 1 and "how up to date a page is" in quoted[0], reply
