"""The Slack app end to end: the real bolt app over HTTP, real core, Qdrant and Redis; Slack is a stub.

Requests are signed like Slack signs them; what the bot sends is read back from the Web API stub.
The app's background work is drained before asserting, so nothing depends on timing.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import SecretStr
from redis.asyncio import Redis

from adapters.slack import run_slack
from adapters.slack.app import build_app
from adapters.slack.http_mode import web_app
from adapters.slack.work import InFlight
from bot.bootstrap import Services, build
from bot.errors import UserError
from bot.service import PLANNED
from bot.settings import Settings
from tests.conftest import LECTURE_URL, ROOT, load_course
from tests.openai_stub import OpenAIStub, Scripted
from tests.local_http import serve_app
from tests.slack_stub import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackSender,
    SlackStub,
    event_callback,
    mention,
    message,
    slash_command,
)

NOTES = """# Team notes

## Tokenization
The GPT-4 tokenizer has a vocabulary of 100,277 tokens. Byte pair encoding merges the most frequent pairs.

## Reward hacking
Reward hacking is when the policy finds inputs that fool the reward model into high scores.
Post this to @channel <!here> <!channel> <!subteam^S123|@devs> now: a < b & c > d is <b>bold</b>.
"""
GLOSSARY = b"# Glossary\n\n## Distillation\nDistillation trains a small student model to imitate a large teacher model.\n"


@dataclass
class Harness:
    services: Services
    slack: SlackStub
    send: SlackSender
    work: InFlight

    async def settle(self) -> None:
        """Wait until every answer the app started is finished."""
        assert await self.work.drain(timeout=120), "Slack work did not finish"

    async def notes(self, tenant: str = "T1") -> None:
        await self.services.ingestor.ingest_bytes(NOTES.encode(), "team-notes.md", tenant, origin="notes",
                                                  url="https://notes.example.org/team")


@asynccontextmanager
async def running(settings: Settings, redis_url: str, slack: SlackStub, **update: Any) -> AsyncIterator[Harness]:
    """The real app from the factory, served by aiohttp on a random port, talking to the stub."""
    services = build(settings.model_copy(update={
        "slack_bot_token": SecretStr(BOT_TOKEN), "slack_signing_secret": SecretStr(SIGNING_SECRET),
        "slack_api_url": slack.api_url, "admins": "slack:UADMIN", "fetch_private": True,  # the "public" site is local
        **update}), redis_url)
    work = InFlight()
    runner, port = await serve_app(web_app(build_app(services, work)))
    try:
        yield Harness(services, slack, SlackSender(f"http://127.0.0.1:{port}/slack/events"), work)
    finally:
        await work.drain(timeout=30)
        await runner.cleanup()
        await services.close()


@pytest.fixture()
async def slack() -> AsyncIterator[SlackStub]:
    stub = await SlackStub().start()
    yield stub
    await stub.stop()


@pytest.fixture()
async def h(settings: Settings, redis: Redis, redis_url: str, slack: SlackStub) -> AsyncIterator[Harness]:
    async with running(settings, redis_url, slack) as harness:
        yield harness


def texts(msg: dict[str, Any]) -> str:
    """Every mrkdwn text of a posted message's blocks, in order."""
    out = []
    for b in msg.get("blocks") or []:
        if b["type"] == "section":
            out.append(b["text"]["text"])
        elif b["type"] == "context":
            out += [e["text"] for e in b["elements"]]
    return "\n".join(out)


def buttons(msg: dict[str, Any]) -> dict[str, str]:
    return {e["action_id"]: e["value"] for b in msg.get("blocks") or [] if b["type"] == "actions"
            for e in b["elements"]}


def ephemerals(slack: SlackStub, user: str) -> list[str]:
    return [a["text"] for a in slack.of("chat.postEphemeral") if a["user"] == user]


# -- the door: signatures -----------------------------------------------------------


