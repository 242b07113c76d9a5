"""How answers reach Slack: split within Slack's limits, streamed with Slack's streaming methods, and
never lost to a rate limit or a failed edit.

Bug 5: messages were split only at 50 blocks, not by their total text; a long outline failed and its
"writing…" placeholder stayed forever. Bug 6: streaming edits every 1.5 s got rate-limited and the
retry sleep ate the model's deadline, so the answer became "model unavailable".
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.digest_poster import SlackDigestPoster
from adapters.slack.workspaces import WorkspaceClients
from bot.conversation import Reply
from bot.settings import Settings
from tests.openai_stub import OpenAIStub, Scripted
from tests.slack_harness import Harness, h, running, slack, texts  # noqa: F401
from tests.slack_requests import mention, message
from tests.slack_stub import BOT_TOKEN, SlackStub, block_error, text_of

MODEL_SAYS = ("**Reward hacking** is when the policy finds inputs that fool the reward model into high scores [1]. "
              + "The model learns to please the reward model instead of people, so its scores rise while the "
                "answers get worse [1]. " * 8 + "Tell <@U9> and <!channel> about it [1].").strip()
UNAVAILABLE = "language model is unavailable"


def model(body: dict[str, Any]) -> Scripted:
    if "standalone question" in body["messages"][0]["content"]:
        return Scripted("")
    return Scripted(MODEL_SAYS)


@pytest.fixture()
async def llm(settings: Settings, redis: Redis, redis_url: str, slack: SlackStub,
              stub: OpenAIStub) -> AsyncIterator[Harness]:
    stub.responder = model
    async with running(settings, redis_url, slack, openai_base_url=stub.base_url, llm_timeout=20.0,
                       llm_retries=0) as harness:
        await harness.notes()
        yield harness


def long_course() -> bytes:
    sections = "\n\n".join(
        f"## Chapter {n}: how tokenizers, reward models and fine-tuning shape what model number {n} says\n\n"
        f"Chapter {n} explains in detail why the reward model for step {n} is trained on human rankings, "
        f"how byte pair encoding merges pairs, and what supervised fine-tuning on labelled conversations does."
        for n in range(1, 61))
    return f"# The long course\n\n{sections}\n".encode()


async def test_long_outputs_are_split_within_slacks_limits_and_no_placeholder_stays(h: Harness) -> None:
    await h.services.ingestor.ingest_bytes(long_course(), "long-course.md", "T1", origin="long",
                                           url="https://course.example.org/long-course")
    await h.send.command("outline long course", user="U1")
    await h.settle()
    [first] = h.slack.visible("C1", top=True)
    more = h.slack.visible("C1", thread_ts=first.ts)
    pages = [first, *more]
    assert len(pages) > 1 and first.blocks[0]["text"]["text"] == "<@U1> used `/study outline long course`"
    for page in pages:  # every message was accepted by Slack, none is a placeholder any more
        assert block_error(page.blocks) is None and "hourglass" not in texts(page)
    shown = "\n".join(texts(p) for p in pages)
    assert all(f"Chapter {n}:" in shown for n in range(1, 61))
    assert h.slack.privates == []

    # when the placeholder cannot become the answer, the answer is posted anew and the placeholder goes
    h.slack.fail("chat.update", "cant_update_message")
    await h.send.command("explain byte pair encoding", user="U2")
    # when nothing can be posted after the placeholder, it goes and the asker is told
    h.slack.fail("chat.postMessage", "fatal_error", when=lambda a: a["channel"] == "C2"
                 and "hourglass" not in text_of(a.get("blocks")))
    await h.send.command("explain reward model", user="U3", channel="C2")
    await h.settle()
    [explained] = [m for m in h.slack.visible("C1", top=True) if "<@U2>" in texts(m)]
    assert "byte pair encoding" in texts(explained).lower() and "hourglass" not in texts(explained)
    assert h.slack.visible("C2") == []
    [sorry] = h.slack.private_to("U3")
    assert sorry.text == "Sorry, something went wrong on my side. Please try again in a moment."


async def test_model_answers_stream_with_slacks_streaming_methods_then_become_the_rendered_answer(
        llm: Harness) -> None:
    q = mention("What is reward hacking?", ts="1700000300.000100", user="U1")
    await llm.send.event(q)
    await llm.settle()
    [start] = llm.slack.of("chat.startStream")
    assert (start["channel"], start["thread_ts"], start["recipient_user_id"], start["recipient_team_id"]) == (
        "C1", q["ts"], "U1", "T1")
    assert llm.slack.of("chat.stopStream") and llm.slack.of("chat.appendStream")
    [answer] = llm.slack.visible("C1", thread_ts=q["ts"])
    # the streamed text became the rendered answer: formatted, with quoted sources and buttons
    assert answer.ts == llm.slack.of("chat.update")[-1]["ts"] and answer.streamed == ""
    body = texts(answer)
    assert body.startswith("*Reward hacking* is when the policy") and "*Sources*" in body and "_“" in body
    assert "writing" not in body and UNAVAILABLE not in body
    assert len(llm.slack.of("chat.update")) == 1  # no edits while it was written
    assert "<@U9>" not in llm.slack.everything_sent() and "<!" not in llm.slack.everything_sent()  # nobody pinged


async def test_rate_limited_streaming_never_costs_the_model_answer(llm: Harness) -> None:
    for method in ("chat.startStream", "chat.appendStream", "chat.stopStream"):
        llm.slack.rate_limit(method, retry_after=30)
    questions = [mention("What is reward hacking?", ts=f"170000031{n}.000100", user=f"U{n}") for n in range(2)]
    await asyncio.gather(*(llm.send.event(q) for q in questions))  # two answers at once
    await llm.settle()
    assert llm.slack.of("chat.startStream")  # it tried, and Slack said 429
    for q in questions:
        [answer] = llm.slack.visible("C1", thread_ts=q["ts"])
        assert texts(answer).startswith("*Reward hacking* is when the policy") and UNAVAILABLE not in texts(answer)


async def test_without_slacks_streaming_answers_are_edited_in_place(llm: Harness) -> None:
    llm.slack.fail("chat.startStream", "not_allowed")
    await llm.send.event(mention("What is reward hacking?", ts="1700000320.000100"))
    await llm.send.event(message("What is reward hacking?", ts="1700000321.000100", channel="D1", channel_type="im"))
    await llm.settle()
    for channel, thread in (("C1", "1700000320.000100"), ("D1", None)):
        [answer] = [m for m in llm.slack.visible(channel) if m.thread_ts == thread]
        shown_first = next(a for a in llm.slack.of("chat.postMessage") if a["ts"] == answer.ts)
        assert "writing…" in text_of(shown_first["blocks"])  # it appeared while being written...
        assert texts(answer).startswith("*Reward hacking*") and "writing" not in texts(answer)  # ...then in full
    assert len(llm.slack.of("chat.startStream")) == 1  # Slack said no once; it was not asked again


async def test_the_digest_poster_puts_a_long_digest_in_the_channel_within_slacks_limits(slack: SlackStub) -> None:
    poster = SlackDigestPoster(WorkspaceClients(AsyncWebClient(token=BOT_TOKEN, base_url=slack.api_url)))
    units = "\n\n".join(f"## Unit {n}\n" + "tokens and reward models " * 80 for n in range(12))
    await poster.post("slack", "T1", "CDIGEST", Reply(units + "\n\nEveryone <!channel> read this"))
    pages = slack.visible("CDIGEST", top=True)
    assert len(pages) > 1 and all(block_error(p.blocks) is None for p in pages)
    assert all(f"Unit {n}" in "\n".join(texts(p) for p in pages) for n in range(12))
    assert "<!" not in slack.everything_sent()
