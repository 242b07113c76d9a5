"""Discord's slash commands, generated from the command table: adding a command needs no Discord code.

Every chat command becomes `/name` with one option per parameter (`source` parameters complete
from the guild's own titles, `file` parameters take an attachment) and, where the table offers it,
an `only_me` option. Their values reach the core joined as the command's text, files as offers.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from adapters.discord.incoming import offers
from adapters.discord.interactions import answer_command
from bot import commands as table
from bot.commands import Command, Param

Titles = Callable[[str], Awaitable[list[str]]]  # a guild's source titles
ONLY_ME = "only_me"
CHOICES_MAX = 25  # Discord shows at most 25 suggestions, each at most 100 characters
_KINDS: dict[str, type] = {"text": str, "source": str, "link": str, "file": discord.Attachment}


def slash_commands(titles: Titles) -> list[app_commands.Command[Any, ..., None]]:
    """One per chat command of the table as it is now."""
    return [slash_command(spec, titles) for spec in table.COMMANDS if spec.in_chat]


def slash_command(spec: Command, titles: Titles) -> app_commands.Command[Any, ..., None]:
    async def callback(interaction: discord.Interaction[Any], **options: Any) -> None:
        async with interaction.client.work.track():
            words = [str(options[p.name]) for p in spec.params if p.kind != "file" and options.get(p.name)]
            files = [options[p.name] for p in spec.params if p.kind == "file" and options.get(p.name)]
            await answer_command(interaction, spec.name, " ".join(words), files=offers(files),
                                 only_me=bool(options.get(ONLY_ME)))

    callback.__signature__ = _signature(spec)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = _descriptions(spec)  # type: ignore[attr-defined]
    built = app_commands.Command(name=spec.name, description=_description(spec), callback=callback)
    for p in spec.params:
        if p.kind == "source":
            built.autocomplete(p.name)(_complete_titles(titles))
    return app_commands.guild_only(built)  # the guild is the tenant


def _signature(spec: Command) -> inspect.Signature:
    """What discord.py reads options from: one annotated parameter per option."""
    params = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                annotation=discord.Interaction)]
    for p in spec.params:
        params.append(_option(p))
    if spec.only_me_option:
        params.append(inspect.Parameter(ONLY_ME, inspect.Parameter.KEYWORD_ONLY, annotation=bool, default=False))
    return inspect.Signature(params)


def _option(p: Param) -> inspect.Parameter:
    kind = _KINDS[p.kind]
    if p.required:
        return inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, annotation=kind)
    return inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, annotation=kind | None, default=None)


def _descriptions(spec: Command) -> dict[str, str]:
    out = {p.name: p.help[:100] for p in spec.params}
    if spec.only_me_option:
        out[ONLY_ME] = "Only you see the answer"
    return out


def _description(spec: Command) -> str:
    return (spec.summary[:1].upper() + spec.summary[1:])[:100]


def _complete_titles(titles: Titles) -> Callable[..., Awaitable[list[app_commands.Choice[str]]]]:
    async def complete(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
        wanted = current.casefold().strip()
        found = [t for t in await titles(str(interaction.guild_id)) if wanted in t.casefold()]
        return [app_commands.Choice(name=t[:100], value=t[:100]) for t in found[:CHOICES_MAX]]

    return complete
