"""Fill-in-the-blank questions from key sentences, for quizzes without a language model.

The blank is the most telling thing a sentence holds: the term it names or defines, else a key
term of its chapter, else a number, else a name, else its longest content word. A quiz on a topic
keeps the topic's own words (`keep`): "Fill in the blank: _____ cuts text into tokens" on a
tokenization quiz gives the answer away in the question it was asked with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.language import tr
from bot.study.centrality import ASIDE, readability
from bot.study.terms.key_terms import FILLER
from bot.study.terms.matching import term_pattern
from bot.study.terms.people import names_someone, person_names
from bot.text.sentence_roles import roles_of
from bot.text.sentences import reading_length
from bot.text.stopwords import ENGLISH_STOP_WORDS

BLANK = "_____"
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*\d(?:\s(?:billion|million|thousand|trillion|percent))?|"
                     r"(?<![\w.])\d(?:\s(?:billion|million|thousand|trillion))", re.I)
_NAME = re.compile(r"(?<=[a-z,;:]\s)[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*(?:\s[A-Z][A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)*")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{7,}")
_MARKUP = re.compile(r"[<>|`{}]")  # code, chat templates and table rows make poor questions
_NAME_GOES_ON = re.compile(r"\s[A-Z][\w-]*")
_VERB_FORM = re.compile(r"(?:ing|ed|izes|ises|ents)$")  # "answering", "represents": a long word, but no term
_FIRST_PERSON = re.compile(r"^(?:I|I'm|I've|I'd|My|We|We're|Let me)\b")
# Talk about the talk: "we're now doing X", "So in my picture, I only have 10, the ..."
_ABOUT_THE_TALK = re.compile(r"^\W*(?:(?:alright|all right|okay|ok|so|and|now|well|right),?\s+){0,3}(?:we're|we are|i'm|i am|we'll|i'll)\s+(?:now\s+|just\s+)?"
                             r"(?:doing|going|looking|talking|done)\b|\bin my (?:picture|diagram|slide|drawing|example)\b|"
                             r"\b(?:today|in this (?:talk|lecture|video)),? (?:i|we) (?:want to|will|'ll|am going to|are going to) "
                             r"(?:talk|tell you|look|cover|go over)\b|\blet's get started\b",
                             re.I)
_NAMED = re.compile(r"\b(?:called|known as|named|termed)\s+(?:the\s+|a\s+|an\s+)?"
                    r"(?P<t>[A-Za-z][\w-]*(?:\s[\w-]+){0,3}?)(?=[,.;:]|\s(?:and|or|which|usually|for short)\b|$)")


# Chinese: "…，这叫缩放点积注意力。", "KV 缓存就是…", "预训练是指…": the term the sentence names or defines.
_NAMED_ZH = re.compile(r"(?:这叫做?|叫做|称为|被称作|即)(?P<t>[\u4e00-\u9fffA-Za-z0-9]{2,12}?)(?=[，。；、,.;]|$)")
_DEFINED_ZH = re.compile(r"^(?P<t>[\u4e00-\u9fffA-Za-z0-9 ]{2,12}?)(?:就是|是指|指的是|是一种|是)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Cloze:
    question: str
    answer: str


_LEADS = ("Fill in the blank: ", "填空: ")


def shown_question(question: str) -> str:
    """A question as the reader sees it: a stored cloze's lead in the reply language, the sentence verbatim."""
    for lead in _LEADS:
        if question.startswith(lead):
            return tr("Fill in the blank: {sentence}").format(sentence=question[len(lead):])
    return question


def _blank(text: str, start: int, end: int, people: set[str] = frozenset()) -> Cloze | None:
    """The sentence with text[start:end] blanked; None when that is no material term (too long, one letter,
    only stop or filler words, a person's name)."""
    answer = text[start:end].strip()
    if not answer or len(answer) > 0.6 * len(text) or names_someone(answer, people):
        return None
    words = re.findall(r"[A-Za-z0-9][\w'-]*", answer)
    chinese = len(_CJK.findall(answer)) >= 2  # a Chinese term: no stop word is two characters of Han
    if not chinese and (len("".join(words)) < 2 or  # "an S lock": one letter is no term to recall
                        not any(w.lower() not in ENGLISH_STOP_WORDS and w.lower() not in FILLER for w in words)):
        return None
    lead = "填空" if len(_CJK.findall(text)) > len(text) / 4 else "Fill in the blank"  # in the sentence's language
    return Cloze(f"{lead}: “{text[:start]}{BLANK}{text[end:]}”", answer)


