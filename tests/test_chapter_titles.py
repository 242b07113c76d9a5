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
    rlhf = ["Let's move on to RLHF and reward models.", "RLHF trains a reward model on preferences.",
            "The reward model then scores answers."]
    assert chapter_title(4, rlhf, "RLHF and reward models", ["preferences"], set()) == "RLHF and reward models"


def test_the_term_a_chapter_comes_back_to_names_it_and_a_plural_is_no_new_title() -> None:
    latent = ["Okay so next problem: the GPU bill.", "The GPU bill for pixels is huge.",
              "So we train a VAE, a variational autoencoder.", "The VAE encoder squeezes the image.",
              "Diffusion runs on the VAE latents.", "At the end the VAE decoder gives pixels back."]
    # "GPU bill", the most distinctive, is said twice and left; the chapter keeps coming back to the VAE
    assert chapter_title(9, latent, None, ["GPU bill", "VAE"], set()) == "VAE"
    acks = ["Three duplicate ACKs mean a loss.", "On a duplicate ACK, fast recovery halves the window.",
            "Fast recovery keeps the ACK clock going."]
    assert chapter_title(7, acks, None, ["duplicate ACK", "fast recovery"], {"duplicate acks"}) == "fast recovery"


def test_the_term_a_chapter_defines_and_comes_back_to_names_it() -> None:
    taylor = ["Okay so, the Taylor rule is a formula for where the policy rate should be.",
              "The nominal rate goes up when inflation goes up.",
              "Um, plug the numbers into the Taylor rule and you get, like, five and a half.",
              "And the nominal rate, uh, the nominal rate comes out around five.",
              "So in the example the nominal rate comes out higher than the real one."]
    # "nominal rate" is said more, but the chapter teaches the Taylor rule
    assert chapter_title(8, taylor, None, ["nominal rate", "Taylor rule"], set()) == "Taylor rule"
    waves = ["So a tsunami is, basically, a wave the whole ocean makes when the seafloor jumps.",
             "Off Sumatra in 2004, the Indian Ocean one was the worst.",
             "A tsunami in deep water is tiny, like a meter.",
             "Then the Indian Ocean, uh, the wave hit Sri Lanka hours later.",
             "Near the shore the tsunami slows down and grows.", "The Indian Ocean had no warning system then."]
    # an everyday-looking word the chapter defines and keeps saying beats the place its example happened
    assert chapter_title(11, waves, None, ["Indian Ocean", "tsunami"], set()) == "tsunami"


def test_a_number_or_a_function_word_is_no_term() -> None:
    from bot.study.terms.key_terms import key_terms

    texts = ["Twenty megabytes per second. That was twenty megabytes, since JDK 9, of objects that die young.",
             "The weak generational hypothesis says objects die young. Objects die young, mostly, since JDK 9.",
             "Card marking splits the heap into cards."]
    terms = [t.lower() for t in key_terms(texts, k=6)[0]]
    assert "twenty megabytes" not in terms and not any(t.startswith("since") for t in terms)


def test_a_topic_said_in_passing_or_an_example_s_placeholder_names_no_chapter() -> None:
    pages = ["So let's start at the bottom.", "A page is a fixed-size block of bytes.", "Pages hold slots.",
             "Each slot points at a record, and a page keeps its slots at the end."]
    assert chapter_title(2, pages, "Bottom", ["slot", "page"], set()) == "page"  # the term it defines and repeats
    locks = ["Suppose T1 writes a row and T2 reads it.", "Then T1 aborts, and T2 read a value that never existed.",
             "So what's two-phase locking?", "Two-phase locking means you take locks, then release them."]
    # the term the speaker asks about and explains beats a placeholder of the example, however often it is said
    assert chapter_title(8, locks, None, ["T2", "T1", "row"], set()) == "two-phase locking"
    thrashing = ["Every process faults, and the kernel evicts a page from another process.",
                 "That process runs and the kernel evicts the page it needed.", "The working set is what it needs.",
                 "When the working set does not fit, the system thrashes."]
    assert chapter_title(11, thrashing, None, ["evicts", "working set"], set()) == "working set"  # "evicts a": a verb


def test_a_talk_s_closing_questions_are_a_chapter_and_none_starts_mid_thought() -> None:
    from bot.study.outline.boundaries import Pacing, detect_boundaries
    from bot.study.transitions import QUESTIONS_TITLE, WRAP_UP_TITLE

    texts = [f"Pages and frames, part {i}." for i in range(40)]
    texts[12] = "Which, for most of you, doesn't matter."  # where the content shifts most, but it goes on
    texts[30] = "Okay, let me wrap up, we've got a couple of minutes."
    texts[34:38] = ["Questions?", "Yeah, good question.", "Bigger pages mean fewer misses.", "Next question?"]
    shifts = [0.0] * 40
    shifts[12] = 0.9
    positions = [30.0 * i for i in range(40)]
    bounds = detect_boundaries(texts, shifts, positions, 1200.0, Pacing.for_transcript(1200.0))
    topics = {b.index: b.topic for b in bounds}
    assert topics.get(30) == WRAP_UP_TITLE and topics.get(34) == QUESTIONS_TITLE, bounds
    assert 12 not in topics, bounds  # "Which, …" finishes the thought before it
    from bot.study.transitions import opens_questions

    assert opens_questions(["Let me stop there and take some questions.", "We have, what, five minutes?",
                            "Yes, in the middle.", "So the question is, does QUIC use any of this?"])
    assert not opens_questions(["So the question is, why does TCP back off?", "It halves its window.",
                                "That keeps the queue short.", "And everyone gets a fair share."])


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



async def test_a_short_talk_is_cut_where_its_speaker_opens_a_topic(app: Services) -> None:
    talk = Path(__file__).parent / "material" / "tokenization-talk-whisper.vtt"
    await app.ingestor.ingest([str(talk)], "default")
    [record] = await app.index.records("default")
    chapters = (await app.digest.course.outliner.outline(record, use_llm=False)).chapters
    # a 12-minute talk in three passages gives no topic shifts to cut at: it is cut at "So, tokenization.",
    # and the introduction keeps the talk's purpose rather than only "Okay, so let's get started."
    assert chapters[0].title == "Introduction" and chapters[0].gist.startswith("Today I want to talk about"), chapters[0]
    assert chapters[1].title == "Tokenization" and chapters[1].locator.startswith("1:26"), chapters[1]
    assert chapters[-1].title == "Questions", [c.title for c in chapters]  # "Right, questions? Yes, in the front."
