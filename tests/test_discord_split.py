"""The message splitter: under Discord's 2,000 characters, at natural breaks, links and code kept whole."""

from __future__ import annotations

import re

from adapters.discord.render import LIMIT
from adapters.text_split import split_message as split_pieces


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    return split_pieces(text, limit)

LINK = "[How LLMs Are Built · 12:34–13:10](https://www.youtube.com/watch?v=course42&t=754s)"
CODE = "```python\n" + "\n".join(f"tokens_{i} = tokenizer.encode(text_{i})  # line {i}" for i in range(20)) + "\n```"


def sentences(n: int, word: str = "Tokenization splits text into tokens") -> str:
    return " ".join(f"{word} number {i}." for i in range(n))


def test_short_text_is_one_part_and_empty_text_none() -> None:
    assert split_message("  What is RLHF?  ") == ["What is RLHF?"]
    assert split_message("") == [] and split_message(" \n ") == []


def test_parts_stay_below_the_limit_and_lose_nothing() -> None:
    text = "\n\n".join(sentences(12) for _ in range(12))
    parts = split_message(text)
    assert len(parts) > 1 and LIMIT < 2000
    assert all(0 < len(p) <= LIMIT for p in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())


def test_prefers_paragraphs_then_sentences() -> None:
    para = sentences(8)  # ~400 characters
    parts = split_message("\n\n".join([para] * 8))
    assert all(p.endswith(".") and p.startswith("Tokenization") for p in parts)  # cut between paragraphs
    one_paragraph = sentences(80)  # ~3,600 characters, no line breaks
    parts = split_message(one_paragraph)
    assert len(parts) == 2 and all(p.endswith(".") for p in parts)  # cut at a sentence end
    assert len(parts[0]) > LIMIT // 2


def test_chinese_sentences_split_without_spaces() -> None:
    text = "分词把文本切成词元。" * 300  # 3,000 characters, no spaces at all
    parts = split_message(text)
    assert all(len(p) <= LIMIT and p.endswith("。") for p in parts) and "".join(parts) == text


def test_never_inside_a_link_or_inline_code() -> None:
    filler = "word " * 380  # 1,900 characters: the next link straddles the limit
    text = filler + LINK + " and `tokenizer.encode(text)` " + filler + "<https://example.org/a/b/c> end."
    parts = split_message(text)
    joined_links = [m for p in parts for m in re.findall(r"\[[^\]]*\]\([^)]*\)", p)]
    assert joined_links == [LINK]
    assert sum(p.count("<https://example.org/a/b/c>") for p in parts) == 1
    assert all(p.count("`") % 2 == 0 for p in parts)
    bare = "x " * 990 + "https://example.org/" + "long/" * 20 + " tail"
    assert any(("https://example.org/" + "long/" * 20) in p for p in split_message(bare))


def test_code_blocks_move_whole_to_the_next_part() -> None:
    text = sentences(30) + "\n\nHere is how:\n" + CODE + "\n\nThat is all."
    parts = split_message(text)
    assert len(parts) >= 2
    holder = [p for p in parts if "```python" in p]
    assert len(holder) == 1 and CODE in holder[0]
    assert all(p.count("```") % 2 == 0 for p in parts)


def test_a_code_block_longer_than_a_message_is_refenced_per_part() -> None:
    lines = [f"x_{i} = {i} * 2  # a fairly long comment to fill the line" for i in range(120)]
    big = "```python\n" + "\n".join(lines) + "\n```"
    parts = split_message("Example:\n" + big)
    code_parts = [p for p in parts if "x_" in p]
    assert len(code_parts) >= 3
    for p in code_parts:
        assert len(p) <= LIMIT and p.startswith("```python\n") and p.endswith("\n```")
        assert all(re.fullmatch(r"x_\d+ = \d+ \* 2  # a fairly long comment to fill the line", line)
                   for line in p.split("\n")[1:-1])  # every line whole
    assert sum(len(p.split("\n")) - 2 for p in code_parts) == 120


def test_one_unbreakable_word_is_cut_hard_as_a_last_resort() -> None:
    parts = split_message("a" * 4500)
    assert [len(p) for p in parts] == [LIMIT, LIMIT, 4500 - 2 * LIMIT]
