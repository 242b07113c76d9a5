"""Slash commands: each one defers at once, then maps to the core's one entry point.

Discord gives an interaction 3 seconds for a first response, so `defer` comes before
anything else (even the dedup and rate-limit check, which needs Redis). The answer
then arrives as follow-ups; refusals and errors only the person who asked sees.
What each command does, and which ones are still "coming soon", is the core's call.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from adapters.discord.attachments import add_material
from adapters.discord.incoming import SERVER_ONLY, from_interaction
from adapters.discord.render import render_reply
from adapters.discord.send import drop_placeholder, tell_privately
from bot.service import BUILT_IN, PLANNED

if TYPE_CHECKING:
    from adapters.discord.client import StudyClient

log = logging.getLogger(__name__)


async def run(interaction: discord.Interaction[StudyClient], command: str, text: str = "",
              files: tuple[discord.Attachment, ...] = ()) -> None:
    """Defer, admit (dedup + rate limits), ask the core, answer by follow-up."""
    try:
        await interaction.response.defer(thinking=True)
    except discord.HTTPException as e:  # too late or already answered: nothing can reach the user
        log.warning("could not defer /%s (interaction %s): %s", command, interaction.id, e)
        return
    service = interaction.client.service
    answered = False  # until the first follow-up replaces the public "thinking…" placeholder
    try:
        if interaction.guild_id is None:
            await tell_privately(interaction, SERVER_ONLY)
            return
        msg = from_interaction(interaction, command, text.strip())
        admission = await service.admit(msg, event_id=str(interaction.id))
        if not admission.proceed:
            if admission.reply is None:
                await drop_placeholder(interaction)
            else:
                await tell_privately(interaction, admission.reply.text)
            return
        if command == "add":
            reply, allowed = await add_material(service, msg, files)
            if not allowed:
                await tell_privately(interaction, reply.text)
                return
        else:
            reply = await service.handle(msg)
        for part in render_reply(reply):
            await interaction.followup.send(**part.kwargs())
            answered = True
    except Exception as exc:
        await tell_privately(interaction, service.failure(exc).text, answered=answered)


class StudyTree(app_commands.CommandTree):
    """Errors raised before a command runs (stale command, bad option, DM) still get a kind reply."""

    async def on_error(self, interaction: discord.Interaction[StudyClient],  # type: ignore[override]
                       error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.NoPrivateMessage):
            text = SERVER_ONLY
        else:
            text = interaction.client.service.failure(getattr(error, "original", error)).text
        await tell_privately(interaction, text)


def _about(command: str) -> str:
    text = BUILT_IN.get(command) or PLANNED[command]
    return (text[:1].upper() + text[1:])[:100]


def build_commands() -> list[app_commands.Command[Any, ..., Any]]:
    """Fresh command objects for one client's tree (all guild-only: the guild is the tenant)."""
    @app_commands.command(name="ask", description=_about("ask"))
    @app_commands.describe(question="What you want to know")
    async def ask(interaction: discord.Interaction, question: str) -> None:
        await run(interaction, "ask", question)

    @app_commands.command(name="summary", description=_about("summary"))
    @app_commands.describe(source="Which source (title or part of it)")
    async def summary(interaction: discord.Interaction, source: str = "") -> None:
        await run(interaction, "summary", source)

    @app_commands.command(name="outline", description=_about("outline"))
    @app_commands.describe(source="Which source (title or part of it)")
    async def outline(interaction: discord.Interaction, source: str = "") -> None:
        await run(interaction, "outline", source)

    @app_commands.command(name="explain", description=_about("explain"))
    @app_commands.describe(term="The term to explain")
    async def explain(interaction: discord.Interaction, term: str) -> None:
        await run(interaction, "explain", term)

    @app_commands.command(name="compare", description=_about("compare"))
    @app_commands.describe(ideas="Two ideas, e.g. RLHF vs SFT")
    async def compare(interaction: discord.Interaction, ideas: str) -> None:
        await run(interaction, "compare", ideas)

    @app_commands.command(name="note", description=_about("note"))
    @app_commands.describe(text="A note to keep, or words to search the notes for")
    async def note(interaction: discord.Interaction, text: str = "") -> None:
        await run(interaction, "note", text)

    @app_commands.command(name="quiz", description=_about("quiz"))
    @app_commands.describe(topic="What to be quizzed on (optional)")
    async def quiz(interaction: discord.Interaction, topic: str = "") -> None:
        await run(interaction, "quiz", topic)

    @app_commands.command(name="sources", description=_about("sources"))
    async def sources(interaction: discord.Interaction) -> None:
        await run(interaction, "sources")

    @app_commands.command(name="digest", description=_about("digest"))
    @app_commands.describe(text="e.g. subscribe 09:00 Asia/Shanghai mon-fri, status, preview, known 3")
    async def digest(interaction: discord.Interaction, text: str = "") -> None:
        await run(interaction, "digest", text)

    @app_commands.command(name="help", description=_about("help"))
    async def help_(interaction: discord.Interaction) -> None:
        await run(interaction, "help")

    @app_commands.command(name="add", description=_about("add"))
    @app_commands.describe(url="An http(s) link to a page, PDF or transcript", file="A file to add")
    async def add(interaction: discord.Interaction, url: str | None = None,
                  file: discord.Attachment | None = None) -> None:
        await run(interaction, "add", url or "", (file,) if file else ())

    commands = [ask, summary, outline, explain, compare, note, quiz, sources, digest, help_, add]
    return [app_commands.guild_only(c) for c in commands]