async def test_only_signed_requests_get_in(h: Harness) -> None:
    challenge = json.dumps({"type": "url_verification", "challenge": "c-42", "token": "t"})
    assert await h.send.post(challenge, "application/json") == (200, json.dumps({"challenge": "c-42"}))
    # a forged question is never answered: stale, wrongly keyed, or signed for another body
    body = json.dumps(event_callback(mention("What is a tokenizer?", ts="1700000000.000100")))
    stale = h.send.sign(body, timestamp=int(time.time()) - 600)
    forged = SlackSender(h.send.url, secret="not-the-secret").sign(body)
    other = h.send.sign(body.replace("tokenizer", "password"))
    for headers in (stale, forged, other):
        assert (await h.send.post(body, "application/json", headers))[0] == 401
    await h.settle()
    assert h.slack.of("chat.postMessage") == []
    with pytest.raises(UserError, match="SLACK_BOT_TOKEN"):
        build_app(Services(**{**h.services.__dict__,
                              "settings": h.services.settings.model_copy(update={"slack_bot_token": None})}))


# -- answering: mention, thread follow-ups, DMs, feedback --------------------------


async def test_mention_answers_in_thread_with_deep_links_then_follow_ups_dms_and_votes(
        h: Harness, corpus: Path, redis: Redis) -> None:
    await load_course(h.services, corpus)
    # load_course fills the "default" tenant; copy nothing: ask in workspace "default"
    q = mention("What vocabulary size does the GPT-4 tokenizer have?", ts="1700000001.000100")
    assert (await h.send.event(q, team="default")) == (200, "")
    await h.settle()

    [answer] = h.slack.posts("C1", thread_ts=q["ts"])
    body = texts(answer)
    assert "100,277" in body and "100,277" in answer["text"] and answer["unfurl_links"] is False
    sources = next(b["text"]["text"] for b in answer["blocks"]
                   if b["type"] == "section" and b["text"]["text"].startswith("*Sources*"))
    # [1] links to the second of the lecture where the quoted sentence is spoken
    assert f"<{LECTURE_URL.replace('&', '&amp;')}&amp;t=" in sources and "|[1] How LLMs Are Built — " in sources
    answer_id = buttons(answer)["studybot_vote_up"]
    assert buttons(answer)["studybot_vote_down"] == answer_id
    stored = await h.services.answers.get(answer_id)
    assert stored and stored["tenant"] == "default" and stored["thread"] == q["ts"]
    assert [(r["name"], r["timestamp"]) for r in h.slack.of("reactions.add")] == [("hourglass_flowing_sand", q["ts"])]
    assert len(h.slack.of("reactions.remove")) == 1

    # a follow-up in that thread needs no mention; chatter elsewhere is left alone
    await h.send.event(message("and how is that different from SFT?", ts="1700000002.000100",
                               thread_ts=q["ts"]), team="default")
    await h.send.event(message("unrelated thread chat", ts="1700000003.000100", thread_ts="1600000000.000100"),
                       team="default")
    await h.send.event(message("lunch anyone?", ts="1700000004.000100"), team="default")
    await h.settle()
    assert len(h.slack.posts("C1", thread_ts=q["ts"])) == 2
    assert len(h.slack.of("chat.postMessage")) == 2
    turns = [json.loads(t) for t in await redis.lrange(f"studybot:thread:slack:default:C1:{q['ts']}", 0, -1)]
    assert [t["question"] for t in turns] == ["What vocabulary size does the GPT-4 tokenizer have?",
                                              "and how is that different from SFT?"]

    # direct messages are answered without a mention
    dm = message("What is RLHF?", ts="1700000005.000100", channel="D1", channel_type="im")
    await h.send.event(dm, team="default")
    await h.settle()
    [private] = h.slack.posts("D1", thread_ts=dm["ts"])
    assert "*Sources*" in texts(private)

    # 👍 from a teammate: stored with question and answer, thanked only to them
    assert (await h.send.click(answer, "studybot_vote_up", user="U2", team="default"))[0] == 200
    await h.settle()
    assert await h.services.answers.votes(answer_id) == {"U2": "up"}
    [event] = await h.services.answers.feedback("default")
    assert event["question"] == "What vocabulary size does the GPT-4 tokenizer have?" and "100,277" in event["answer"]
    [thanks] = h.slack.of("chat.postEphemeral")
    assert thanks["user"] == "U2" and thanks["thread_ts"] == q["ts"] and "👍" in thanks["text"]


