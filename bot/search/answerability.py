"""Does the material cover this question? Decided in code, from the question's own terms.

Similarity cannot tell "What is FlashAttention?" from "What is tokenization?" in a course on
LLMs: both sound like the course. What tells them apart is that FlashAttention occurs nowhere in
the material. So every content word of the question is looked up in the tenant's material (how
many passages contain it, from the index's sparse vectors), and a word that is absent counts as
missing when its absence means something: it is specific (rare in everyday English, or written
like a name: FlashAttention, DPO, GPT-4o), or common enough that a corpus of this size would
normally contain it. Words that only phrase the question ("explain", "difference") never count.

Three verdicts: answered; partly covered (some words missing: the reply names them and cites
only what is relevant to the rest); not covered (nothing of substance is in the material).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import lru_cache

from bot.language import tr
from bot.text.sparse import BM25Encoder
from bot.text.word_frequency import zipf

ANSWERED, PARTIAL, NOT_COVERED = "answered", "partial", "not_covered"
SPECIFIC_ZIPF = 3.0  # rarer than this in everyday English: a specific term (wordfreq's Zipf scale)
WORDS_PER_PASSAGE = 150  # to turn a passage count into the corpus size in words
EXPECTED_AT_LEAST = 1.5  # a common word absent although this many occurrences were expected: missing,
FEW = 2  # in a question of at most this many terms ("beam search"); in a longer one it is a detail
NARROWS = 0.2  # a term in at most this share of the passages says what the question is about
COUNT_UP_TO = 1000  # passages counted per term; a term in more than this many narrows nothing down
# A name the material may write without its last part: "Postgres" for "PostgreSQL", "Mongo" for "MongoDB"
# (when what is left is no everyday word: "Level" of LevelDB names nothing).
_NAME_TAIL = re.compile(r"(?<=[a-z]{4})(?:SQL|DB|\.?js)$", re.I)

# Words that phrase a question rather than name its subject.
PHRASING = frozenset("""explain explanation mean meaning means difference different differ work works use used using way ways
thing things example examples happen happens tell show give need want know understand describe possible good
best better right wrong kind type sort something anything everything like get make also just really actually
exactly simple simply term terms word words question answer material course lecture say said talk mention
discuss cover exist many much often one two first new old main important common usual usually general specific
versus vs compare comparison summary summarize define definition please thanks thank hi hello ok okay maybe
instead regarding idea ideas briefly detail details overview purpose reason reasons role roles came come invented
invent proposed propose coined introduced""".split())  # the last: "who came up with X", "who proposed X"

_IDENTIFIER = r"[^\W_]+(?:(?:::|_)[^\W_]+)+"  # Object::Pad, shared_buffers: one name, written as it is
_WORD = re.compile(rf"{_IDENTIFIER}|[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_NAME_LIKE = re.compile(r"^(?:[A-Z]{2,}\w*|\w*[a-z][A-Z]\w*|\w*\d\w*[A-Za-z]\w*|\w*[A-Za-z]\w*\d\w*)$")
_LATIN = re.compile(r"^[a-z0-9'-]+$")

TermCounter = Callable[[list[str]], Awaitable[dict[str, int]]]  # tokens -> passages containing each


@dataclass(frozen=True)
class Term:
    surface: str  # as the person wrote it
    tokens: tuple[str, ...]  # its BM25 tokens (a hyphenated word has several)
    specific: bool  # rare in everyday English, or written like a name
    name_like: bool = False  # written like a name and not an everyday word: GPT-4o, DPO, FlashAttention, Mamba
    identifier: bool = False  # Object::Pad, Secure Boot: its words may occur apart, so the name itself must
    short: tuple[str, ...] = ()  # the tokens of its shorter form ("postgr" for PostgreSQL), if it has one


@dataclass(frozen=True)
class Coverage:
    verdict: str = ANSWERED
    missing: list[str] = field(default_factory=list)  # the person's words the material never mentions
    present: list[Term] = field(default_factory=list)  # content terms the material does contain
    key: list[Term] = field(default_factory=list)  # present terms that narrow the material down to a topic

    @property
    def answered(self) -> bool:
        return self.verdict == ANSWERED

    def mentions_key_term(self, tokens: set[str]) -> bool:
        """Does a passage (given as its BM25 tokens) hold one of the question's key terms? The specific
        ones decide when there are any: "context" says less than "RLHF" about what a passage is on."""
        key = [t for t in self.key if t.specific] or self.key
        return any(set(t.tokens) <= tokens or "".join(t.tokens) in tokens for t in key)


@lru_cache(maxsize=4)
def _phrasing(encoder: BM25Encoder) -> frozenset[str]:
    return frozenset(t for w in PHRASING for t in encoder.tokens(w))


def content_terms(question: str, encoder: BM25Encoder) -> list[Term]:
    """The question's words that could name its subject, in order, each once; a run of capitalised
    everyday words inside a sentence ("Secure Boot") is also one name, which must be written whole."""
    out: list[Term] = []
    seen: set[tuple[str, ...]] = set()
    run: list[re.Match[str]] = []  # consecutive capitalised words

    def close_run() -> None:
        ordinary = all(zipf(w.group().lower()) >= SPECIFIC_ZIPF and not _NAME_LIKE.match(w.group()) for w in run)
        if len(run) > 1 and ordinary:  # "Secure Boot"; "Windows Perl Editor" is names side by side
            surface = question[run[0].start():run[-1].end()]
            tokens = tuple(t for w in run for t in encoder.tokens(w.group()) if _LATIN.match(t))
            if tokens and tokens not in seen:
                seen.add(tokens)
                out.append(Term(surface, tokens, True, True, True))
        run.clear()

    for m in _WORD.finditer(question):
        surface = m.group()
        bare = surface.replace("’", "'").split("'")[0]
        proper = bare[:1].isupper() and question[:m.start()].rstrip()[-1:] not in ("", ".", "?", "!", ":", '"')
        if not (proper and run and question[run[-1].end():m.start()] == " "):
            close_run()
        if proper:
            run.append(m)
        tokens = tuple(t for t in encoder.tokens(surface) if _LATIN.match(t) and t not in _phrasing(encoder))
        if not tokens or tokens in seen or all(t.isdigit() for t in tokens):
            continue
        seen.add(tokens)
        rare = zipf(bare.lower()) < SPECIFIC_ZIPF
        identifier = bool(re.fullmatch(_IDENTIFIER, surface))
        name_like = identifier or bool(_NAME_LIKE.match(bare)) or (proper and rare)
        shorter = _NAME_TAIL.sub("", bare) if name_like else bare  # itself a name, not "Level" of LevelDB
        short = tuple(encoder.tokens(shorter)) if shorter != bare and zipf(shorter.lower()) < SPECIFIC_ZIPF else ()
        out.append(Term(surface, tokens, proper or name_like or rare, name_like, identifier, short))
    close_run()
    return out


def passages_with(term: Term, df: dict[str, int]) -> int:
    """How many passages hold `term`, written as one word ("pretraining") or as its parts (an estimate), or
    shortened, when it is a name."""
    return (df.get("".join(term.tokens), 0) or min(df.get(tok, 0) for tok in term.tokens)
            or min((df.get(tok, 0) for tok in term.short), default=0))


def lookups(terms: list[Term]) -> list[str]:
    """The tokens to count for these terms: their parts, the parts joined, and a name's shorter forms."""
    return sorted({tok for t in terms for tok in (*t.tokens, *t.short)} | {"".join(t.tokens) for t in terms})


