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

from bot.sparse import BM25Encoder

ANSWERED, PARTIAL, NOT_COVERED = "answered", "partial", "not_covered"
SPECIFIC_ZIPF = 3.5  # rarer than this in everyday English: a specific term (wordfreq's Zipf scale)
WORDS_PER_PASSAGE = 150  # to turn a passage count into the corpus size in words
EXPECTED_AT_LEAST = 1.5
NARROWS = 0.2  # a term in at most this share of the passages says what the question is about  # a common word absent although this many occurrences were expected: missing

# Words that phrase a question rather than name its subject.
PHRASING = """explain explanation mean meaning means difference different differ work works use used using way ways
thing things example examples happen happens tell show give need want know understand describe possible good
best better right wrong kind type sort something anything everything like get make also just really actually
exactly simple simply term terms word words question answer material course lecture say said talk mention
discuss cover exist many much often one two first new old main important common usual usually general specific
versus vs compare comparison summary summarize define definition please thanks thank hi hello ok okay maybe
instead regarding idea ideas briefly detail details overview purpose reason reasons role roles""".split()

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_NAME_LIKE = re.compile(r"^(?:[A-Z]{2,}\w*|\w*[a-z][A-Z]\w*|\w*\d\w*[A-Za-z]\w*|\w*[A-Za-z]\w*\d\w*)$")
_LATIN = re.compile(r"^[a-z0-9'-]+$")

TermCounter = Callable[[list[str]], Awaitable[dict[str, int]]]  # tokens -> passages containing each


@dataclass(frozen=True)
class Term:
    surface: str  # as the person wrote it
    tokens: tuple[str, ...]  # its BM25 tokens (a hyphenated word has several)
    specific: bool  # rare in everyday English, or written like a name


@dataclass(frozen=True)
class Coverage:
    verdict: str = ANSWERED
    missing: list[str] = field(default_factory=list)  # the person's words the material never mentions
    present: list[Term] = field(default_factory=list)  # content terms the material does contain

    @property
    def answered(self) -> bool:
        return self.verdict == ANSWERED

    def present_tokens(self) -> set[str]:
        return {t for term in self.present for t in term.tokens}


@lru_cache(maxsize=4)
def _phrasing(encoder: BM25Encoder) -> frozenset[str]:
    return frozenset(t for w in PHRASING for t in encoder.tokens(w))


@lru_cache(maxsize=50_000)
def zipf(word: str) -> float:
    """How common a word is in everyday English: 0 (never seen) to about 8 ("the")."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def content_terms(question: str, encoder: BM25Encoder) -> list[Term]:
    """The question's words that could name its subject, in order, each once."""
    out: list[Term] = []
    seen: set[tuple[str, ...]] = set()
    for m in _WORD.finditer(question):
        surface = m.group()
        tokens = tuple(t for t in encoder.tokens(surface) if _LATIN.match(t) and t not in _phrasing(encoder))
        if not tokens or tokens in seen or all(t.isdigit() for t in tokens):
            continue
        seen.add(tokens)
        bare = surface.replace("’", "'").split("'")[0]
        proper = bare[:1].isupper() and question[:m.start()].rstrip()[-1:] not in ("", ".", "?", "!", ":", '"')
        specific = proper or bool(_NAME_LIKE.match(bare)) or zipf(bare.lower()) < SPECIFIC_ZIPF
        out.append(Term(surface, tokens, specific))
    return out


def _expected(word: str, passages: int) -> float:
    """Occurrences of `word` a corpus of this many passages would hold, judging by everyday English."""
    return passages * WORDS_PER_PASSAGE * 10 ** (zipf(word) - 9)


async def assess(question: str, encoder: BM25Encoder, counts: TermCounter, passages: int) -> Coverage:
    """Which of the question's terms the material contains, and what that means for answering it."""
    terms = content_terms(question, encoder)
    if not terms or passages == 0:
        return Coverage(present=terms)
    joined = {"".join(t.tokens) for t in terms if len(t.tokens) > 1}  # "pre-training" written "pretraining"
    df = await counts(sorted({tok for t in terms for tok in t.tokens} | joined))
    missing: list[str] = []
    present: list[Term] = []
    for term in terms:
        found = all(df.get(tok, 0) > 0 for tok in term.tokens) or df.get("".join(term.tokens), 0) > 0
        if found:
            present.append(term)
        elif term.specific or _expected(term.surface.lower(), passages) >= EXPECTED_AT_LEAST:
            missing.append(term.surface)
    if not missing:
        return Coverage(ANSWERED, [], present)
    # Something of substance is there when a present term narrows the material down.
    substance = [t for t in present if min(df.get(tok, 0) for tok in t.tokens) <= NARROWS * passages]
    return Coverage(PARTIAL if substance else NOT_COVERED, missing, present)


def names(words: list[str]) -> str:
    """“A”, “A” or “B”, “A”, “B” or “C”."""
    quoted = [f"“{w}”" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