async def test_one_answer_per_question_and_slack_is_acknowledged_before_the_work(h: Harness) -> None:
    await h.notes()
    release = h.slack.hold("reactions.add")  # the work stalls at its first Slack call...
    q = mention("How big is the GPT-4 vocabulary?", ts="1700000010.000100")
    assert await h.send.event(q) == (200, "")  # ...and Slack has its answer all the same
    await h.slack.wait_for("reactions.add")
    # the same message as a message.channels event, and Slack retrying the mention
    assert await h.send.event(message(q["text"], ts=q["ts"])) == (200, "")
    assert await h.send.event(q, retry=1) == (200, "")
    assert await h.send.event(q, retry=2) == (200, "")
    release.set()
    await h.settle()
    [answer] = h.slack.posts("C1", thread_ts=q["ts"])
    assert "100,277" in texts(answer)
    assert len(h.slack.of("chat.postMessage")) == 1 and len(h.slack.of("reactions.add")) == 1


async def test_nothing_posted_can_ping_a_crowd_or_break_formatting(h: Harness) -> None:
    await h.notes()
    await h.send.event(mention("What is reward hacking? <!everyone> tell <!here> & <!subteam^S9|@all>",
                               ts="1700000020.000100"))
    await h.send.command("ask <!channel> what is reward hacking? <b>", user="U2")
    await h.settle()
    [answer] = h.slack.posts("C1", thread_ts="1700000020.000100")
    assert "reward model" in texts(answer)
    [slash] = h.slack.of("chat.update")
    assert "<@U2> asked" in texts(slash) and "&lt;b&gt;" in texts(slash)
    sent = h.slack.everything_sent()
    assert "<!" not in sent
    for crowd in ("@channel", "@here", "@everyone"):
        assert crowd not in sent
    assert "a &lt; b &amp; c &gt; d is &lt;b&gt;bold&lt;/b&gt;" in texts(answer)  # shown as written, inert


async def test_workspaces_never_see_each_others_material(h: Harness) -> None:
    await h.notes(tenant="T1")
    await h.send.event(mention("How big is the GPT-4 tokenizer vocabulary?", ts="1700000030.000100"), team="T1")
    await h.send.event(mention("How big is the GPT-4 tokenizer vocabulary?", ts="1700000031.000100"), team="T2")
    await h.send.command("sources", user="U2", team="T2")
    await h.settle()
    [ours] = h.slack.posts(thread_ts="1700000030.000100")
    [theirs] = h.slack.posts(thread_ts="1700000031.000100")
    assert "100,277" in texts(ours) and "notes.example.org" in texts(ours)
    assert "doesn't seem to cover" in texts(theirs)
    assert "100,277" not in json.dumps(theirs) and "*Sources*" not in texts(theirs)
    assert ephemerals(h.slack, "U2") == ["Nothing is indexed for this team yet. Add material with `add` and a file or link."]


async def test_rate_limits_answer_kindly_and_only_to_the_asker(settings: Settings, redis: Redis, redis_url: str,
                                                               slack: SlackStub) -> None:
    async with running(settings, redis_url, slack, rate_user_per_minute=1, rate_tenant_per_minute=3) as h:
        for n, user in enumerate(["U1", "U1", "U2", "U3", "U4"]):
            await h.send.event(mention("What is a tokenizer?", ts=f"17000000{40 + n}.000100", user=user))
            await h.settle()
        answered = [p["thread_ts"] for p in slack.of("chat.postMessage")]
        assert answered == ["1700000040.000100", "1700000042.000100", "1700000043.000100"]
        [too_fast] = slack.of("chat.postEphemeral")[:1]
        assert too_fast["user"] == "U1" and too_fast["channel"] == "C1"
        assert too_fast["thread_ts"] == "1700000041.000100"
        assert too_fast["text"].startswith("You're asking faster than I can keep up. Please try again in")
        assert ephemerals(slack, "U4")[0].startswith("Your team is asking a lot right now.")


