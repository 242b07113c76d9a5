"""Chapters are named as people would name them: the topic the speaker announced when it is a name, else a
term the chapter repeats or defines; never a phrase from one sentence, never twice; "Part 4: tokenization"
when unclear. Digest units take these titles, and `digest known TERM` finds the units that teach TERM."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from bot.bootstrap import Services
from bot.conversation import IncomingMessage
from bot.study.digest.tool import DigestTool
from bot.study.outline.titles import chapter_title
from tests.conftest import load_course, reply_to
from tests.study_fixtures import redis_url  # noqa: F401  (a private Redis for this module)

NOW = datetime(2024, 5, 9, 12, tzinfo=timezone.utc)
CHAPTER = ["In my picture I only have ten, the blue squares.", "Tokenization cuts text into tokens.",
           "The tokenizer learns merges, and tokenization is fast.", "Each token gets an ID."]


def test_a_title_is_a_term_the_chapter_repeats_or_defines() -> None:
    # "blue squares" is first among the distinctive terms but said once; "tokenization" is said twice
    assert chapter_title(4, CHAPTER, None, ["blue squares", "tokenization", "ID"], set()) == "tokenization"
    assert chapter_title(4, ["A reranker is a small model that scores pairs."], None, ["reranker"], set()) == "reranker"
    assert chapter_title(4, CHAPTER, None, ["blue squares", "tokenization"], {"tokenization"}) == \
        "Part 4: blue squares"  # no two chapters share a title; unclear, so said plainly
    assert chapter_title(4, CHAPTER, "what pretraining actually gives us", ["tokenization"], set()) == "tokenization"
    assert chapter_title(4, CHAPTER, "RLHF and reward models", ["tokenization"], set()) == "RLHF and reward models"


async def test_the_course_outline_names_its_chapters(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    lecture = next(r for r in await app.index.records("default") if r.kind == "transcript")
    outline = await app.digest.course.outliner.outline(lecture, use_llm=False)
    titles = [c.title for c in outline.chapters]
    assert len({t.lower() for t in titles}) == len(titles), titles
    assert not any(t.lower().startswith(("what ", "how ", "why ")) for t in titles), titles
    assert {"Tokenization", "RLHF and reward models", "Hallucinations"} <= set(titles), titles

    app.service.handlers["digest"] = DigestTool(app.digest, "UTC", lambda: NOW)
    known = await reply_to(app, IncomingMessage("slack", "default", "C9", "t", "u1", "known byte pair encoding",
                                                "digest"))
    assert "skips it: 3. Tokenization." in known.text, known.text
