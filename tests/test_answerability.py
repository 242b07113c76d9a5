"""Which words of a question the material lacks, and what that makes of the question."""

from __future__ import annotations

from bot.search.answerability import (
    ANSWERED,
    NOT_COVERED,
    PARTIAL,
    assess,
    content_terms,
)
from bot.text.sparse import BM25Encoder

ENCODER = BM25Encoder()
# Passages per token in a made-up course of 1,000 passages about how LLMs are built.
COURSE = {"token": 120, "tokenizer": 40, "rlhf": 25, "reward": 60, "model": 700, "train": 400, "context": 30,
          "window": 12, "speed": 8, "attent": 15, "stop": 40, "earli": 20, "pretrain": 30, "cach": 0,
          "learn": 300, "llama": 10, "say": 200, "search": 50, "come": 150}


def counter(table: dict[str, int]):  # type: ignore[no-untyped-def]
    async def counts(tokens: list[str]) -> dict[str, int]:
        return {t: table.get(t, 0) for t in tokens}
    return counts


async def verdict(question: str, table: dict[str, int] = COURSE, passages: int = 1000) -> tuple[str, list[str]]:
    c = await assess(question, ENCODER, counter(table), passages)
    return c.verdict, c.missing


async def test_three_verdicts() -> None:
    assert await verdict("What is RLHF?") == (ANSWERED, [])
    assert await verdict("How does FlashAttention speed up attention?") == (PARTIAL, ["FlashAttention"])
    assert await verdict("What is Mamba?") == (NOT_COVERED, ["Mamba"])
    assert await verdict("What is the KV cache?") == (NOT_COVERED, ["KV"])  # "cache" is too common to miss here
    assert await verdict("What is Claude's context window?") == (PARTIAL, ["Claude's"])


async def test_phrasing_and_small_corpora_do_not_count_as_missing() -> None:
    assert await verdict("Can you explain the difference, in simple terms, between RLHF and pretraining?") == (
        ANSWERED, [])
    tiny = {"token": 1}
    assert await verdict("What does token mean, simply put?", tiny, passages=1) == (ANSWERED, [])
    assert (await verdict("How does beam search work?"))[1] == ["beam"]  # absent though a course this big would say it


async def test_spellings_of_one_word_are_one_term() -> None:
    assert await verdict("Why does pre-training come first?") == (ANSWERED, [])
    # a name the material writes shortened: "Postgres" for "PostgreSQL"; a name it lacks stays missing
    databases = {"postgr": 30, "isol": 12, "level": 40, "default": 50, "mongo": 0}
    assert await verdict("What isolation level does PostgreSQL use by default?", databases) == (ANSWERED, [])
    assert (await verdict("Which storage engine does MongoDB use?", databases))[1] == ["MongoDB"]
    assert (await verdict("What is LevelDB?", databases))[1] == ["LevelDB"]  # "level" is no name
    assert [t.surface for t in content_terms("GPT-4o vs GPT-4o: tokens?", ENCODER)] == ["GPT-4o", "tokens"]


async def test_code_names_must_be_written_whole_and_common_words_matter_only_in_short_questions() -> None:
    table = {**COURSE, "object": 30, "pad": 5}
    found = await assess("How do I declare a class with Object::Pad?", ENCODER, counter(table), 1000,
                         retrieved=["An object is a blessed reference.", "Pad the string with spaces."])
    assert (found.verdict, found.missing) == (NOT_COVERED, ["Object::Pad"])
    whole = await assess("How do I declare a class with Object::Pad?", ENCODER, counter(table), 1000,
                         retrieved=["use Object::Pad; class Point { field $x; }"])
    assert whole.verdict == ANSWERED
    # "sell" is common English and absent, but in a longer question it is a detail, not the subject
    assert await verdict("Can I train and sell a tokenizer with RLHF?") == (ANSWERED, [])


async def test_capitalised_everyday_words_in_a_row_are_one_name() -> None:
    table = {**COURSE, "secur": 40, "boot": 30, "key": 50, "enrol": 3, "window": 12, "perl": 0, "editor": 9}
    apart = await assess("How do I enroll my own keys for Secure Boot?", ENCODER, counter(table), 1000,
                         retrieved=["Boot the system from a secure medium."])
    assert (apart.verdict, apart.missing) == (PARTIAL, ["Secure Boot"])
    together = await assess("How do I enroll my own keys for Secure Boot?", ENCODER, counter(table), 1000,
                            retrieved=["Secure Boot checks every boot loader against the enrolled keys."])
    assert together.verdict == ANSWERED
    names_side_by_side = [t.surface for t in content_terms("Is there a Windows Perl Editor?", ENCODER)]
    assert "Windows Perl Editor" not in names_side_by_side and "Perl" in names_side_by_side
