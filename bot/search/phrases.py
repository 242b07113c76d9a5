"""Multi-word terms of a question ("load balancing", "dark mode", "blue-green deployment") and whether the
material ever writes them as a phrase.

Each word of "dark mode" occurs in a Debian FAQ; the phrase never does, and a question about dark mode
is not covered however well its words match. So the question's noun phrases of everyday words are read
off it (runs of adjacent content words, with the verb after "how do I", "to", "can I" left out), and one
counts as missing when none of its word pairs is ever adjacent in the passages that hold its words.
Capitalised names ("Secure Boot") are answerability's business already.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.search.answerability import NOT_COVERED, PARTIAL, Coverage, Term
from bot.text.chinese_english import Glossed, naming_word, technical_term
from bot.text.sparse import BM25Encoder
from bot.text.stopwords import ENGLISH_STOP_WORDS, adverb
from bot.text.word_frequency import zipf

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
# After these a word is a verb ("how do I *set* up", "to *reduce*", "can I *hot swap*" is lost, so be it).
_BEFORE_VERB = frozenset("i you we they one to please let not m re ve".split())  # m, re, ve: "I'm", "we're"
# Words that phrase a question or quantify, never part of a term's name.
_NOT_NAMING = frozenset("""how what why when where which who whom whose way ways best better good bad right wrong
possible one need needs want wants use used using make makes get gets set work works working thing things kind sort
type types lot lots many much more most less least some any every each all other another own same new old first
last next two three four several different difference same really just also still even long longer short
between without within instead size sizes number numbers length amount count version name names value values
everyone everybody anyone anybody someone somebody trouble problem problems issue issues stuff fancy like inside via per across along around behind beyond near onto toward
towards upon versus vs rather""".split())
# Modifiers that pick one of a kind rather than name a kind: "alternative strategies", "a particular file".
_GENERIC = frozenset("""alternative particular special commercial certain specific various available general basic
existing current latest official local remote whole entire full unused additional extra proper correct standard
default normal typical real actual similar related relevant important major minor small large big single multiple
several free on-line online easy hard quick slow simple main usual common""".split())
# Nouns that say what kind of thing a term is: "the working set model" is the working set, however it is called.
_KIND = frozenset("model models idea ideas approach approaches method methods technique techniques concept concepts "
                  "scheme schemes strategy strategies principle principles algorithm algorithms mechanism "
                  "mechanisms".split())
# "How does / why did / how can …": the subject comes next, then its verb in its plain form ("how do I"
# puts the verb first, and the first run is its object)
_DO_SUPPORT = re.compile(r"^\W*(?:how|why|when|where|what|which)\s+(?:\w+\s+)?(?:do|does|did|can|could|will|would|"
                         r"should|might|may)\s+(?!(?:i|you|we|they|he|she|it|one|people)\b)", re.I)  # "how do I…": no
_OBJECT_STARTS = frozenset("a an the this that these those its their his her our your my it them so to which what "
                           "whether one more each every all any some many much".split())
_NOUN_ENDS = ("tion", "sion", "ment", "ness", "ity", "er", "or", "ance", "ence", "ism", "ist", "s", "y")
_MAKES = frozenset("make makes made making".split())
_VERB_MODIFIERS = frozenset("during in on at after before when while from by with over into under".split())
NEAR = 1  # tokens apart (stop words left out) at which two words of a term count as written together: side by
# side; "circular linked list" for "circular lists" is lost, but a window of 2 let "dark … mode" through
PARTICIPLE_ZIPF = 4.0  # wordfreq's Zipf scale: as common as "selected"
_PREPOSITIONS = frozenset("without by when while for of after before in on from about with".split())
# Verbs that end a question's clause ("does the project *fit* in", "what kernels does it *run*").
_VERBS = frozenset("""fit fits run runs mean means contain contains support supports compare differ differs happen
happens exist exists belong belongs matter matters fail fails behave relate affect go goes come comes stand seem
look become stay remain apply applies deal deals know knows provide provides handle handles produce produces
include includes contain install installs tell tells show shows say says explain explains describe describes
cover covers teach teaches""".split())


@dataclass(frozen=True)
class Phrase:
    surface: str  # as the person wrote it
    words: tuple[str, ...]  # its words as written (lower case), hyphenated ones in parts
    compounds: tuple[str, ...] = ()  # its hyphenated words ("two-factor"), whose parts always go together


def question_phrases(question: str) -> list[Phrase]:
    """Runs of two or more adjacent lower-case content words, and hyphenated compounds ("copy-on-write")."""
    found = list(_WORD.finditer(question))
    runs: list[list[re.Match[str]]] = [[]]
    previous = ""
    for i, m in enumerate(found):
        word = m.group()
        lower = word.lower()
        gap = question[found[i - 1].end():m.start()] if i else ""
        after_adverb = adverb(previous)  # "temporarily block warnings": after an adverb comes a verb
        naming = (word.islower() and len(word) > 1 and not any(c.isdigit() for c in word)  # "marker-7": a code
                  and lower not in ENGLISH_STOP_WORDS and lower not in _NOT_NAMING
                  and not adverb(lower) and previous not in _BEFORE_VERB and not after_adverb)
        if (not naming or (gap and gap != " ")) and runs[-1]:
            runs.append([])
        if naming:
            runs[-1].append(m)
        previous = lower
    out: list[Phrase] = []
    asks_do = bool(_DO_SUPPORT.match(question))  # the first run is its subject
    for n, run in enumerate(r for r in runs if r):
        if len(run) > 1 and _ends_on_verb(question, run, asks_do and n == 0):
            run = run[:-1]  # "how does the database *detect* a deadlock", "why is the log *faster* than…"
        while run and (run[-1].group().lower() in _VERBS or (len(run) > 1 and run[-1].group().endswith("ed"))
                       or (len(run) > 1 and run[-1].group().lower() in _KIND)):
            run = run[:-1]  # "how are conversations *turned* into tokens", "the working set *model*"
        while len(run) > 1 and (run[0].group().lower() in _GENERIC or _gerund_verb(question, run[0])
                                or _participle(run[0].group().lower())):
            run = run[1:]  # "a *particular* file", "without *compromising* security" (not "the learning rate")
        if not run:
            continue
        words = tuple(w.lower() for m in run for w in m.group().split("-"))
        if len(words) >= 2:
            compounds = tuple(m.group().lower() for m in run if "-" in m.group())
            out.append(Phrase(question[run[0].start():run[-1].end()], words, compounds))
    return out


def _ends_on_verb(question: str, run: list[re.Match[str]], asks_do: bool) -> bool:
    """Does the run go on past its noun into what the question says of it? After "how does", the subject's
    verb comes next, before its object ("how does the database *detect* a deadlock", "how does slow start
    *grow* the window?"); a comparison ends on its adjective ("the log *faster* than"); so does what a thing is
    made ("make fork *cheap*")."""
    after = re.match(r"\s*([A-Za-z]+|\?)", question[run[-1].end():])
    following = after.group(1).lower() if after else ""
    before = re.findall(r"[A-Za-z]+", question[:run[0].start()])
    if following == "than" or (before and before[-1].lower() in _MAKES):
        return True
    last = run[-1].group().lower()
    if not asks_do or last.endswith(_NOUN_ENDS) or (last.endswith("ing") and len(last) > 5):  # "bring", not "padding"
        return False
    return (following in _OBJECT_STARTS or following in _VERB_MODIFIERS  # "how much did throughput *drop* during…"
            or (following == "?" and len(run) == 2))  # "…mean reciprocal rank?"


def _participle(word: str) -> bool:
    """"selected columns", "interpreted data": a common verb's participle picks things out, it names no kind
    (a rarer one, as in "supervised learning", may)."""
    return word.endswith("ed") and zipf(word) >= PARTICIPLE_ZIPF


def _gerund_verb(question: str, word: re.Match[str]) -> bool:
    """"-ing" after a preposition is a verb ("when *compiling* programs"); after an article a noun ("the
    *learning* rate")."""
    before = re.findall(r"[A-Za-z]+", question[:word.start()])
    return word.group().endswith("ing") and bool(before) and before[-1].lower() in _PREPOSITIONS


def pairs(phrase: Phrase, encoder: BM25Encoder) -> list[tuple[str, str]]:
    """The phrase's adjacent BM25 token pairs ("copy-on-write": copi-write; stop words fall out as in passages)."""
    tokens = encoder.tokens(" ".join(phrase.words))
    return list(zip(tokens, tokens[1:]))


def adjacent_pairs(texts: Iterable[str], encoder: BM25Encoder, window: int = NEAR) -> set[tuple[str, str]]:
    """Every pair of BM25 tokens that stand within `window` tokens of each other in `texts` (either order)."""
    out: set[tuple[str, str]] = set()
    for text in texts:
        tokens = encoder.tokens(text)
        for i, a in enumerate(tokens):
            for b in tokens[i + 1:i + 1 + window]:
                out.add((a, b))
                out.add((b, a))
    return out


def unwritten(phrase: Phrase, seen: set[tuple[str, str]], encoder: BM25Encoder) -> Phrase | None:
    """What of the phrase the passages seen never write: all of it, or, when they write its head but never
    with its first word ("natural killer cells", "encrypted password files"), that word alone, so the
    question stays partly covered by the head."""
    if not written_in(phrase, seen, encoder):
        return phrase
    if phrase.compounds or _modifier_goes_with_head(encoder.tokens(" ".join(phrase.words)), seen):
        return None
    return Phrase(phrase.surface, phrase.words[:1])


def written_in(phrase: Phrase, seen: set[tuple[str, str]], encoder: BM25Encoder) -> bool:
    """Is the phrase written in the passages seen? Each hyphenated word whole ("two-factor"), and one pair of
    its words side by side: a longer run may hold a verb ("how much did reranking *improve* mean reciprocal
    rank"), while a term whose words never meet ("dark mode", "blue-green deployment") has no such pair."""
    inner: set[tuple[str, str]] = set()
    for compound in phrase.compounds:
        own = pairs(Phrase(compound, tuple(compound.split("-"))), encoder)
        if not all(p in seen for p in own):
            return False
        inner.update(own)
    across = [p for p in pairs(phrase, encoder) if p not in inner]
    return not across or any(p in seen for p in across)


def _modifier_goes_with_head(tokens: list[str], seen: set[tuple[str, str]]) -> bool:
    """"Conservative stack scanning", "natural killer cells", "hybrid slow start": the head term is written,
    but does its first word ever go with it? "The initial congestion window" is written as "the initial
    window"."""
    if len(tokens) < 3 or (tokens[0], tokens[1]) in seen or (tokens[1], tokens[2]) not in seen:
        return True
    return any((tokens[0], t) in seen for t in tokens[2:])


def verbs(question: str) -> set[str]:
    """The question's words in a verb's place ("how do I *choose*", "to *reduce*"), lower case."""
    found = [m.group().lower() for m in _WORD.finditer(question)]
    return {w for before, w in zip(found, found[1:]) if before in _BEFORE_VERB}


def without_phrases(coverage: Coverage, missing: list[Phrase], encoder: BM25Encoder, question: str = "") -> Coverage:
    """The coverage once `missing` phrases are known absent: they are named as missing, their words no
    longer count as covered subjects, and the question is partly covered only if another subject (not a
    verb: "how do I *choose* the learning rate") is."""
    if not missing:
        return coverage
    gone = {t for p in missing for t in encoder.tokens(" ".join(p.words))}
    acts = verbs(question)

    def kept(terms: list[Term]) -> list[Term]:
        return [t for t in terms if not set(t.tokens) <= gone]

    key = [t for t in kept(coverage.key) if t.surface.lower() not in acts]
    return Coverage(PARTIAL if key else NOT_COVERED, [*coverage.missing, *(p.surface for p in missing)],
                    kept(coverage.present), key)


_FRAMING = _NOT_NAMING | _GENERIC | frozenset("method methods approach aspect question before after afterwards "
                                                "prior later ago".split())  # "压缩之前": before compressing


@dataclass(frozen=True)
class Compound:
    """A run of a Chinese question's naming words ("知识 图谱", "答案 缓存"), each with its English senses:
    the term a Chinese speaker names, to be found as an English phrase in English material."""
    surface: str
    senses: tuple[tuple[str, ...], ...]  # per word


def chinese_compounds(glossed: Glossed) -> list[Compound]:
    """Runs of two or more adjacent Chinese words that may name a thing ("搜索 延迟"), and single technical
    terms glossed only by phrases ("知识图谱": "knowledge graph"). The question's frame ("怎样", "问题"),
    Latin names and punctuation end a run."""
    runs: list[list[tuple[str, list[str]]]] = [[]]
    for word, senses in glossed:
        if naming_word(word) and senses and senses[0].lower() not in _FRAMING:
            runs[-1].append((word, senses))
        elif runs[-1]:
            runs.append([])
    out = []
    for run in runs:
        while len(run) >= 2 and run[-1][1][0].lower() in _KIND:
            run = run[:-1]  # "工作集模型": the working set model is the working set
        if len(run) >= 2 or (run and technical_term(run[0][0]) and all(len(s.split()) > 1 for s in run[0][1])):
            out.append(Compound("".join(w for w, _ in run), tuple(tuple(s) for _, s in run)))
    return out


def compound_written(compound: Compound, seen: set[tuple[str, str]], encoder: BM25Encoder) -> bool:
    """Is one pair of the compound's neighbouring words written side by side in some sense of each (or, for
    one word, each pair inside one of its senses)?"""
    tokens = [[encoder.tokens(s) for s in senses] for senses in compound.senses]
    if len(tokens) == 1:
        return any(len(t) > 1 and all(p in seen for p in zip(t, t[1:])) for t in tokens[0])
    return any((a[-1], b[0]) in seen for left, right in zip(tokens, tokens[1:])
               for a in left if a for b in right if b)


def compound_words(compounds: list[Compound]) -> str:
    """The English words of compounds, to look for passages holding them."""
    return " ".join(s for c in compounds for senses in c.senses for s in senses)
