"""A Chinese mention, direct message or `/study` in Slack and Discord behaves as an English one, in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from tests.conftest import load_course
from tests.discord_harness import discord_world
from tests.slack_harness import Harness, h, lecture, slack, texts  # noqa: F401
from tests.slack_requests import mention

SEED_QUESTION = "幻觉问题是如何产生的？有哪些缓解方法？"


async def test_slack_answers_a_chinese_mention_in_its_thread_with_chinese_framing(h: Harness, tmp_path: Path) -> None:
    await lecture(h.services, tmp_path, "default")
    q = mention("GPT-4 的分词器词表有多大？", ts="1700000301.000100")  # the lecture's first minutes say
    assert (await h.send.event(q, team="default")) == (200, "")
    await h.settle()
    [answer] = h.slack.visible("C1", thread_ts=q["ts"])
    shown = texts(answer)
    assert "资料中的相关内容" in shown and "100,277" in shown
    assert any(b["type"] == "section" and b["text"]["text"].startswith("*来源*") for b in answer.blocks)
    assert "Sources" not in shown and "No language model" not in shown

    await h.send.command("帮助", user="UZH", team="default")
    await h.settle()
    [shown] = h.slack.private_to("UZH")
    assert "我可以做这些" in shown.text and "`摘要` / `summary`" in shown.text


async def test_discord_answers_a_chinese_mention_with_chinese_sources_heading(
        settings: Settings, redis_url: str, monkeypatch: pytest.MonkeyPatch, corpus: Path) -> None:
    async with discord_world(settings, redis_url, monkeypatch) as world:
        await load_course(world.services, corpus, world.discord.guilds[0].id)
        await world.say(f"{world.mention} {SEED_QUESTION}", by=world.alice)
        [answer] = world.discord.by_bot()
        assert "资料中的相关内容" in answer.content and "hallucination" in answer.content.lower()
        [embed] = answer.embeds
        assert embed["title"] == "来源"
