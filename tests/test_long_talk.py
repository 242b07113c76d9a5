"""Study tools without a model on a long live talk (tests/material/rag-in-production-talk.vtt: an hour, no
chapter cues, fillers, asides, the speaker's and colleagues' names): key terms are domain terms, cloze blanks
are terms from the material, and chapter titles are noun phrases naming their topic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.bootstrap import Services
from bot.conversation import IncomingMessage
from bot.study.outline.builder import SourceOutline
from bot.text.stopwords import ENGLISH_STOP_WORDS
from tests.conftest import reply_to
from tests.study_fixtures import redis_url  # noqa: F401  (a private Redis for this module)

TALK = Path(__file__).parent / "material" / "rag-in-production-talk.vtt"
PEOPLE = {"Priya", "Raman", "Daniel", "Okafor", "Marcus", "Bell", "Sarah"}  # the speaker, her colleagues, the host
FILLERS = {"um", "uh", "magic", "stuff", "demo", "honestly", "basically", "kind", "thing", "similar", "pay", "judge",
           "thumbs", "cat", "keyboard", "pizza", "slide", "Thursday", "colleague"}
# Topics the talk covers, in its order; each should title a chapter (as a noun phrase, alone).
TOPICS = ["Embedding model", "HNSW", "Retrieval augmented generation", "Reranker", "Query rewriting",
          "Hallucination", "Proximal policy optimization", "Reward model"]


@pytest.fixture()
async def talk(app: Services) -> SourceOutline:
    await app.ingestor.ingest([str(TALK)], "default", title="RAG in production", url="https://videos.example.org/rag")
    [record] = await app.index.records("default")
    return await app.digest.course.outliner.outline(record, use_llm=False)


def words(phrase: str) -> list[str]:
    return re.findall(r"[A-Za-z][\w'-]*", phrase)


def is_domain_term(phrase: str) -> bool:
    found = words(phrase)
    return bool(found) and not any(w in PEOPLE for w in found) and not all(
        w.lower() in ENGLISH_STOP_WORDS or w.lower() in {f.lower() for f in FILLERS} for w in found)


async def test_key_terms_and_blanks_are_domain_terms_not_names_or_filler(app: Services, talk: SourceOutline) -> None:
    assert talk.chapters[-1].end and talk.chapters[-1].end > 59 * 60  # an hour
    terms = [t for c in talk.chapters for t in c.terms]
    assert len(terms) >= 15 and all(is_domain_term(t) for t in terms), terms
    assert not {t.lower() for t in terms} & {f.lower() for f in FILLERS}
    text = " ".join(s.text for s in talk.sentences)
    cards = [card for c in talk.chapters for card in await app.digest.composer.cards.for_chapter(talk, c)]
    assert len(cards) >= 20
    for card in cards:
        assert is_domain_term(card.answer), card
        assert card.answer.lower() in text.lower()  # a term from the material itself
        assert not any(p in card.question for p in PEOPLE), card.question  # asides about people are no questions
    answers = {c.answer.lower() for c in cards}
    assert {"hnsw", "reranker", "hallucination", "reward model", "chunking"} <= answers

    preview = await reply_to(app, IncomingMessage("slack", "default", "c1", "t1", "u1", "preview", "digest"))
    assert preview.text.startswith("📚 **Today's study digest** · unit 1 of")
    assert not any(p in line for line in preview.text.splitlines() if line.startswith("**Key terms:**")
                   for p in PEOPLE)
    quiz = next((line for line in preview.text.splitlines() if line.startswith("**Quiz:**")), "")
    assert not any(p in quiz for p in PEOPLE)


async def test_outline_titles_name_the_topics(talk: SourceOutline) -> None:
    titles = [c.title for c in talk.chapters]
    assert titles[0] == "Introduction" and 8 <= len(titles) <= 14, titles
    assert titles[-1] == "Questions", titles  # "…a couple of questions. Yes, in the front?" ends the talk
    for title in titles:
        assert ", " not in title and not any(p in title for p in PEOPLE), titles  # one noun phrase, no names
        assert title.split()[0].lower() not in ENGLISH_STOP_WORDS, titles
        assert title[0].isupper() and len(title.split()) <= 4, titles
    found = [t for t in TOPICS if any(t.lower() == title.lower() for title in titles)]
    assert len(found) >= 6, titles
    assert found == sorted(found, key=lambda t: [x.lower() for x in titles].index(t.lower()))  # in the talk's order
