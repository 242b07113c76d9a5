"""`ask` that also looks through the channel's notes, and cites matching notes as notes.

A StudyBot whose answers get a "From your team's notes" part when notes match the
question; when the material has nothing but a note does, the note is the answer.
Built by bootstrap in place of StudyBot, so bot/core.py stays as it is.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any

from bot.conversation import IncomingMessage, Reply
from bot.core import PartialSink, StudyBot
from bot.memory import REDIS_DOWN
from bot.safety import defuse_mass_mentions
from bot.study.note_store import NoteStore
from bot.study.notes import note_citation
from bot.answering import quote

log = logging.getLogger(__name__)

NOTES_IN_ANSWER = 2
# A follow-up ("and how is that different?") is searched as the core rewrote it; anything else as asked.
_POINTS_BACK = re.compile(r"\b(?:it|its|that|this|these|those|they|them|the latter|the former)\b|"
                          r"^\s*(?:and|but|so|also|what about|how about)\b|[它这那其]", re.I)


class StudyBotWithNotes(StudyBot):
    def __init__(self, *args: Any, notes: NoteStore, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes = notes

    async def handle(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        reply = await super().handle(msg, on_partial)
        if not msg.text.strip():
            return reply
        try:
            query = reply.question if reply.question and _POINTS_BACK.search(msg.text) else msg.text
            hits = await self.notes.search(msg.platform, msg.tenant, msg.channel, query, limit=NOTES_IN_ANSWER)
        except REDIS_DOWN as e:
            log.warning("notes unavailable: %s", type(e).__name__)
            return reply
        if not hits:
            return reply
        first = len(reply.citations) + 1
        cited = [note_citation(first + i, h.note) for i, h in enumerate(hits)]
        lines = [f"• {quote(h.note.text, 400)} [{c.n}]" for h, c in zip(hits, cited)]
        if reply.abstained:
            text = "The material doesn't seem to cover this, but your team's notes do:\n" + "\n".join(lines)
        else:
            text = reply.text + "\n\nFrom your team's notes:\n" + "\n".join(lines)
        return dataclasses.replace(
            reply, text=defuse_mass_mentions(text), abstained=False,
            citations=reply.citations + [dataclasses.replace(c, quote=defuse_mass_mentions(c.quote)) for c in cited],
        )
