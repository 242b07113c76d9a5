"""`/study` for every chat command of the table, the message shortcut, the App Home tab, and the README's
Slack section (bug 10: it offered a `/summary` that did not exist)."""

from __future__ import annotations

import re

import yaml

from bot.commands import COMMANDS, Audience, help_text
from tests.conftest import ROOT
from tests.slack_harness import GLOSSARY, Harness, buttons, h, slack, texts  # noqa: F401
from tests.slack_requests import message

# each chat command of the table, with words that succeed on the team notes
TRY = {"ask": "What is reward hacking?", "summary": "team notes", "outline": "team notes",
       "explain": "reward hacking", "compare": "tokenization vs reward hacking", "note": "add Tokens are chunks",
       "quiz": "tokenization", "digest": "subscribe 09:00 Europe/Berlin weekdays", "sources": "", "help": "",
       "flashcards": "tokenization", "review": "", "known": "tokenization", "progress": ""}


async def test_study_runs_every_chat_command_for_the_audience_the_table_gives(h: Harness) -> None:
    await h.notes()
    chat = [c for c in COMMANDS if c.in_chat and c.listed]
    assert {c.name for c in chat} == set(TRY) | {"add"}
    for n, c in enumerate(chat):
        if c.name != "add":
            await h.send.command(f"{c.name} {TRY[c.name]}".strip(), user=f"U{n}")
    h.slack.files["glossary.md"] = (GLOSSARY, "text/markdown")
    await h.send.command(f"add {h.slack.base}/pages/glossary.md", user="UADMIN")
    await h.settle()
    for n, c in enumerate(chat):
        user = "UADMIN" if c.name == "add" else f"U{n}"
        public = [m for m in h.slack.visible("C1", top=True) if f"<@{user}>" in texts(m)]
        private = h.slack.private_to(user)
        if c.audience is Audience.CHANNEL:
            # for the channel, headed by who asked (nobody saw the command), nothing private
            [answer] = public
            heading = answer.blocks[0]["text"]["text"]
            assert heading.startswith(f"<@{user}> asked" if c.name == "ask" else f"<@{user}> used `/study {c.name}")
            assert "hourglass" not in texts(answer) and len(texts(answer)) > len(heading) + 20, c.name
            assert private == [], c.name
        else:
            assert public == [] and [p.via for p in private] == ["response_url"] * len(private), c.name
            assert len(private) == (2 if c.name == "add" else 1), c.name
    working, added = h.slack.private_to("UADMIN")  # adding takes a while: it says so first
    assert "Adding it to the material" in working.text and added.text.startswith("✓ Added Glossary")

    # `/study` alone and `/study help` show the help generated from the table
    await h.send.command("", user="UH1")
    await h.send.command("help", user="UH2")
    await h.settle()
    for user in ("UH1", "UH2"):
        [shown] = h.slack.private_to(user)
        assert shown.text == help_text()
        assert all(f"`{c.name}`" in shown.text for c in chat)

    # the thread of a `/study` answer takes follow-ups without a mention
    [asked] = [m for m in h.slack.visible("C1", top=True) if m.blocks[0]["text"]["text"].endswith("reward hacking?")]
    await h.send.event(message("and what is byte pair encoding?", ts="1700000200.000100", thread_ts=asked.ts))
    await h.settle()
    [followup] = h.slack.visible("C1", thread_ts=asked.ts)
    assert "Byte pair encoding" in texts(followup)


async def test_study_ask_only_me_and_channels_the_bot_is_not_in(h: Harness) -> None:
    await h.notes()
    await h.send.command("ask --only-me What is reward hacking?", user="U1")
    await h.send.command("ask-private How big is the GPT-4 vocabulary?", user="U2")
    h.slack.fail("chat.postMessage", "not_in_channel", when=lambda a: a["channel"] == "CPRIV")
    await h.send.command("explain reward hacking", user="U3", channel="CPRIV")
    await h.settle()
    assert h.slack.visible() == []
    [mine] = h.slack.private_to("U1")
    assert "reward model" in texts(mine) and "studybot_vote_up" in buttons(mine)
    [theirs] = h.slack.private_to("U2")
    assert "100,277" in texts(theirs)
    [hinted] = h.slack.private_to("U3")
    assert hinted.channel == "CPRIV" and hinted.via == "response_url"
    assert "reward model" in texts(hinted) and "/invite @studybot" in texts(hinted)
    assert texts(hinted).startswith("<@U3> used `/study explain reward hacking`")


