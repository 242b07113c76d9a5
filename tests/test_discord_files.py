"""Adding material from Discord: allowed people's files and links are ingested for their guild only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import discord
import pytest
from redis.asyncio import Redis

from adapters.discord.attachments import download
from bot.settings import Settings
from tests.discord_harness import attachment_payload, discord_world

CALLBACK = "POST /interactions/{webhook_id}/{webhook_token}/callback"
FOLLOW_UP = "/webhooks/{webhook_id}/{webhook_token}"
ORIGINAL = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
ARTICLE = (b"<html><head><title>Scaling laws</title></head><body><h1>Scaling</h1>"
           b"<p>Loss falls smoothly as compute grows by orders of magnitude.</p></body></html>")


class Article(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(ARTICLE)))
        self.end_headers()
        self.wfile.write(ARTICLE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Article)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


async def test_allowed_people_add_files_and_links_for_their_guild_others_are_refused(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        site: str) -> None:
    notes = tmp_path / "rlhf-notes.md"
    notes.write_text("# RLHF notes\n\nThe reward model scores each answer from human rankings of answers.\n")
    glossary = tmp_path / "glossary.md"
    glossary.write_text("# Glossary\n\nA token is a chunk of text the model reads, often part of a word.\n")
    async with discord_world(settings, redis_url, monkeypatch) as (services, world):
        guild_a, guild_b = (str(g.id) for g in world.guilds)
        rec = world.recorder
        rec.clear()

        # Not allowed: a kind, private refusal, and the file is never downloaded.
        await world.slash("add", member=world.members[0], attachment=attachment_payload(notes, "text/markdown"))
        assert rec.timeline == [CALLBACK, "core.admit", "core.handle", f"DELETE {ORIGINAL}", f"POST {FOLLOW_UP}"]
        refusal = rec.calls[-1].payload
        assert refusal["flags"] == 64 and refusal["content"].startswith("Adding material is limited to the people")
        assert rec.matching("GET", "{url}") == [] and await services.index.records(guild_a) == []

        # The admin (STUDYBOT_ADMINS=discord:<id>): downloaded, ingested, announced publicly.
        rec.clear()
        await world.slash("add", member=world.admin, attachment=attachment_payload(notes, "text/markdown"))
        [fetched] = rec.matching("GET", "{url}")
        assert fetched.path == notes.absolute().as_uri()
        [added] = [c for c in rec.calls if c.template == FOLLOW_UP]
        assert added.payload["content"].startswith("✓ Added RLHF notes (") and "flags" not in added.payload

        # ...and a link, fetched by the core.
        rec.clear()
        await world.slash("add", {"url": f"{site}/scaling"}, member=world.admin)
        assert [c for c in rec.calls if c.template == FOLLOW_UP][0].payload["content"].startswith(
            "✓ Added Scaling laws (")

        # A file attached to a mention: a reply says what was added (no thread for that).
        rec.clear()
        message = await world.say(f"{world.mention()} my glossary", member=world.admin, attachments=[glossary])
        [reply] = rec.sent
        assert reply.payload["message_reference"]["message_id"] == message.id
        assert reply.payload["content"].startswith("✓ Added Glossary (")

        # The guild's material now answers its questions; the other guild sees none of it.
        assert {r.title for r in await services.index.records(guild_a)} == {"RLHF notes", "Scaling laws", "Glossary"}
        assert await services.index.records(guild_b) == []
        rec.clear()
        await world.slash("ask", {"question": "What does the reward model score?"})
        answer = [c for c in rec.calls if c.template == FOLLOW_UP][0].payload
        assert "human rankings" in answer["content"] and "RLHF notes" in answer["embeds"][0]["description"]
        rec.clear()
        await world.slash("ask", {"question": "What does the reward model score?"}, member=world.members[2],
                          channel=world.channels[1])
        assert "human rankings" not in [c for c in rec.calls if c.template == FOLLOW_UP][0].payload["content"]

        # Too big: refused before any byte is downloaded.
        rec.clear()
        big = discord.Attachment(data={**attachment_payload(notes), "size": 60_000_000}, state=world.state)
        got = await download(services.service, [big])
        assert got.files == [] and got.problems == ["✗ rlhf-notes.md: 60.0 MB is over the 50 MB limit."]
        assert rec.calls == []
