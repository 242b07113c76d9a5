"""Transcripts are cleaned at ingest for quoting: Whisper's repetition loops said once, fillers dropped,
every other word as spoken and at its moment."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import Services
from bot.conversation import IncomingMessage
from ingest.document import Segment
from ingest.spoken_text import cleaned_cues, without_fillers
from tests.conftest import reply_to

TALK = Path(__file__).parent / "material" / "tokenization-talk-whisper.vtt"


def test_fillers_go_and_the_words_stay() -> None:
    assert without_fillers("Okay, um, can everyone hear me?") == "Okay, can everyone hear me?"
    assert without_fillers("and legal had, um, opinions about that.") == "and legal had opinions about that."
    assert without_fillers("Um, so the model is, you know, pretty big.") == "So the model is pretty big."
    assert without_fillers("It was, like, huge. Like, really huge.") == "It was huge. Really huge."
    assert without_fillers("We uh chunk it.") == "We chunk it."
    assert without_fillers("It starts from bytes and, uh, merges pairs.") == "It starts from bytes and merges pairs."
    # not fillers: "like" as a verb or a preposition, "you know" as words of the sentence
    assert without_fillers("I like cats, like dogs.") == "I like cats, like dogs."
    assert without_fillers("So you know the feeling.") == "So you know the feeling."


def test_a_repetition_loop_is_said_once_even_across_cues() -> None:
    cues = [Segment("The model never sees letters. The model", 0, 1), Segment("never sees letters. The model never", 1, 2),
            Segment("sees letters. It reads tokens,", 2, 3), Segment("very very good tokens.", 3, 4)]
    cleaned = cleaned_cues(cues)
    assert " ".join(c.text for c in cleaned) == "The model never sees letters. It reads tokens, very very good tokens."
    assert [c.start for c in cleaned] == [0, 2, 3]  # each word keeps its moment; emphasis is no loop
    # a filler that opened a sentence at a cue's end: the next cue opens it
    opened = cleaned_cues([Segment("Great question. Um,", 0, 1), Segment("the entries belong to it.", 1, 2)])
    assert " ".join(c.text for c in opened) == "Great question. The entries belong to it."
    # a term said again to go on about it is no loop: the copies end differently
    said_again = [Segment("instead is the write-ahead log. The write-ahead log,", 0, 1),
                  Segment("the file where every change goes first.", 1, 2)]
    assert " ".join(c.text for c in cleaned_cues(said_again)) == \
        "instead is the write-ahead log. The write-ahead log, the file where every change goes first."


def test_a_stumble_on_a_small_word_is_said_once() -> None:
    def cleaned(text: str) -> str:
        return " ".join(c.text for c in cleaned_cues([Segment(text, 0, 1)]))

    assert cleaned("and the the subtitle is storage") == "and the subtitle is storage"
    assert cleaned("so I'm, I'm a little excited") == "so I'm a little excited"
    assert cleaned("Is this, is this mic on?") == "Is this mic on?"
    assert cleaned("that's, uh, that's on me") == "that's on me"
    # said on purpose, or grammar, or two sentences: as spoken
    assert cleaned("No, no, it's very, very good") == "No, no, it's very, very good"
    assert cleaned("I think that that is fine") == "I think that that is fine"
    assert cleaned("So that is it. It is fine.") == "So that is it. It is fine."


def test_sentences_a_recogniser_begins_in_lower_case_are_still_sentences() -> None:
    from bot.text.sentences import split_sentences

    assert split_sentences("it's a list of numbers, one for each timestep. in the original paper it's linear.") == [
        "it's a list of numbers, one for each timestep.", "in the original paper it's linear."]
    # an initial, an abbreviation or "et al." ends no sentence
    assert len(split_sentences("The U.S. government said at 9 a.m. that Rombach et al. found it, e.g. here.")) == 1


async def test_quotes_from_a_messy_talk_are_clean(app: Services) -> None:
    await app.ingestor.ingest([str(TALK)], "default", title="Tokenization talk", url="https://videos.example.org/tok")
    [record] = await app.index.records("default")
    text = " ".join(c.text for c in await app.index.chunks_of("default", record.source_id))
    assert text.count("The model never sees letters.") == 1
    for filler in (" um,", " uh,", "Um,", "Uh,", ", you know,", ", like,"):
        assert filler not in text, filler
    assert "byte pair encoding, usually called BPE" in text  # words otherwise verbatim

    reply = await reply_to(app, IncomingMessage("test", "default", "c", "t", "u", "What is BPE?"))
    first = next((line for line in reply.text.splitlines() if line.startswith("• ")), reply.text)
    assert "byte pair encoding" in first and "um" not in first.split(), reply.text