async def test_ask_about_this_message_answers_in_its_thread_headed_by_who_asked(h: Harness) -> None:
    await h.notes()
    question = message("How big is the GPT-4 tokenizer vocabulary?", ts="1700000210.000100", user="U1")
    await h.send.event(question)  # people talking: not for the bot
    await h.send.shortcut("studybot_ask_about_message", question, user="U2")
    await h.settle()
    [answer] = h.slack.visible("C1", thread_ts=question["ts"])
    assert answer.blocks[0]["text"]["text"] == "<@U2> asked about this message"
    assert "100,277" in texts(answer) and "hourglass" not in texts(answer)
    # the bot opened that thread: follow-ups need no mention
    await h.send.event(message("and what is reward hacking?", ts="1700000211.000100", thread_ts=question["ts"]))
    await h.settle()
    assert len(h.slack.visible("C1", thread_ts=question["ts"])) == 2

    # on a message in people's own thread: answered there, and their thread stays theirs
    inner = message("what does byte pair encoding merge?", ts="1700000213.000100", thread_ts="1700000212.000100")
    await h.send.shortcut("studybot_ask_about_message", inner, user="U3")
    await h.settle()
    await h.send.event(message("thanks, makes sense", ts="1700000214.000100", thread_ts="1700000212.000100"))
    await h.settle()
    [there] = h.slack.visible("C1", thread_ts="1700000212.000100")
    assert "<@U3> asked about this message" in texts(there) and "frequent pairs" in texts(there)


async def test_app_home_shows_the_workspace_sources_digests_and_how_to(h: Harness) -> None:
    await h.notes()
    await h.notes(tenant="T2")
    await h.send.command("digest subscribe 09:00 Europe/Berlin weekdays", channel="CSTUDY")
    await h.send.command("digest subscribe 07:30 Asia/Shanghai", channel="COTHER", team="T2")
    await h.settle()
    await h.send.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home",
                        "event_ts": "1700000220.000100"})
    await h.send.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages",
                        "event_ts": "1700000221.000100"})
    await h.settle()
    [published] = h.slack.of("views.publish")  # the stub accepted it: a home view within Slack's limits
    assert published["user_id"] == "U1"
    shown = texts(published["view"])
    assert "Sources (1)" in shown and "<https://notes.example.org/team|Team notes>" in shown
    assert "<#CSTUDY> — Mon–Fri at 09:00 (Europe/Berlin)" in shown and "COTHER" not in shown
    for c in COMMANDS:
        assert (f"`/study {c.name}" in shown) == (c.in_chat and c.listed)
    assert "--only-me" in shown and "<!" not in str(published)


def test_every_slack_command_the_readme_offers_exists() -> None:
    text = (ROOT / "README.md").read_text()
    slack_section = text.partition("\n## Slack")[2].partition("\n## ")[0]
    readme = slack_section + "\n".join(line for line in text.splitlines() if "Slack" in line)
    manifest = yaml.safe_load((ROOT / "deploy" / "slack-manifest.yml").read_text())
    registered = {c["command"] for c in manifest["features"]["slash_commands"]}
    offered = set(re.findall(r"`(/[a-z][\w-]*)(?![\w/-])", readme)) - {"/invite"}
    assert offered <= registered, offered - registered
    names = {c.name for c in COMMANDS if c.in_chat and c.listed} | {"ask-private", "--only-me"}
    words = set(re.findall(r"`/study ([a-z-]+)", readme))
    assert words and words <= names, words - names
