"""Chapter titles as people would name them: a term the chapter repeats or defines.

A phrase from one sentence (an example's statistic, a colour in a diagram) names nothing, and these
titles go on to label digest units, summary sections and cards. So a title is the topic the speaker
announced ("let's move on to RLHF and reward models") when it is a name, else the chapter's most
distinctive term that at least two of its sentences mention or one defines; no
two chapters share one, and a chapter with no such term says so: "Part 4: tokenization".
"""

from __future__ import annotations

import re

from bot.study.terms.matching import term_pattern
from bot.text.sentence_roles import roles_of, words

REPEATED = 2  # sentences that must mention a term for it to name their chapter
_QUESTION_WORD = re.compile(r"^(?:what|how|why|when|where|which|who|whether)\b", re.I)


def mentioned(term: str, sentences: list[str]) -> int:
    """How many of the sentences mention the term (plurals, hyphens and case forgiven)."""
    pattern = term_pattern(term)
    return sum(1 for s in sentences if pattern.search(s))


def defines(term: str, sentences: list[str]) -> bool:
    name = words(term)
    return any(roles_of(s).defines_any([name]) for s in sentences if term_pattern(term).search(s))


def names_the_chapter(term: str, sentences: list[str]) -> bool:
    """Repeated in the chapter, or defined there."""
    return mentioned(term, sentences) >= REPEATED or defines(term, sentences)


def announced(topic: str) -> bool:
    """A topic the speaker announced ("let's move on to RLHF and reward models") names its chapter when it
    is a name, not a clause ("what pretraining actually gives us")."""
    return len(topic.split()) <= 5 and not _QUESTION_WORD.match(topic)


def chapter_title(n: int, sentences: list[str], spoken: str | None, terms: list[str], used: set[str]) -> str:
    """The chapter's title; `used` (lower case) holds the titles of the chapters before it."""
    candidates = ([spoken] if spoken and announced(spoken) else []) + [
        t for t in terms if names_the_chapter(t, sentences)]
    for title in candidates:
        if title.lower() not in used:
            return title
    return f"Part {n}: {terms[0]}" if terms else f"Part {n}"