def _defined(text: str, preferred: list[str]) -> list[str]:
    """The terms the sentence defines: strongly ("X means", "called X"), or as its subject ("A reranker is a…")
    when that is a short name or a term of the unit."""
    wanted = {" ".join(re.findall(r"[a-z0-9]+", p.lower())) for p in preferred}
    found = roles_of(text).defines.items()
    return [t for t, strength in sorted(found, key=lambda d: -d[1]) if strength >= 2 or t in wanted or len(t.split()) <= 3]


def make_cloze(text: str, preferred: list[str], context: str = "", keep: Sequence[str] = ()) -> Cloze | None:
    """Blank out the term the sentence names or defines, else a preferred term, else a number, a name or a long
    word; never a person's name (`context`, the passage around the sentence, helps recognise them) and never
    one of `keep` (the topic a quiz was asked on)."""
    text = " ".join(text.split())
    people = person_names(f"{context} {text}")
    kept = [term_pattern(k) for k in keep]

    def allowed(start: int, end: int) -> Cloze | None:
        answer = text[start:end]
        if any(k.search(answer) or k.fullmatch(answer.strip()) for k in kept):
            return None
        return _blank(text, start, end, people)

    named = _NAMED.search(text)  # "... called byte pair encoding": the name is the point of the sentence
    if named and (c := allowed(named.start("t"), named.end("t"))):
        return c
    for pattern in (_NAMED_ZH, _DEFINED_ZH):  # the same for Chinese: the term it names or defines
        found = pattern.search(text)
        if found and (c := allowed(found.start("t"), found.end("t"))):
            return c
    for term in [*_defined(text, preferred), *preferred]:
        m = term_pattern(term).search(text)
        if m:
            end = m.end()
            while (more := _NAME_GOES_ON.match(text, end)) and m.group()[:1].isupper():
                end = more.end()  # "LM" in "LM Arena": blank the whole name
            if c := allowed(m.start(), end):
                return c
    for pattern in (_NUMBER, _NAME):
        m = pattern.search(text)
        if m and (c := allowed(m.start(), m.end())):
            return c
    words = [m for m in _WORD.finditer(text) if m.group().lower() not in ENGLISH_STOP_WORDS | FILLER
             and not _VERB_FORM.search(m.group())]
    for m in sorted(words, key=lambda w: -len(w.group())):
        if c := allowed(m.start(), m.end()):
            return c
    return None


def quiz_worthiness(text: str, preferred: list[str], context: str = "") -> float:
    """How good a cloze the sentence makes: a statement of fair length holding a key term or a fact, not an
    aside about people (`context`, the passage around it, helps recognise their names)."""
    if (text.rstrip().endswith(("?", "？")) or not 50 <= reading_length(text) <= 260 or _MARKUP.search(text)
            or _ABOUT_THE_TALK.search(text) or ASIDE.search(text)):
        return 0.0
    score = readability(text)
    if any(term_pattern(t).search(text) for t in preferred):
        score += 2.0
    if _NAMED.search(text) or _NAMED_ZH.search(text) or _DEFINED_ZH.search(text):
        score += 1.0
    if _FIRST_PERSON.match(text):
        score *= 0.5  # "I'm Mira Chen, ...": anecdote, not material
    if names_someone(text, person_names(f"{context} {text}")):
        return 0.0  # "Thanks to Marcus Bell for inviting me": about people, not the topic
    if _NUMBER.search(text):
        score += 0.8
    if _NAME.search(text):
        score += 0.4
    return score


def _normal(text: str) -> str:
    text = re.sub(r"(?<=\d)[,\s](?=\d)", "", text.lower())
    words = [w for w in re.findall(r"[\w.]+", text) if w not in ("a", "an", "the")]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words).strip(".")


def is_right(guess: str, answer: str) -> bool:
    """Forgiving comparison: case, articles, plurals, thousands separators and surrounding words."""
    g, a = _normal(guess), _normal(answer)
    if not g or not a:
        return False
    return g == a or (len(a) >= 3 and f" {a} " in f" {g} ") or (len(g) >= 0.6 * len(a) and f" {g} " in f" {a} ")