async def test_slash_commands(h: Harness) -> None:
    await h.notes()
    assert await h.send.command("help") == (200, "")
    soon = [c for c in PLANNED if c not in h.services.service.working_commands()]
    if soon:
        await h.send.command(f"{soon[0]} the lecture")
    await h.settle()
    help_text, *rest = ephemerals(h.slack, "U1")
    assert help_text.startswith("Here's what I can do:") and "`ask`" in help_text
    if soon:
        assert rest[0].startswith(f"`{soon[0]}` is coming soon.")
    assert h.slack.of("chat.postMessage") == []  # none of that is for the channel

    # a question is answered for the channel: a placeholder, then the answer in its place
    await h.send.command("How big is the GPT-4 vocabulary?", user="U2")
    await h.settle()
    [placeholder] = h.slack.posts("C1")
    assert "thread_ts" not in placeholder and "<@U2> asked" in texts(placeholder)
    assert "hourglass_flowing_sand" in texts(placeholder)
    [final] = h.slack.of("chat.update")
    assert final["ts"] == placeholder["ts"] and "100,277" in texts(final) and "*Sources*" in texts(final)
    # ...whose thread takes follow-ups without a mention
    await h.send.event(message("and what is byte pair encoding?", ts="1700000050.000100",
                               thread_ts=placeholder["ts"]))
    await h.settle()
    assert len(h.slack.posts("C1", thread_ts=placeholder["ts"])) == 1

    # adding material: only for allowed users
    h.slack.files["extra.md"] = (GLOSSARY, "text/markdown")
    page = f"{h.slack.base}/pages/extra.md"
    await h.send.command(f"add {page}", user="U3")
    await h.send.command(f"add {page}", user="UADMIN")
    await h.settle()
    assert ephemerals(h.slack, "U3") == [
        "Adding material is limited to the people your admins allowed. Ask one of them to add it."]
    adding, added = ephemerals(h.slack, "UADMIN")
    assert "Adding" in adding and added.startswith("✓ Added Glossary")

    # in a channel the bot is not in, the answer comes to the asker alone, with a hint
    h.slack.fail("chat.postMessage", "not_in_channel", when=lambda a: a["channel"] == "CPRIV")
    await h.send.command("ask What is distillation?", user="U4", channel="CPRIV")
    await h.settle()
    [private] = [a for a in h.slack.of("chat.postEphemeral") if a["user"] == "U4"]
    assert "student model" in texts(private) and "/invite @studybot" in texts(private)


