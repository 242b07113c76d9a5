"""People's names in the material, found without a model, so that no key term, cloze blank or chapter title
is a speaker's or a colleague's name.

A talk names people in recognisable ways: "I'm Priya Raman", "my colleague Daniel Okafor", "thanks to Marcus
Bell", "Sarah asks", "Marcus, you asked", "Sorry Sarah". Every capitalised word of a name found that way counts
as a name wherever it appears capitalised in the same source.
"""

from __future__ import annotations

import re

from bot.text.stopwords import ENGLISH_STOP_WORDS

_NAME = r"(?P<n>[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?(?:\s[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)?)"
_BEFORE = re.compile(
    r"\b(?:I'm|I am|my name is|name's|colleague|colleagues|friend|manager|boss|co-?founder|teammate|"
    r"thanks(?: to)?|thank you(?: to)?|sorry|hi|hello|hey|ask|asking|welcome|invited by|according to|"
    r"(?:yes|okay|right|sure|go ahead),)\s+" + _NAME, re.I)
_AFTER = re.compile(
    _NAME + r"(?:,\s+(?:you|thanks|please|go ahead)\b|\s+(?:asks|asked|said|says|likes to|liked to|wanted|wants|"
    r"thinks|thought|told|tells|spent|still|is sitting|was sitting|from the|joked|jokes|pointed out|reminded)\b|"
    r"'s\s+(?:team|colleague|talk|question|idea|contribution|point))")
_TRAILING_VOCATIVE = re.compile(r"(?:yes|thanks|okay|right|sorry),\s+" + _NAME + r"\s*[?!.]", re.I)


def person_names(text: str) -> set[str]:
    """The capitalised words of people's names the text introduces ("Priya", "Raman", ...)."""
    words: set[str] = set()
    for pattern in (_BEFORE, _AFTER, _TRAILING_VOCATIVE):
        for m in pattern.finditer(text):
            for word in m.group("n").split():
                if word.lower() not in ENGLISH_STOP_WORDS and word[0].isupper():
                    words.add(word)
    return words


def names_someone(phrase: str, names: set[str]) -> bool:
    """Whether a phrase is, or holds, one of the names (as written, capitalised)."""
    return any(w in names for w in re.findall(r"[A-Za-z][A-Za-z'-]*", phrase))