def _expected(word: str, passages: int) -> float:
    """Occurrences of `word` a corpus of this many passages would hold, judging by everyday English."""
    return passages * WORDS_PER_PASSAGE * 10 ** (zipf(word) - 9)


async def assess(question: str, encoder: BM25Encoder, counts: TermCounter, passages: int,
                 retrieved: list[str] | None = None) -> Coverage:
    """Which of the question's terms the material contains, and what that means for answering it.

    A code name counts as present only where it is written whole in a `retrieved` passage.
    """
    terms = content_terms(question, encoder)
    if not terms or passages == 0:
        return Coverage(present=terms)
    df = await counts(lookups(terms))
    missing: list[str] = []
    present: list[Term] = []
    key: list[Term] = []  # something of substance is there when a present term narrows the material down
    for term in terms:
        found = passages_with(term, df)
        if found and term.identifier:
            found = int(any(term.surface.lower() in text.lower() for text in retrieved or []))
        if found:
            present.append(term)
            if found <= min(NARROWS * passages, COUNT_UP_TO - 1):
                key.append(term)
        elif term.specific or (len(terms) <= FEW and _expected(term.surface.lower(), passages) >= EXPECTED_AT_LEAST):
            missing.append(term.surface)
    if not missing:
        return Coverage(ANSWERED, [], present, key)
    return Coverage(PARTIAL if key else NOT_COVERED, missing, present, key)


def names(words: list[str]) -> str:
    """“A”, “A” or “B”, “A”, “B” or “C”."""
    quoted = [f"“{w}”" for w in words]
    return quoted[0] if len(quoted) == 1 else tr(", ").join(quoted[:-1]) + tr(" or ") + quoted[-1]
