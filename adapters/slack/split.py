"""Cutting long mrkdwn into pieces that fit a section block (3,000 characters in Slack).

Cuts fall between lines, else between words, never inside a `<…>` link or an `&…;` entity, and a
code block cut in two is closed at the end of one piece and reopened in the next.
"""

from __future__ import annotations

import re

SECTION_LIMIT = 2900  # Slack allows 3,000; the margin leaves room to close a split code block


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters (plus a closing fence), nothing lost."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        for unit in _fit(line, limit):
            joined = f"{current}\n{unit}" if current else unit
            if len(joined) <= limit:
                current = joined
                continue
            pieces.append(current)
            current = unit
    if current.strip():
        pieces.append(current)
    return _balance_code_fences([p.strip("\n") for p in pieces if p.strip()])


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fit(line: str, limit: int) -> list[str]:
    """One line as units of at most `limit` characters, cut at spaces outside `<…>` links."""
    if len(line) <= limit:
        return [line]
    atoms = re.findall(r"<[^<>]*>\S*\s*|[^\s<]+\s*|<\s*|\s+", line)
    units: list[str] = []
    current = ""
    for atom in atoms:
        while len(atom) > limit:  # a single word longer than a section: cut it, not inside an entity
            cut = limit - len(current)
            amp = atom.rfind("&", max(cut - 6, 0), cut)
            cut = amp if amp > 0 else cut
            units.append(current + atom[:cut])
            current, atom = "", atom[cut:]
        if len(current) + len(atom) > limit:
            units.append(current.rstrip())
            current = ""
        current += atom
    if current.strip():
        units.append(current.rstrip())
    return [u for u in units if u]


def _balance_code_fences(pieces: list[str]) -> list[str]:
    out: list[str] = []
    reopen = False
    for piece in pieces:
        if reopen:
            piece = "```\n" + piece
        reopen = piece.count("```") % 2 == 1
        out.append(piece + "\n```" if reopen else piece)
    return out
