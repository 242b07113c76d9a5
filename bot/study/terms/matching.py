"""Finding a term in the material: plurals, hyphens, case, and its acronym or expansion.

"SFT" is also found as "supervised fine-tuning" when the material says
"supervised fine-tuning (SFT)"; "RLHF" as "reinforcement learning from human
feedback" when it says "..., usually called RLHF".
"""

from __future__ import annotations

import re

from bot.text.sentence_roles import spells

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_QUESTION = re.compile(r"^\s*(?:what(?:'s| is| are| does)?|who(?:'s| is)|define|explain|the term|meaning of)\s+", re.I)
_TRAILING = re.compile(r"\s*(?:\bis|\bare|\bmeans?|\bmean\??|\bstands? for)?\s*[?.!]*\s*$", re.I)


def clean_term(text: str) -> str:
    """"what is RLHF?" -> "RLHF"; quotes and trailing punctuation go."""
    term = _QUESTION.sub("", " ".join(text.split()))
    term = _TRAILING.sub("", term)
    return term.strip(" \"'“”‘’`*")


def _singulars(word: str) -> list[str]:
    """"hallucinations" -> also "hallucination"; "processes" -> also "process"; "ies" -> "y"."""
    lower = word.lower()
    if len(lower) <= 3 or not lower.endswith("s") or lower.endswith("ss") or word.isupper():
        return [word]
    forms = [word, word[:-1]]
    if lower.endswith("ies"):
        forms.append(word[:-3] + "y")
    elif lower.endswith("es"):
        forms.append(word[:-2])
    return forms


def _body(term: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", term.strip()) if w]
    if not words:
        return r"(?!)"
    last = "(?:" + "|".join(re.escape(f) for f in _singulars(words[-1])) + ")"
    return r"(?<![\w-])" + r"[\s\-]+".join([re.escape(w) for w in words[:-1]] + [last])


def term_pattern(term: str) -> re.Pattern[str]:
    """Case-insensitive; words may be joined by spaces or hyphens and the last may be plural."""
    if _CJK.search(term):
        return re.compile(re.escape(term))
    return re.compile(_body(term) + r"(?:s|es|'s)?(?!\w)", re.I)


def aliases(term: str, texts: list[str]) -> list[str]:
    """Other names the material gives `term`: its expansion if it is an acronym, or its acronym."""
    found: list[str] = []
    word = re.escape(term.strip())
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,7}", term.strip()):
        words_before = r"((?:[\w-]+\s+){0,7}[\w-]+)"
        introduced = re.compile(
            rf"{words_before}\s*\(\s*{word}\s*\)|{words_before},?\s+(?:usually |often |also )?"
            rf"(?:called|known as|abbreviated(?: as| to)?|shortened to)\s+{word}\b", re.I)
        for text in texts:
            for m in introduced.finditer(text):
                words = (m.group(1) or m.group(2) or "").split()
                for k in range(1, len(words) + 1):
                    if spells(term.strip(), words[-k:]):
                        found.append(" ".join(words[-k:]).strip(" ,"))
                        break
    expansion = re.compile(_body(term) + r"s?(?:\s*\(\s*|,?\s+(?:usually |often |also )?(?:called|known as|"
                           r"abbreviated(?: as| to)?|shortened to)\s+)([A-Z][A-Za-z0-9]{1,7})\b", re.I)
    for text in texts:
        for m in expansion.finditer(text):
            if spells(m.group(1), term.split()):
                found.append(m.group(1))
    out: list[str] = []
    for a in found:
        if a.lower() != term.lower() and a.lower() not in (o.lower() for o in out):
            out.append(a)
    return out[:3]


def mentions(text: str, names: list[str]) -> bool:
    return any(term_pattern(n).search(text) for n in names)
