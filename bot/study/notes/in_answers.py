"""`ask` also looks through the channel's notes and cites matching notes as notes.

Answers get a "From your team's notes" part when notes match the question; when the
material has nothing but a note does, the note is the answer.
"""

from __future__ import annotations

import dataclasses

from bot.language import message
from bot.models import Answer
from bot.search.passages import quote
from bot.study.notes.store import NoteHit
from bot.study.notes.tool import note_citation

NOTES_IN_ANSWER = 2


def with_notes(answer: Answer, hits: list[NoteHit], lang: str = "en") -> Answer:
    """The answer with the matching notes appended (or standing in for it), each cited as a note."""
    if not hits:
        return answer
    first = len(answer.citations) + 1
    cited = [note_citation(first + i, h.note) for i, h in enumerate(hits)]
    lines = "\n".join(f"• {quote(h.note.text, 400)} [{c.n}]" for h, c in zip(hits, cited, strict=True))
    if answer.abstained:
        text = message(lang, "notes_instead") + "\n" + lines
    else:
        text = answer.text + "\n\n" + message(lang, "from_notes") + "\n" + lines
    return dataclasses.replace(answer, text=text, abstained=False, citations=answer.citations + cited)
