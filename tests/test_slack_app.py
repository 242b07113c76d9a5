"""The Slack app end to end: signatures, mentions and follow-ups, DMs, dedup, crowd safety, workspaces,
rate limits, files, failures, serving in Socket Mode and HTTP mode, and the manifest."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path

import pytest
import yaml
from pydantic import SecretStr
from redis.asyncio import Redis

from adapters.slack.app import build_app
from adapters.slack.run import run_slack
from bot.bootstrap import Services, build
from bot.errors import UserError
from bot.settings import Settings
from tests.conftest import LECTURE_URL, ROOT
from tests.slack_harness import (  # noqa: F401
    GLOSSARY,
    Harness,
    buttons,
    h,
    lecture,
    running,
    slack,
    texts,
)
from tests.slack_requests import (
    SlackSender,
    event_callback,
    mention,
    message,
    slash_command,
)
from tests.slack_stub import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, SlackStub

REFUSED = "Adding material is limited to the people your admins allowed. Ask one of them to add it."


async def test_only_signed_requests_get_in(h: Harness) -> None:
    challenge = json.dumps({"type": "url_verification", "challenge": "c-42", "token": "t"})
    assert await h.send.post(challenge, "application/json") == (200, json.dumps({"challenge": "c-42"}))
    # a forged question is never answered: stale, wrongly keyed, or signed for another body
    body = json.dumps(event_callback(mention("What is a tokenizer?", ts="1700000000.000100")))
    stale = h.send.sign(body, timestamp=int(time.time()) - 600)
    forged = SlackSender(h.send.url, h.slack, secret="not-the-secret").sign(body)
    other = h.send.sign(body.replace("tokenizer", "password"))
    for headers in (stale, forged, other):
        assert (await h.send.post(body, "application/json", headers))[0] == 401
    await h.settle()
    assert h.slack.messages == {}
    with pytest.raises(UserError, match="SLACK_BOT_TOKEN"):
        build_app(Services(**{**h.services.__dict__,
                              "settings": h.services.settings.model_copy(update={"slack_bot_token": None})}).chat)


async def test_mention_answers_in_thread_with_deep_links_and_its_thread_takes_follow_ups(
        h: Harness, redis: Redis, tmp_path: Path) -> None:
    await lecture(h.services, tmp_path, "default")
    q = mention("What vocabulary size does the GPT-4 tokenizer have?", ts="1700000001.000100")
    assert (await h.send.event(q, team="default")) == (200, "")
    await h.settle()

    [answer] = h.slack.visible("C1", thread_ts=q["ts"])
    assert "100,277" in texts(answer) and "100,277" in answer.text
    assert all(a["unfurl_links"] is False for a in h.slack.of("chat.postMessage"))
    sources = next(b["text"]["text"] for b in answer.blocks
                   if b["type"] == "section" and b["text"]["text"].startswith("*Sources*"))
    # [1] links to the second of the lecture where the quoted sentence is spoken
    assert f"<{LECTURE_URL.replace('&', '&amp;')}&amp;t=" in sources and "|[1] How LLMs Are Built — " in sources
    answer_id = buttons(answer)["studybot_vote_up"]
    assert buttons(answer)["studybot_vote_down"] == answer_id == buttons(answer)["studybot_note_save"]
    stored = json.loads(await redis.get(f"studybot:answer:{answer_id}"))
    assert stored["tenant"] == "default" and stored["thread"] == q["ts"]
    # the ⏳ showed the work under way, and went away
    assert [(r["name"], r["timestamp"]) for r in h.slack.of("reactions.add")] == [("hourglass_flowing_sand", q["ts"])]
    assert len(h.slack.of("reactions.remove")) == 1

    # a follow-up in that thread needs no mention; chatter elsewhere is left alone
    await h.send.event(message("and how is that different from SFT?", ts="1700000002.000100",
                               thread_ts=q["ts"]), team="default")
    await h.send.event(message("lunch anyone?", ts="1700000004.000100"), team="default")
    await h.settle()
    assert len(h.slack.visible("C1", thread_ts=q["ts"])) == 2 and len(h.slack.visible()) == 2
    turns = [json.loads(t) for t in await redis.lrange(f"studybot:thread:slack:default:C1:{q['ts']}", 0, -1)]
    assert [t["question"] for t in turns] == ["What vocabulary size does the GPT-4 tokenizer have?",
                                              "and how is that different from SFT?"]


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
    [answer] = h.slack.visible("C1", thread_ts=q["ts"])
    assert "100,277" in texts(answer)
    assert len(h.slack.of("chat.postMessage")) == 1 and len(h.slack.of("reactions.add")) == 1


async def test_nothing_posted_can_ping_a_crowd_or_break_formatting(h: Harness) -> None:
    await h.notes()
    await h.send.event(mention("What is reward hacking? <!everyone> tell <!here> & <!subteam^S9|@all>",
                               ts="1700000020.000100"))
    await h.send.command("ask <!channel> what is reward hacking? <b>", user="U2")
    await h.settle()
    [answer] = h.slack.visible("C1", thread_ts="1700000020.000100")
    assert "reward model" in texts(answer)
    [slash] = h.slack.visible("C1", top=True)
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
    [ours] = h.slack.visible(thread_ts="1700000030.000100")
    [theirs] = h.slack.visible(thread_ts="1700000031.000100")
    assert "100,277" in texts(ours) and "notes.example.org" in texts(ours)
    assert "doesn't seem to cover" in texts(theirs)
    assert "100,277" not in texts(theirs) and "*Sources*" not in texts(theirs)
    assert [p.text for p in h.slack.private_to("U2")] == [
        "Nothing is indexed for this team yet. Add material with `add` and a file or link."]


async def test_rate_limits_answer_kindly_and_only_to_the_asker(settings: Settings, redis: Redis, redis_url: str,
                                                               slack: SlackStub) -> None:
    async with running(settings, redis_url, slack, rate_user_per_minute=1, rate_tenant_per_minute=3) as h:
        for n, user in enumerate(["U1", "U1", "U2", "U3", "U4"]):
            await h.send.event(mention("What is a tokenizer?", ts=f"17000000{40 + n}.000100", user=user))
            await h.settle()
        assert [m.thread_ts for m in slack.visible()] == ["1700000040.000100", "1700000042.000100",
                                                          "1700000043.000100"]
        [too_fast] = slack.private_to("U1")
        # the question's thread does not exist yet: the note is shown at the top level, where it is seen
        assert too_fast.channel == "C1" and too_fast.thread_ts is None
        assert too_fast.text.startswith("You're asking faster than I can keep up. Please try again in")
        assert slack.private_to("U4")[0].text.startswith("Your team is asking a lot right now.")
        assert len(slack.of("reactions.add")) == 3  # refusals never show work under way


async def test_files_shared_with_the_bot_are_added_and_a_question_with_a_screenshot_is_answered(h: Harness) -> None:
    """Bug 3: any message with a file used to become `add`; a question with a screenshot got a refusal."""
    await h.notes()
    h.slack.files["glossary.md"] = (GLOSSARY, "text/markdown")
    h.slack.file_infos["F2"] = {"id": "F2", "name": "glossary2.md", "mimetype": "text/markdown", "size": 120,
                                "url_private": h.slack.file_url("glossary.md")}
    shared = {"id": "F1", "name": "glossary.md", "mimetype": "text/markdown", "size": len(GLOSSARY),
              "url_private": h.slack.file_url("glossary.md")}
    screenshot = {"id": "F3", "name": "diagram.png", "mimetype": "image/png", "size": 48_000,
                  "url_private": h.slack.file_url("diagram.png")}
    dm = message("", ts="1700000060.000100", channel="D9", user="UADMIN", channel_type="im",
                 subtype="file_share", files=[shared])
    refused = message("", ts="1700000061.000100", channel="D8", user="U1", channel_type="im",
                      subtype="file_share", files=[shared])
    only_id = mention("add here you go", ts="1700000062.000100", user="UADMIN") | {
        "files": [{"id": "F2", "file_access": "check_file_info"}]}
    question = mention("what does this diagram show about the GPT-4 tokenizer vocabulary?",
                       ts="1700000067.000100", user="U1") | {"files": [screenshot]}
    for event in (dm, refused, only_id, question):
        await h.send.event(event)
    await h.settle()

    # a DM is answered at its top level, like a conversation
    [added] = h.slack.visible("D9")
    assert added.thread_ts is None and texts(added).startswith("✓ Added Glossary")
    assert [m.text for m in h.slack.visible("D8")] == [REFUSED]  # in a DM, even a refusal is a normal message
    # what `add` says is for the person who added (the command table's audience), not the channel
    [second] = h.slack.private_to("UADMIN")
    assert second.channel == "C1" and second.thread_ts is None and second.text.startswith("✓ Added Glossary")
    [answered] = h.slack.visible("C1", thread_ts=question["ts"])
    assert "100,277" in texts(answered) and "I read only your words" in texts(answered)
    assert {c.args["name"] for c in h.slack.calls if c.method == "download"} == {"glossary.md"}  # never the screenshot
    assert all(c.headers["Authorization"] == f"Bearer {BOT_TOKEN}" for c in h.slack.calls if c.method == "download")
    assert [a["file"] for a in h.slack.of("files.info")] == ["F2"]
    assert {r.title for r in await h.services.index.records("T1")} == {"Glossary", "Team notes"}
    assert await h.services.index.records("T2") == []

    # a file dropped into the bot's thread without a mention is not for the bot
    await h.send.event(message("", ts="1700000066.000100", user="U1", thread_ts=question["ts"],
                               subtype="file_share", files=[shared]))
    # without files:read, Slack hands out a sign-in page: reported, not ingested
    missing = shared | {"name": "secret.pdf", "mimetype": "application/pdf", "url_private": h.slack.file_url("nope")}
    await h.send.event(message("", ts="1700000065.000100", channel="D9", user="UADMIN", channel_type="im",
                               subtype="file_share", files=[missing]))
    # the bot token goes to Slack's own hosts only
    elsewhere = shared | {"name": "elsewhere.md", "url_private": "http://localhost:9/files-pri/T1-F1/glossary.md"}
    await h.send.event(message("", ts="1700000068.000100", channel="D9", user="UADMIN", channel_type="im",
                               subtype="file_share", files=[elsewhere]))
    await h.settle()
    assert len(h.slack.visible("C1", thread_ts=question["ts"])) == 1
    reports = sorted(texts(m) for m in h.slack.visible("D9")[1:])
    assert reports[0] == "✗ elsewhere.md: not a Slack file link"
    assert reports[1].startswith("✗ secret.pdf: Slack sent a sign-in page")


async def test_failures_become_a_short_private_note_never_silence(h: Harness) -> None:
    h.slack.fail("chat.postMessage", "fatal_error", when=lambda a: a["channel"] == "CBROKEN")
    await h.send.event(mention("What is a tokenizer?", ts="1700000070.000100", channel="CBROKEN"))
    await h.send.command("summary lecture", user="U2", channel="CBROKEN")
    await h.settle()
    for user in ("U1", "U2"):
        [sorry] = h.slack.private_to(user)
        assert sorry.channel == "CBROKEN" and sorry.thread_ts is None
        assert sorry.text == "Sorry, something went wrong on my side. Please try again in a moment."
    assert "Traceback" not in h.slack.everything_sent()
    assert len(h.slack.of("reactions.remove")) == 1  # the ⏳ does not stay behind
    assert h.slack.visible() == []


async def test_run_slack_serves_socket_mode_or_http_until_cancelled_and_drains(
        settings: Settings, redis: Redis, redis_url: str, slack: SlackStub, unused_tcp_port: int,
        caplog: pytest.LogCaptureFixture) -> None:
    base = {"slack_bot_token": SecretStr(BOT_TOKEN), "slack_api_url": slack.api_url}
    socket_mode = build(settings.model_copy(update={**base, "slack_app_token": SecretStr(APP_TOKEN)}), redis_url)
    posters: dict[str, object] = {}
    try:
        serving = asyncio.create_task(run_slack(socket_mode.chat, port=unused_tcp_port, posters=posters))
        q = mention("What is a tokenizer?", ts="1700000090.000100")
        ack = await slack.send_envelope("events_api", event_callback(q), "env-1")
        assert ack == {"envelope_id": "env-1"}
        await slack.send_envelope("slash_commands", slash_command("help", user="U5",
                                                                  response_url=slack.response_url("C1", "U5")), "env-2")
        [answer] = await slack.wait_for("chat.postMessage")
        assert answer["thread_ts"] == q["ts"] and "doesn't seem to cover" in texts(answer)
        await slack.wait_for("response_url")
        assert slack.private_to("U5")[0].text.startswith("Here's what I can do:")
        assert [c.method for c in slack.calls][:2] == ["auth.test", "apps.connections.open"]
        assert "slack" in posters
        # stopped while an answer is under way: it still finishes, and the log says so
        release = slack.hold("reactions.add")
        await slack.send_envelope("events_api", event_callback(mention("What is a token?", ts="1700000092.000100")),
                                  "env-3")
        await slack.wait_for("reactions.add", count=2)
        with caplog.at_level(logging.INFO, logger="studybot.slack"):
            serving.cancel()
            await asyncio.sleep(0)
            release.set()
            with pytest.raises(asyncio.CancelledError):
                await serving
        assert "Slack stopped: 1 of 1 answers under way finished, none dropped" in caplog.text
        assert len(slack.visible(thread_ts="1700000092.000100")) == 1
    finally:
        await socket_mode.close()

    http_mode = build(settings.model_copy(update={**base, "slack_signing_secret": SecretStr(SIGNING_SECRET)}),
                      redis_url)
    try:
        serving = asyncio.create_task(run_slack(http_mode.chat, port=unused_tcp_port))
        send = SlackSender(f"http://127.0.0.1:{unused_tcp_port}/slack/events", slack)
        for _ in range(500):  # until the server listens
            try:
                await send.event(mention("What is a tokenizer?", ts="1700000091.000100"))
                break
            except OSError:
                await asyncio.sleep(0.02)
        await slack.wait_for("chat.postMessage", where=lambda a: a.get("thread_ts") == "1700000091.000100")
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
                await run_slack(wrong.chat, port=unused_tcp_port)
        finally:
            await wrong.close()


def test_manifest_matches_what_the_app_listens_to() -> None:
    manifest = yaml.safe_load((ROOT / "deploy" / "slack-manifest.yml").read_text())
    assert manifest["display_information"]["name"] == "studybot"
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "channels:history", "groups:history",
            "reactions:write", "files:read"} <= scopes
    settings = manifest["settings"]
    assert {"app_mention", "message.im", "message.channels", "message.groups", "app_home_opened"} <= set(
        settings["event_subscriptions"]["bot_events"])
    assert settings["interactivity"]["is_enabled"] is True and settings["socket_mode_enabled"] is True
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/study" and command["usage_hint"]
    home = manifest["features"]["app_home"]
    assert home["messages_tab_enabled"] is True and home["home_tab_enabled"] is True
    [shortcut] = manifest["features"]["shortcuts"]
    assert shortcut["type"] == "message" and shortcut["callback_id"] == "studybot_ask_about_message"