async def test_files_shared_with_the_bot_are_added_for_that_workspace(h: Harness) -> None:
    h.slack.files["glossary.md"] = (GLOSSARY, "text/markdown")
    h.slack.file_infos["F2"] = {"id": "F2", "name": "glossary2.md", "mimetype": "text/markdown", "size": 120,
                                "url_private": h.slack.file_url("glossary.md")}
    shared = {"id": "F1", "name": "glossary.md", "mimetype": "text/markdown", "size": len(GLOSSARY),
              "url_private": h.slack.file_url("glossary.md")}
    dm = message("", ts="1700000060.000100", channel="D9", user="UADMIN", channel_type="im",
                 subtype="file_share", files=[shared])
    await h.send.event(dm)
    refused = message("", ts="1700000061.000100", channel="D8", user="U1", channel_type="im",
                      subtype="file_share", files=[shared])
    await h.send.event(refused)
    only_id = mention("here you go", ts="1700000062.000100", user="UADMIN") | {
        "files": [{"id": "F2", "file_access": "check_file_info"}]}
    await h.send.event(only_id)
    await h.settle()

    [added] = h.slack.posts("D9", thread_ts=dm["ts"])
    assert texts(added).startswith("✓ Added Glossary")
    downloads = h.slack.of("download")
    assert len(downloads) == 2  # the refused upload was never fetched
    assert all(c.headers["Authorization"] == f"Bearer {BOT_TOKEN}" for c in h.slack.calls if c.method == "download")
    assert [a["file"] for a in h.slack.of("files.info")] == ["F2"]
    [second] = h.slack.posts("C1", thread_ts=only_id["ts"])
    assert "Glossary" in texts(second)
    # a file dropped into the bot's thread without a mention is not for the bot
    await h.send.event(message("", ts="1700000066.000100", user="U1", thread_ts=only_id["ts"],
                               subtype="file_share", files=[shared]))
    await h.settle()
    assert len(h.slack.posts("C1", thread_ts=only_id["ts"])) == 1
    assert ephemerals(h.slack, "U1") == [
        "Adding material is limited to the people your admins allowed. Ask one of them to add it."]
    assert h.slack.posts("D8") == []
    records = await h.services.index.records("T1")
    assert {r.title for r in records} == {"Glossary"} and await h.services.index.records("T2") == []

    await h.send.event(mention("What does distillation train?", ts="1700000063.000100"))
    await h.send.event(mention("What does distillation train?", ts="1700000064.000100"), team="T2")
    await h.settle()
    assert "student model" in texts(h.slack.posts(thread_ts="1700000063.000100")[0])
    assert "doesn't seem to cover" in texts(h.slack.posts(thread_ts="1700000064.000100")[0])

    # without files:read, Slack hands out a sign-in page: reported, not ingested
    missing = shared | {"name": "secret.pdf", "mimetype": "application/pdf", "url_private": h.slack.file_url("nope")}
    await h.send.event(message("", ts="1700000065.000100", channel="D9", user="UADMIN", channel_type="im",
                               subtype="file_share", files=[missing]))
    await h.settle()
    [report] = h.slack.posts("D9", thread_ts="1700000065.000100")
    assert "✗ secret.pdf: Slack sent a sign-in page" in texts(report)


async def test_failures_become_a_short_ephemeral_never_silence(h: Harness) -> None:
    h.slack.fail("chat.postMessage", "fatal_error", when=lambda a: a["channel"] == "CBROKEN")
    await h.send.event(mention("What is a tokenizer?", ts="1700000070.000100", channel="CBROKEN"))
    await h.settle()
    [sorry] = h.slack.of("chat.postEphemeral")
    assert sorry["user"] == "U1" and sorry["channel"] == "CBROKEN"
    assert sorry["text"] == "Sorry, something went wrong on my side. Please try again in a moment."
    assert "Traceback" not in h.slack.everything_sent()
    # the hourglass does not stay behind
    assert len(h.slack.of("reactions.remove")) == 1


async def test_model_answer_streams_into_one_message_with_quoted_sources(
        settings: Settings, redis: Redis, redis_url: str, slack: SlackStub, stub: OpenAIStub) -> None:
    def respond(body: dict[str, Any]) -> Scripted:
        if "standalone question" in body["messages"][0]["content"]:
            return Scripted("")
        return Scripted("**Reward hacking** fools the [reward model](https://example.org/rm) [1]. "
                        "<!channel> see `a<b` [1]")
    stub.responder = respond
    async with running(settings, redis_url, slack, openai_base_url=stub.base_url) as h:
        await h.notes()
        q = mention("What is reward hacking?", ts="1700000080.000100")
        await h.send.event(q)
        await h.settle()
        [first] = slack.posts("C1", thread_ts=q["ts"])
        assert "writing" in texts(first)  # the answer appeared while it was being written
        final = slack.of("chat.update")[-1]
        assert final["ts"] == first["ts"] and "writing" not in texts(final)
        body = texts(final)
        assert "*Reward hacking* fools the <https://example.org/rm|reward model> [1]." in body
        assert "`a&lt;b`" in body and "<!" not in slack.everything_sent()
        assert "|[1] team-notes — " in body or "|[1] Team notes — " in body
        assert "_“" in body  # model answers quote the cited passage under each source
        followups = {k: v for k, v in buttons(final).items() if k.startswith("studybot_followup_")}
        if followups:  # a suggested question, clicked by a teammate, is answered in the same thread
            action_id, question = next(iter(followups.items()))
            clicked = final | {"thread_ts": q["ts"]}  # as Slack shows it: a reply in the question's thread
            await h.send.click(clicked, action_id, user="U7")
            await h.send.click(clicked, action_id, user="U7")  # a double click still gets one answer
            await h.settle()
            [asked] = [p for p in slack.posts("C1", thread_ts=q["ts"]) if "<@U7> asked" in texts(p)]
            answered = [u for u in slack.of("chat.update") if u["ts"] == asked["ts"]]
            assert "*Sources*" in texts(answered[-1]) and question in texts(answered[-1])


