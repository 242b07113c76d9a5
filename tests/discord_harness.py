"""Discord for tests: the real adapter (`run_discord`) and discord.py client against the local stand-in.

`discord_world` starts the bot as `studybot serve --discord` would (login, command registration,
gateway with its intents), then lets tests act as people: write messages, run slash commands, use
the context menu, click buttons. Each helper returns once the bot has finished with what it
received (the adapter counts the events it takes on), so tests assert what people would see.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord.gateway
import discord.http
import pytest
import yarl
from pydantic import SecretStr

from adapters.discord import run_discord
from adapters.discord.client import StudyClient
from bot.bootstrap import Services, build
from bot.settings import Settings
from tests.discord_records import Interaction, Person, Posted
from tests.discord_stand_in import DiscordStandIn

STUDY_NOTES = """\
# Study notes on assistants

## Reinforcement learning from human feedback
RLHF fine-tunes a language model against a reward model. People rank several answers to the same prompt, and
the model is optimised to produce answers the reward model scores highly. In practice RLHF runs for a few
hundred steps, because the policy soon learns to fool the reward model.

## The reward model
The reward model is a neural network trained on human rankings of answers. It gives every answer a single
score. Because it only approximates human judgement, optimising against it for too long leads to reward
hacking.

## Supervised fine-tuning
Supervised fine-tuning (SFT) trains the base model on labelled conversations written by people. It turns a
document completer into an assistant before any reinforcement learning happens.

## Hallucinations
A hallucination is a fluent, confident statement that is not supported by the training data. Models
hallucinate because they imitate the confident tone of their training conversations even when they do not know
the answer. Teaching the model to say "I don't know" reduces hallucinations.

## Tokenization
A token is a chunk of text the model reads, often part of a word. The tokenizer turns text into a sequence of
token ids from a fixed vocabulary.
"""
SETTLE_SECONDS = 120.0  # a generous bound for one event on a busy machine; never reached when all is well


@dataclass
class World:
    discord: DiscordStandIn
    services: Services
    posters: dict[str, Any]
    task: asyncio.Task[None]

    @property
    def client(self) -> StudyClient:
        return self.posters["discord"].client

    @property
    def alice(self) -> Person:
        return self.discord.guilds[0].people[0]

    @property
    def bob(self) -> Person:
        return self.discord.guilds[0].people[1]

    @property
    def admin(self) -> Person:
        return self.discord.guilds[0].people[2]

    @property
    def carol(self) -> Person:
        return self.discord.guilds[1].people[0]

    @property
    def channel(self) -> str:
        return self.discord.guilds[0].channel

    @property
    def mention(self) -> str:
        return self.discord.bot.mention

    async def learn(self, tmp_path: Path) -> None:
        """A short set of study notes as the first guild's material (quicker to index than the course)."""
        notes = tmp_path / "study-notes.md"
        notes.write_text(STUDY_NOTES)
        await self.services.ingestor.ingest([str(notes)], self.discord.guilds[0].id, title="Study notes")

    async def _settled(self, started: int) -> None:
        await asyncio.wait_for(self.client.work.idle_after(started), SETTLE_SECONDS)

    async def say(self, content: str, *, by: Person | None = None, channel: str | None = None,
                  attachments: list[dict[str, Any]] | None = None) -> Posted:
        """Someone writes a message; returns once the bot is done with it."""
        started = self.client.work.started
        posted = await self.discord.post(by or self.alice, channel or self.channel, content, attachments)
        await self._settled(started)
        return posted

    async def replay(self, posted: Posted) -> None:
        """Discord delivers the same MESSAGE_CREATE again (as a resumed gateway session may)."""
        started = self.client.work.started
        await self.discord.dispatch("MESSAGE_CREATE", self.discord.as_received(posted.data))
        await self._settled(started)

    async def slash(self, name: str, options: dict[str, Any] | None = None, *, by: Person | None = None,
                    channel: str | None = None, attachment: dict[str, Any] | None = None) -> Interaction:
        """Someone runs /name (string and boolean options, maybe a file); returns once the bot is done."""
        opts = [{"name": k, "type": 5 if isinstance(v, bool) else 3, "value": v} for k, v in (options or {}).items()]
        data: dict[str, Any] = {"id": self._command_id(name), "name": name, "type": 1, "options": opts}
        if attachment is not None:
            opts.append({"name": "file", "type": 11, "value": attachment["id"]})
            data["resolved"] = {"attachments": {attachment["id"]: attachment}}
        return await self._interact(2, data, by, channel)

    async def context_menu(self, message: Posted, *, by: Person | None = None) -> Interaction:
        """Someone picks "Ask studybot about this message" on a message."""
        name = "Ask studybot about this message"
        data = {"id": self._command_id(name), "name": name, "type": 3, "target_id": message.id,
                "resolved": {"messages": {message.id: message.data}}}
        return await self._interact(2, data, by, message.channel_id)

    async def click(self, message: Posted, custom_id: str, *, by: Person | None = None) -> Interaction:
        """Someone clicks a button of a message the bot sent."""
        assert custom_id in message.custom_ids, f"{custom_id} is not on the message"
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._interact(3, data, by, message.channel_id, message)

    async def autocomplete(self, name: str, option: str, typed: str, *, by: Person | None = None,
                           channel: str | None = None) -> list[dict[str, Any]]:
        """What Discord would suggest while someone types `typed` into /name's `option`."""
        data = {"id": self._command_id(name), "name": name, "type": 1,
                "options": [{"name": option, "type": 3, "value": typed, "focused": True}]}
        i = await self.discord.interact(4, data, by or self.alice, channel or self.channel)
        while not i.answered:
            await asyncio.sleep(0.005)
        [answer] = i.answered
        assert answer["type"] == 8
        return answer["data"]["choices"]

    async def _interact(self, kind: int, data: dict[str, Any], by: Person | None, channel: str | None,
                        message: Posted | None = None) -> Interaction:
        started = self.client.work.started
        i = await self.discord.interact(kind, data, by or self.alice, channel or self.channel, message)
        await self._settled(started)
        return i

    def _command_id(self, name: str) -> str:
        found = [c["id"] for c in self.discord.commands if c["name"] == name]
        return found[0] if found else "1"



