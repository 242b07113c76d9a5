"""Which source a user means: an id, or a fragment of a title or file name.

Ambiguous and unknown names are answered with the closest candidates, never a guess.
"""

from __future__ import annotations

import difflib
import re
from pathlib import PurePath
from typing import Protocol

from bot.errors import UserError
from bot.language import sentences, tr
from bot.models import Chunk, SourceRecord
from bot.text.mentions import defuse_mass_mentions

SHOWN = 5


class SourceReader(Protocol):
    """What the study tools read from the index: the sources of a team and their passages."""

    async def records(self, tenant: str) -> list[SourceRecord]: ...

    async def chunks_of(self, tenant: str, source_id: str) -> list[Chunk]: ...


def _plain(text: str) -> str:
    """"From-base_model" and "from base model" are the same to a person."""
    return " ".join(re.sub(r"[-_./]+", " ", text.lower()).split())


def _names(r: SourceRecord) -> list[str]:
    names = [r.title.lower(), r.source_id.lower()]
    if r.origin:
        names.append(PurePath(r.origin.split("?")[0]).name.lower())
    return names + [_plain(n) for n in names]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _listing(records: list[SourceRecord]) -> str:
    return "\n".join(f"• {r.title} (`{r.source_id}`)" for r in records[:SHOWN])


def close_matches(query: str, records: list[SourceRecord]) -> list[SourceRecord]:
    """Sources whose title shares words with, or is spelled like, `query`; best first."""
    q = query.lower()
    wanted = _words(q)
    scored = []
    for r in records:
        overlap = len(wanted & _words(" ".join(_names(r))))
        spelling = max(difflib.SequenceMatcher(None, q, name).ratio() for name in _names(r))
        if overlap or spelling >= 0.5:
            scored.append((overlap + spelling, r.title.lower(), r))
    return [r for *_, r in sorted(scored, key=lambda s: (-s[0], s[1]))]


def naming(query: str, records: list[SourceRecord]) -> list[SourceRecord]:
    """Sources whose id, title or file name contains `query` (any case, any separators)."""
    q = " ".join(query.split()).strip("\"'“”`").lower()
    return [r for r in records if q and any(q in name or _plain(q) in name for name in _names(r))]


def pick_source(query: str, records: list[SourceRecord]) -> SourceRecord:
    """The one record `query` names; UserError listing candidates otherwise."""
    q = " ".join(query.split()).strip("\"'“”`").lower()
    if not records:
        raise UserError(tr("Nothing is indexed for this team yet. Add material with `add` and a file or link."))
    if not q:
        if len(records) == 1:
            return records[0]
        raise UserError(tr("Which source? Give its id or part of its title, for example:") + "\n" + _listing(records))
    exact = [r for r in records if q in (r.source_id.lower(), r.title.lower())]
    if len(exact) == 1:
        return exact[0]
    found = [r for r in records if any(q in name or _plain(q) in name for name in _names(r))]
    if len(found) == 1:
        return found[0]
    shown = defuse_mass_mentions(query.strip())
    if found:
        raise UserError(tr("“{name}” matches {n} sources. Which one? Use its id or more of its title:").format(
            name=shown, n=len(found)) + "\n" + _listing(found))
    close = close_matches(q, records)
    hint = (tr("Did you mean:") + "\n" + _listing(close)) if close else (tr("These are indexed:") + "\n"
                                                                         + _listing(records))
    raise UserError(sentences(tr("I can't find a source matching “{name}”.").format(name=shown), hint) + "\n"
                    + tr("`sources` lists everything."))


async def find_source(index: SourceReader, tenant: str, query: str) -> SourceRecord:
    return pick_source(query, await index.records(tenant))