async def test_run_slack_serves_socket_mode_or_http_until_cancelled(
        settings: Settings, redis: Redis, redis_url: str, slack: SlackStub, unused_tcp_port: int) -> None:
    base = {"slack_bot_token": SecretStr(BOT_TOKEN), "slack_api_url": slack.api_url}
    socket_mode = build(settings.model_copy(update={**base, "slack_app_token": SecretStr(APP_TOKEN)}), redis_url)
    try:
        serving = asyncio.create_task(run_slack(socket_mode, port=unused_tcp_port))
        q = mention("What is a tokenizer?", ts="1700000090.000100")
        ack = await slack.send_envelope("events_api", event_callback(q), "env-1")
        assert ack == {"envelope_id": "env-1"}
        await slack.send_envelope("slash_commands", slash_command("help", user="U5"), "env-2")
        [answer] = await slack.wait_for("chat.postMessage")
        assert answer["thread_ts"] == q["ts"] and "doesn't seem to cover" in texts(answer)
        [help_text] = await slack.wait_for("chat.postEphemeral")
        assert help_text["user"] == "U5" and help_text["text"].startswith("Here's what I can do:")
        assert [c.method for c in slack.calls][:2] == ["auth.test", "apps.connections.open"]
        serving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await serving
    finally:
        await socket_mode.close()

    http_mode = build(settings.model_copy(update={**base, "slack_signing_secret": SecretStr(SIGNING_SECRET)}),
                      redis_url)
    try:
        serving = asyncio.create_task(run_slack(http_mode, port=unused_tcp_port))
        send = SlackSender(f"http://127.0.0.1:{unused_tcp_port}/slack/events")
        for _ in range(500):  # until the server listens
            try:
                await send.event(mention("What is a tokenizer?", ts="1700000091.000100"))
                break
            except OSError:
                await asyncio.sleep(0.02)
        answers = await slack.wait_for("chat.postMessage", count=2)
        assert answers[-1]["thread_ts"] == "1700000091.000100"
        serving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await serving
    finally:
        await http_mode.close()

    # misconfigurations stop the start with a plain message
    for update, error in (({}, "Set SLACK_APP_TOKEN"),
                          ({"slack_app_token": SecretStr(BOT_TOKEN)}, "Slack refused SLACK_APP_TOKEN \\(not_authed\\)"),
                          ({"slack_signing_secret": SecretStr("s"), "slack_bot_token": SecretStr("xoxb-revoked")},
                           "Slack refused SLACK_BOT_TOKEN \\(not_authed\\)")):
        wrong = build(settings.model_copy(update={**base, **update}), redis_url)
        try:
            with pytest.raises(UserError, match=error):
                await run_slack(wrong, port=unused_tcp_port)
        finally:
            await wrong.close()


def test_manifest_matches_what_the_app_listens_to() -> None:
    manifest = yaml.safe_load((ROOT / "deploy" / "slack-manifest.yml").read_text())
    assert manifest["display_information"]["name"] == "studybot"
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "channels:history", "groups:history",
            "reactions:write", "files:read"} <= scopes
    settings = manifest["settings"]
    assert {"app_mention", "message.im", "message.channels", "message.groups"} <= set(
        settings["event_subscriptions"]["bot_events"])
    assert settings["interactivity"]["is_enabled"] is True and settings["socket_mode_enabled"] is True
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/study" and command["usage_hint"]
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