async def connected(discord_: DiscordStandIn, posters: dict[str, Any], task: asyncio.Task[None]) -> StudyClient:
    """The client once it has its guilds (GUILD_CREATE parsed), or the error that stopped it."""
    await asyncio.wait([task, asyncio.ensure_future(discord_.ready.wait())], timeout=SETTLE_SECONDS,
                       return_when=asyncio.FIRST_COMPLETED)
    while not task.done():
        client: StudyClient = posters["discord"].client
        if discord_.ready.is_set() and client.user and all(client.get_guild(int(g.id)) for g in discord_.guilds):
            return client
        await asyncio.sleep(0.005)
    task.result()  # raises what stopped it
    raise AssertionError("the bot stopped before connecting")


@asynccontextmanager
async def discord_world(settings: Settings, redis_url: str, monkeypatch: pytest.MonkeyPatch, *,
                        grant_message_content: bool = True, stand_in: DiscordStandIn | None = None,
                        **update: Any) -> AsyncIterator[World]:
    """Real services (embedded Qdrant, Redis, no LLM unless configured) and the bot connected to the stand-in.

    The guild's admin may add material (STUDYBOT_ADMINS=discord:<id>).
    """
    discord_ = stand_in or await DiscordStandIn(grant_message_content=grant_message_content).start()
    monkeypatch.setattr(discord.http.Route, "BASE", discord_.api_base)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(discord_.gateway_url))
    admin = discord_.guilds[0].people[2]
    services = build(settings.model_copy(update={"admins": f"discord:{admin.id}", "fetch_private": True,
                                                 "discord_token": SecretStr("stand-in-token"), **update}), redis_url)
    posters: dict[str, Any] = {}
    task = asyncio.create_task(run_discord(services.chat, posters))
    try:
        await connected(discord_, posters, task)
        yield World(discord_, services, posters, task)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        if "discord" in posters:  # discord.py waits 2 s after READY to announce it, even once closed
            ready = getattr(posters["discord"].client._connection, "_ready_task", None)
            while ready is not None and not ready.done():  # asyncio.wait_for may swallow one cancel
                ready.cancel()
                await asyncio.sleep(0)
        await services.close()
        if stand_in is None:
            await discord_.stop()
