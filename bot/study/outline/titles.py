"""Chapter titles as people would name them: a term the chapter repeats or defines.

A phrase from one sentence (an example's statistic, a colour in a diagram, "let's start at the
bottom") names nothing, and these titles go on to label digest units, summary sections and cards.
So a title is, of the terms that at least two of the chapter's sentences mention or one defines:
the topic the speaker announced ("let's move on to RLHF and reward models"), else the term the
speaker asks about and then explains ("So what's a B-tree?"), else the chapter's most distinctive
term, one it defines and comes back to ("The Taylor rule is…") first, then one it comes back to,
before one it says twice and leaves. No two chapters share one (nor
its plural), a placeholder in an example (T1, x2) or a verb ("evicts a page") names none, and a
chapter with no such term says so: "Part 4: tokenization".
"""

from __future__ import annotations

import re

from bot.study.terms.key_terms import phrases
from bot.study.terms.matching import term_pattern
from bot.study.transitions import WRAP_UP_TITLE
from bot.text.sentence_roles import asked_term, roles_of, words
from bot.text.stopwords import ENGLISH_STOP_WORDS

REPEATED = 2  # sentences that must mention a term for it to name their chapter
DWELLS = 3  # a term said in this many of them is the chapter's subject, before one said in two
STEM = 5  # an announced topic's word is echoed by any word sharing its first letters (tokenization: tokens)
_QUESTION_WORD = re.compile(r"^(?:what|how|why|when|where|which|who|whether)\b", re.I)
_PLACEHOLDER = re.compile(r"^[A-Za-z]\d{1,2}$")  # "T1", "x2": a name an example gives its parts
_OBJECT_AFTER = r"\s+(?:a|an|the|its|their|his|her|some|every|each|one)\b"  # "…evicts a page": a verb before it


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


def acts(term: str, sentences: list[str]) -> bool:
    """Is a single word said as a verb ("the kernel evicts a page"): followed by its object in most mentions?"""
    if " " in term.strip():
        return False
    after = re.compile(term_pattern(term).pattern + _OBJECT_AFTER, re.I)
    said = mentioned(term, sentences)
    return said > 0 and 2 * sum(1 for s in sentences if after.search(s)) >= said


def announced(topic: str, sentences: list[str]) -> bool:
    """A topic the speaker announced ("let's move on to RLHF and reward models") names its chapter when it
    is a name, not a clause ("what pretraining actually gives us"), and the chapter goes on about it, not
    only passing by ("let's start at the bottom")."""
    if topic == WRAP_UP_TITLE:
        return True
    if len(topic.split()) > 5 or _QUESTION_WORD.match(topic):
        return False
    stems = {w[:STEM] for w in words(topic) if len(w) > 3 and w not in ENGLISH_STOP_WORDS}
    return any(sum(1 for s in sentences if stem in s.lower()) >= REPEATED for stem in stems)


def asked(sentences: list[str]) -> list[str]:
    """Terms the speaker asks about ("So what's a B-tree?"), in order: lecturers pose the question their
    chapter then answers."""
    return [t for s in sentences if (t := asked_term(s)) and t in {surface for _, surface, _ in phrases(s)}]


def _dwelt_on(term: str, sentences: list[str]) -> tuple[int, bool]:
    """How much the chapter dwells on a term, up to DWELLS sentences, one more when it defines the term and comes
    back to it ("The Taylor rule says…", then "the Taylor rule" again), and, as a tie-break, whether it does: the
    subject comes back ("VAE", said five times), an example's phrase is said twice and left ("GPU bill"). An
    everyday word is said everywhere ("leader", "copies"), so only names, phrases and the words the chapter
    defines ("a tsunami is…") rise by it."""
    said = mentioned(term, sentences)
    taught = said >= REPEATED and defines(term, sentences)
    if " " not in term and term == term.lower():
        return (DWELLS if taught and said >= DWELLS else REPEATED) + taught, taught
    return min(said, DWELLS) + taught, taught


def chapter_title(n: int, sentences: list[str], spoken: str | None, terms: list[str], used: set[str]) -> str:
    """The chapter's title; `used` (lower case) holds the titles of the chapters before it."""
    def noun(t: str) -> bool:
        return not _PLACEHOLDER.match(t) and not acts(t, sentences)
    nouns = [t for t in terms if noun(t)]
    candidates = ([spoken] if spoken and announced(spoken, sentences) else []) + [
        t for t in asked(sentences) if noun(t)] + [
        t for t in sorted(nouns, key=lambda t: _dwelt_on(t, sentences), reverse=True)
        if names_the_chapter(t, sentences)]
    for title in candidates:
        if not any(term_pattern(title).fullmatch(u) for u in used):  # "Duplicate ACK" after "Duplicate ACKs"
            return title
    topic = next(iter(nouns), None)
    return f"Part {n}: {topic}" if topic else f"Part {n}"
