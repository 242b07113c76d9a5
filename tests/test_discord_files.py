"""Files people hand the bot: a question with a screenshot is a question; `add` (admins only) adds material.

The core decides, from offers the adapter passes without downloading: who may add, which files are
too large. Nothing is downloaded for someone who may not add, or for a file over the limit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.settings import Settings
from tests.discord_harness import discord_world

DOWNLOADS = "/cdn/{file_id}/{name}"
NOTES = b"# RLHF notes\n\nThe reward model scores each answer from human rankings of answers.\n"
GLOSSARY = b"# Glossary\n\nA token is a chunk of text the model reads, often part of a word.\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
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


async def test_a_question_with_a_screenshot_is_answered_not_added(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    async with discord_world(settings, redis_url, monkeypatch) as world:
        d = world.discord
        await world.learn(tmp_path)
        before = {r.title for r in await world.services.index.records(d.guilds[0].id)}
        shot = d.attachment("screenshot.png", PNG, "image/png")

        # Anyone, admin or not: the words are the question, answered in a thread like any other.
        for person in (world.alice, world.admin):
            question = await world.say(f"{world.mention} what does this diagram show about tokenization?",
                                       by=person, attachments=[shot])
            [answer] = d.by_bot(question.id)
            assert "token" in answer.content.lower() and answer.embeds and answer.custom_ids
            assert "send it with `add`" in answer.data["embeds"][0]["footer"]["text"]  # why the file was left aside
        assert d.requests("GET", DOWNLOADS) == []  # the screenshot was never fetched
        assert {r.title for r in await world.services.index.records(d.guilds[0].id)} == before


async def test_add_with_files_and_links_is_for_admins_and_checked_before_download(
        settings: Settings, redis: Redis, redis_url: str, monkeypatch: pytest.MonkeyPatch, site: str) -> None:
    async with discord_world(settings, redis_url, monkeypatch) as world:
        d = world.discord
        guild_a, guild_b = (g.id for g in d.guilds)

        # Not allowed: a kind refusal where it was asked, and the file is never downloaded.
        notes = d.attachment("rlhf-notes.md", NOTES, "text/markdown")
        refused = await world.say(f"{world.mention} add", by=world.alice, attachments=[notes])
        [no] = d.by_bot(world.channel)
        assert no.content.startswith("Adding material is limited to the people")
        assert no.data["message_reference"]["message_id"] == refused.id and not no.custom_ids
        i = await world.slash("add", by=world.alice, attachment=notes)
        [no_slash] = d.shown(i)
        assert no_slash.ephemeral and no_slash.content.startswith("Adding material is limited")
        assert d.requests("GET", DOWNLOADS) == [] and await world.services.index.records(guild_a) == []

        # A file alone with a mention, from an admin: downloaded, added, said in place (no thread for that).
        added = await world.say(world.mention, by=world.admin, attachments=[notes])
        assert len(d.requests("GET", DOWNLOADS)) == 1
        assert d.by_bot(world.channel)[-1].content.startswith("✓ Added RLHF notes (") and added.id not in d.channels

        # `/add` with a file, and with a link fetched by the core; only the admin sees the receipts.
        i = await world.slash("add", by=world.admin, attachment=d.attachment("glossary.md", GLOSSARY))
        [receipt] = d.shown(i)
        assert receipt.ephemeral and receipt.content.startswith("✓ Added Glossary (")
        i = await world.slash("add", {"link": f"{site}/scaling"}, by=world.admin)
        assert d.shown(i)[0].content.startswith("✓ Added Scaling laws (")

        # Too big: refused before any byte is downloaded.
        downloads = len(d.requests("GET", DOWNLOADS))
        big = d.attachment("lecture.vtt", b"WEBVTT\n", "text/vtt", size=60_000_000)
        await world.say(f"{world.mention} add", by=world.admin, attachments=[big])
        assert d.by_bot(world.channel)[-1].content == "✗ lecture.vtt: 60.0 MB is over the 50 MB limit."
        assert len(d.requests("GET", DOWNLOADS)) == downloads

        # The guild's material now answers its questions; the other guild sees none of it.
        assert {r.title for r in await world.services.index.records(guild_a)} == {"RLHF notes", "Glossary",
                                                                                  "Scaling laws"}
        assert await world.services.index.records(guild_b) == []
        i = await world.slash("ask", {"question": "What does the reward model score?"})
        assert "human rankings" in d.shown(i)[0].content
        i = await world.slash("ask", {"question": "What does the reward model score?"}, by=world.carol,
                              channel=d.guilds[1].channel)
        assert "human rankings" not in d.shown(i)[0].content
