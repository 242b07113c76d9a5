"""`note add TEXT`, `note list`, `note search QUERY`, `note save ANSWER_ID`, `note rm ID`: the channel's notes.

Text after `note` that is none of these is kept as a note, as Discord's `/note text:` offers.
"""

from __future__ import annotations

import re
import time

from bot.ask.answers import AnswerStore
from bot.conversation import IncomingMessage, PartialSink, Reply
from bot.errors import UserError
from bot.language import subcommand, tr
from bot.models import Citation
from bot.search.passages import quote
from bot.study.notes.store import Note, NoteStore
from bot.study.replies import safe_reply

LISTED = 15


def usage() -> str:
    return tr("Notes for this channel:\n"
              "• `note add TEXT` (or just `note TEXT`) keeps a note\n"
              "• `note list` shows the latest\n"
              "• `note search QUERY` finds notes by meaning\n"
              "• `note save ANSWER_ID` keeps one of my answers (the id is under the answer)\n"
              "• `note rm ID` removes a note\n"
              "`ask` also looks through the notes and cites them.")


def note_citation(n: int, note: Note) -> Citation:
    """A note cited like a source: "Team note #3", dated, no link."""
    title = (tr("Saved answer #{id}") if note.is_answer else tr("Team note #{id}")).format(id=note.id)
    when = time.strftime("%Y-%m-%d", time.gmtime(note.at))
    text = f"{note.question} — {note.text}" if note.question else note.text
    return Citation(n, f"note:{note.id}", title, tr("note, {date}").format(date=when), None, quote(text))


def _line(note: Note) -> str:
    when = time.strftime("%Y-%m-%d", time.gmtime(note.at))
    if note.is_answer:
        return tr("#{id} ({date}, saved answer) Q: {question} A: {answer}").format(
            id=note.id, date=when, question=quote(note.question or "", 120), answer=quote(note.text, 200))
    return f"#{note.id} ({when}) {quote(note.text, 300)}"


class NoteTool:
    def __init__(self, notes: NoteStore, answers: AnswerStore) -> None:
        self.notes, self.answers = notes, answers

    async def __call__(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        sub, _, rest = msg.text.strip().partition(" ")
        sub, rest = subcommand(sub), rest.strip()
        where = (msg.platform, msg.tenant, msg.channel)
        if sub in ("", "help"):
            return safe_reply(usage())
        if sub == "add":
            note = await self.notes.add(*where, msg.user, rest)
            return safe_reply(tr("Saved note #{id}. `note list` shows the channel's notes.").format(id=note.id))
        if sub in ("list", "ls"):
            return await self._list(*where)
        if sub in ("search", "find"):
            return await self._search(*where, rest)
        if sub == "save":
            return await self._save(msg, rest)
        if sub in ("rm", "remove", "delete", "del"):
            number = _note_id(rest)
            if not await self.notes.remove(*where, number):
                raise UserError(tr("There's no note #{id} in this channel. `note list` shows them.").format(id=number))
            return safe_reply(tr("Removed note #{id}.").format(id=number))
        # Anything else is the note itself ("/note RLHF stops early because ...").
        note = await self.notes.add(*where, msg.user, msg.text)
        return safe_reply(tr("Saved note #{id}. (`note search WORDS` searches the notes instead.)").format(id=note.id))

    async def _list(self, platform: str, tenant: str, channel: str) -> Reply:
        notes = await self.notes.notes_of(platform, tenant, channel)
        if not notes:
            return safe_reply(tr("No notes in this channel yet. Add one with `note add TEXT`."))
        shown = notes[-LISTED:]
        head = (tr("{n} notes, the latest {shown}:") if len(shown) < len(notes) else tr("{n} notes:")).format(
            n=len(notes), shown=len(shown))
        return safe_reply("\n".join([head, *(f"• {_line(n)}" for n in reversed(shown))]))

    async def _search(self, platform: str, tenant: str, channel: str, query: str) -> Reply:
        if not query:
            raise UserError(tr("What should I look for? For example: `note search reward hacking`."))
        hits = await self.notes.search(platform, tenant, channel, query, limit=5, strict=False)
        if not hits:
            return safe_reply(tr("No note in this channel matches “{query}”.").format(query=query), abstained=True)
        citations = [note_citation(i, h.note) for i, h in enumerate(hits, 1)]
        lines = [tr("Notes matching “{query}”:").format(query=query)]
        lines += [f"• {_line(h.note)} [{i}]" for i, h in enumerate(hits, 1)]
        return safe_reply("\n".join(lines), citations)

    async def _save(self, msg: IncomingMessage, answer_id: str) -> Reply:
        answer_id = answer_id.strip("`<> ")
        if not answer_id:
            raise UserError(tr("Which answer? `note save ANSWER_ID`, with the id shown under the answer."))
        record = await self.answers.get(answer_id) if re.fullmatch(r"[0-9a-f]{6,32}", answer_id) else None
        if record is None or record.get("tenant") != msg.tenant:
            raise UserError(tr("I can't find an answer with the id `{id}` (answers are kept for a limited time).")
                            .format(id=answer_id))
        note = await self.notes.add(msg.platform, msg.tenant, msg.channel, msg.user, str(record.get("answer", "")),
                                    question=str(record.get("question", "")),
                                    citations=list(record.get("citations") or []))
        return safe_reply(tr("Saved the answer to “{question}” as note #{id}.").format(
            question=quote(note.question or "", 120), id=note.id))


def _note_id(text: str) -> int:
    m = re.fullmatch(r"#?(\d{1,9})", text.strip())
    if not m:
        raise UserError(tr("Which note? Give its number, for example `note rm 3`."))
    return int(m.group(1))
