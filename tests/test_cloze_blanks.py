"""A blank is the term its sentence names or defines, never a fragment of talk; a quiz on a topic never
blanks the topic itself."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import Services
from bot.conversation import IncomingMessage
from bot.study.quiz.cloze import make_cloze, quiz_worthiness
from tests.conftest import load_course, reply_to


def test_the_blank_is_the_term_the_sentence_defines() -> None:
    c = make_cloze("A reranker is a cross encoder that reads the query and one passage together.", ["passage"])
    assert c is not None and c.answer == "reranker"
    c = make_cloze("Supervised fine-tuning (SFT) means continuing to train the base model on conversations.", [])
    assert c is not None and c.answer in ("Supervised fine-tuning", "SFT")


def test_one_letter_is_no_blank() -> None:
    c = make_cloze("Before you read something, you take a shared lock, an S lock.", [], keep=["locking"])
    assert c is None or len(c.answer) > 1, c


def test_a_topic_is_never_its_own_blank() -> None:
    sentence = "Tokenization cuts raw text into tokens, the small pieces a language model reads."
    c = make_cloze(sentence, [], keep=["tokenization"])
    assert c is not None and "tokeniz" not in c.answer.lower() and "Tokenization" in c.question


def test_talk_about_the_talk_makes_no_question() -> None:
    assert quiz_worthiness("So in my picture, I only have 10 of them, the little blue squares here.", ["token"]) == 0
    assert quiz_worthiness("Alright, so we're now doing tokenization of the whole dataset at once.",
                           ["tokenization"]) == 0
    assert quiz_worthiness("Before we begin a quick thanks to the organisers for the coffee, which is essential.", []) == 0
    assert quiz_worthiness("Today I want to talk about tokenization, and why it matters more than most people think.",
                           ["tokenization"]) == 0


async def test_a_quiz_on_a_topic_keeps_the_topic_word(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    for n in range(3):
        reply = await reply_to(app, IncomingMessage("test", "default", f"q{n}", "t", "u1", "tokenization", "quiz"))
        assert "_____" in reply.text, reply.text
        revealed = await reply_to(app, IncomingMessage("test", "default", f"q{n}", "t", "u1", "reveal", "quiz"))
        assert "tokenization" not in revealed.text.lower().split("answer", 1)[-1][:60], revealed.text


async def test_a_quiz_on_a_talks_own_topic_skips_sentences_that_only_name_it(app: Services) -> None:
    """The Whisper talk's closest sentences on "tokenization" name nothing else to blank: the next one is asked."""
    await app.ingestor.ingest([str(Path(__file__).parent / "material" / "tokenization-talk-whisper.vtt")], "talk",
                              title="Tokenization talk")
    for topic in ("tokenization", "BPE", "vocabulary"):
        reply = await reply_to(app, IncomingMessage("test", "talk", f"t-{topic}", "t", "u1", topic, "quiz"))
        assert reply.text.startswith("**Quiz** — from Tokenization talk") and "_____" in reply.text, reply.text


async def test_a_talk_that_opens_with_housekeeping_is_summed_up_by_what_it_teaches(app: Services) -> None:
    await app.ingestor.ingest([str(Path(__file__).parent / "material" / "tokenization-talk-whisper.vtt")], "talk",
                              title="Tokenization talk")
    summary = await reply_to(app, IncomingMessage("test", "talk", "s", "t", "u1", "tokenization", "summary"))
    overview = summary.text.split("**Overview**", 1)[1].split("\n\n", 1)[0]
    assert "tokenization" in overview.lower()
    assert not any(aside in overview for aside in ("get started", "thanks", "Great."))
