"""The few terms that set one chapter apart from the rest of its source.

Phrases of one to three words (no stop word at either end) weighted by how often the
chapter uses them and how few other chapters do (tf-idf), longer phrases preferred;
shown in the form the material writes them ("RLHF", "reward model").

Domain terms, not talk: people's names are never terms (people.py); a single everyday
word ("magic", "similar", "pay") counts only when the material defines it, and rarer
words weigh more than common ones (wordfreq); terms the material defines come first.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from bot.study.terms.people import names_someone, person_names
from bot.text.sentence_roles import NUMBER_WORDS
from bot.text.stopwords import ENGLISH_STOP_WORDS, adverb
from bot.text.word_frequency import zipf as word_zipf

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
_CLAUSE = re.compile(r"[.,;:!?()\[\]\"“”]|\s[-–—]\s")
FILLER = frozenset("""
really actually basically just like going gonna thing things kind sort lot lots way ways something anything
everything nothing much many well also even still right yeah okay ok alright say says said get gets got make
makes made use used uses using want wants know knows think see look looks let need needs one two three four five
since yet per via unless though although whether either neither already ever never maybe perhaps
first second third new good great little big long often usually simply exactly quite every whole part bit
example examples point idea course today now here instead rather almost fairly pretty sure able may might
must will shall can could would should called call calls means mean different same another enough far less
back take takes took give gives gave come comes came goes went put puts start starts end ends keep keeps
time times day days year years minute minutes number numbers us people person someone
learns learn learned asks ask asked write writes wrote written produce produces produced happen happens happened
help helps helped work works worked seems seem tries try tried shows show showed shown turns turn turned becomes
become became keeps runs run ran reads read picks picked sees saw seen tells told thinks knows wants finds found
gives given takes taken started ends stops stopped lets includes include included contains contain cost costs
buys buy bought does doing done goes gone whose small large fixed high low simple hard easy true false real clear
best better worse possible certain main
um uh hmm oh ah yeah yep nope wow awesome cool super totally literally honestly anyway anyways stuff guys folks
magic slide slides talk thanks thank everyone everybody question questions audience laptop afternoon morning
evening lunch pizza coffee keyboard cat dog minute hour week weeks month months tonight fun funny demo demos
monday tuesday wednesday thursday friday saturday sunday january february march april june july august
september october november december
""".split()) | frozenset(NUMBER_WORDS)  # "Twenty megabytes" is no term
EVERYDAY_ZIPF = 4.3  # as common as this in English (wordfreq's Zipf scale): a term only when the material defines it
_ADJECTIVE_END = ("ive", "ous", "ful", "able", "ible", "less")
_DEFINES = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:An?|The)\s+)?(?P<t>[A-Za-z][\w-]*(?:\s[A-Za-z][\w-]*){0,3}?)"
    r"(?:,\s+or\s+[A-Z][\w-]*,)?\s+(?:is|are|means|refers to|stands for)\s+(?:a|an|the|when|what|how|that|just)\b"
    r"|(?:^|[.!?]\s+)(?P<u>[A-Z][\w-]*(?:\s[a-z][\w-]*){0,2}?)\s+(?:is|are)\s+(?=[a-z]+\s+(?:that|which|inside|where)\b)",
    re.M)
_NAMING = re.compile(r"(?:\b(?:called|named|termed|dubbed|known as|referred to as|shortened to|abbreviated(?: as| to)?)"
                     r"\s+(?:the\s+|a\s+|an\s+)?)$", re.I)
NAMED_BONUS = 2
# A word before one of these is a verb ("the learning rate warms up"), so a phrase ending on it is no term.
_PARTICLE = frozenset({"up", "down", "out", "off", "away"})


def _is_term_word(word: str) -> bool:
    lower = word.lower()
    if lower in ENGLISH_STOP_WORDS or lower in FILLER or adverb(lower):
        return False
    return len(word) >= 3 or (word.isupper() and len(word) >= 2)


def _normal(words: list[str]) -> str:
    last = words[-1].lower()
    if len(last) > 4 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return " ".join([w.lower() for w in words[:-1]] + [last])


def phrases(text: str) -> list[tuple[str, str, bool]]:
    """(normalised key, surface form, named) of every candidate phrase, in order.

    `named` marks the phrase a sentence introduces as a term ("an algorithm called
    byte pair encoding", "usually shortened to BPE"): the longest one up to the clause end.
    """
    out: list[tuple[str, str, bool]] = []
    for clause in _CLAUSE.split(text):
        matches = list(_WORD.finditer(clause))
        words = [m.group() for m in matches]
        named_at = {i for i, m in enumerate(matches) if _NAMING.search(clause[:m.start()])}
        for n in (1, 2, 3):
            for i in range(len(words) - n + 1):
                gram = words[i:i + n]
                if not (_is_term_word(gram[0]) and _is_term_word(gram[-1])):
                    continue
                if i + n < len(words) and words[i + n].lower() in _PARTICLE:
                    continue
                inner = gram[1:-1]
                if any(w.lower() in ENGLISH_STOP_WORDS - {"of"} or w.lower() in FILLER for w in inner):
                    continue
                named = i in named_at and (i + n == len(words) or n == 3)
                out.append((_normal(gram), " ".join(gram), named))
    return out


def _is_name(surface: str) -> bool:
    """"FineWeb", "RLHF", "GPT-4", "Common Crawl": every word capitalised inside or holding a digit."""
    words = surface.split()
    if len(words) == 1:
        w = words[0]
        return w.isupper() or any(c.isupper() for c in w[1:]) or any(c.isdigit() for c in w)
    return all(w[0].isupper() or any(c.isdigit() for c in w) for w in words)


def defined_terms(text: str) -> set[str]:
    """Normalised keys of the terms a text defines: "A reranker is a ...", "X means ...", "... called X"."""
    out: set[str] = set()
    for m in _DEFINES.finditer(text):
        words = _WORD.findall(m.group("t") or m.group("u") or "")
        if words and all(_is_term_word(w) or w.lower() == "of" for w in (words[0], words[-1])):
            out.add(_normal(words))
    out.update(key for key, _, named in phrases(text) if named)
    return out


def _weight(key: str, surface: str, tf: int, defined: bool = False) -> float:
    """Repetition makes a term; a name (or a phrase introduced as one) may appear once. Longer is more telling,
    rarer single words more than everyday ones, and a defined term most."""
    n = key.count(" ") + 1
    name = _is_name(surface)
    if tf < 2 and not name:
        return 0.0
    if n == 1 and not name:
        zipf = word_zipf(key)
        if (zipf >= EVERYDAY_ZIPF or key.endswith(_ADJECTIVE_END)) and not defined:
            return 0.0
        everyday = min(1.0, max(0.3, (5.0 - zipf) / 2.0))
    else:
        everyday = 1.0
    return (1 + math.log(tf)) * (1.0, 1.5, 1.7)[n - 1] * (1.2 if name else 1.0) * everyday * (1.6 if defined else 1.0)


def key_terms(texts: list[str], k: int = 3) -> list[list[str]]:
    """For each text, its `k` most distinctive terms among `texts`."""
    whole = " ".join(texts)
    people = person_names(whole)
    defined = defined_terms(whole)
    per_text = [[p for p in phrases(t) if not names_someone(p[1], people)] for t in texts]
    df: Counter[str] = Counter()
    for found in per_text:
        df.update({key for key, _, _ in found})
    total = len(texts)
    out: list[list[str]] = []
    for found in per_text:
        tf = Counter(key for key, _, _ in found)
        tf.update({key: NAMED_BONUS for key, _, named in found if named})
        forms: dict[str, Counter[str]] = {}
        for key, surface, _ in found:
            forms.setdefault(key, Counter())[surface] += 1
        scored = []
        for key, count in tf.items():
            surface = _display(forms[key])
            idf = math.log((total + 1) / (df[key] + 0.5)) if total > 1 else 1.0
            scored.append((_weight(key, surface, count, key in defined) * idf, key, surface))
        scored.sort(key=lambda s: (-s[0], s[1]))
        chosen: list[tuple[str, str]] = []
        for score, key, surface in scored:
            if score <= 0 or len(chosen) == k:
                break
            if any(_overlaps(key, other) for other, _ in chosen):
                continue
            chosen.append((key, surface))
        out.append([surface for _, surface in chosen])
    return out


def _display(forms: Counter[str]) -> str:
    """The most common written form; lower case unless the material capitalises it mid-sentence too."""
    best = forms.most_common(1)[0][0]
    lowered = [f for f in forms if f == f.lower()]
    if best[0].isupper() and not best.isupper() and lowered and not any(c.isupper() for c in best[1:]):
        return lowered[0]
    return best


def _overlaps(a: str, b: str) -> bool:
    """One phrase inside the other ("reward" in "reward model"), which would say the same twice."""
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "
