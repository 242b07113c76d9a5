"""Files people hand the bot, downloaded from Discord for the core's `add` command."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import discord

from bot.conversation import Attachment, IncomingMessage, Reply
from bot.service import StudyService


@dataclass
class Downloads:
    files: list[Attachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line per file that could not be fetched


async def download(service: StudyService, files: Sequence[discord.Attachment]) -> Downloads:
    """The bytes of each file, refusing (before downloading) any the core says is too large."""
    out = Downloads()
    for f in files:
        refusal = service.upload_refusal(f.filename, f.size)
        if refusal:
            out.problems.append(refusal)
            continue
        try:
            data = await f.read()
        except (discord.HTTPException, OSError):
            out.problems.append(f"✗ {f.filename}: I could not download it from Discord. Please try again.")
            continue
        out.files.append(Attachment(name=f.filename, data=data, content_type=f.content_type))
    return out


async def add_material(service: StudyService, msg: IncomingMessage,
                       files: Sequence[discord.Attachment]) -> tuple[Reply, bool]:
    """The core's `add` with the files downloaded; (reply, allowed). Nothing is downloaded for others."""
    if not service.may_add(msg):
        return await service.handle(msg), False
    got = await download(service, files)
    if got.problems and not got.files and not has_link(msg.text):
        return Reply("\n".join(got.problems)), True
    reply = await service.handle(replace(msg, attachments=tuple(got.files)))
    if got.problems:
        reply = replace(reply, text="\n".join([reply.text, *got.problems]))
    return reply, True


def has_link(text: str) -> bool:
    return any(w.strip("<>").startswith(("http://", "https://")) for w in text.split())
