"""Which Slack messages the bot answers, and where people see its answers and refusals.

Bug 1: after one answer in any thread, the bot answered everything said there afterwards.
Bug 2: refusals after a top-level mention or a DM went to a thread that did not exist yet: unseen.
Bug 4: every top-level DM started a new conversation.
"""

from __future__ import annotations

import json

from redis.asyncio import Redis

from tests.slack_harness import Harness, h, slack, texts  # noqa: F401
from tests.slack_requests import mention, message

REFUSED = "Adding material is limited to the people your admins allowed. Ask one of them to add it."


async def test_follow_ups_without_a_mention_only_in_threads_the_bot_opened_and_never_naming_others(
        h: Harness) -> None:
    await h.notes()
    # people's own thread: someone mentions the bot once...
    human = "1700000100.000100"
    await h.send.event(message("anyone know how big the GPT-4 vocabulary is?", ts=human))
    await h.send.event(mention("How big is the GPT-4 tokenizer vocabulary?", ts="1700000101.000100",
                               user="U2", thread_ts=human))
    await h.settle()
    [answer] = h.slack.visible("C1", thread_ts=human)
    assert "100,277" in texts(answer)
    # ...and the rest of their conversation stays theirs
    await h.send.event(message("thanks!", ts="1700000102.000100", thread_ts=human))
    await h.send.event(message("<@U3> can you check what byte pair encoding merges?", ts="1700000103.000100",
                               thread_ts=human))
    await h.settle()
    assert len(h.slack.visible("C1", thread_ts=human)) == 1

    # the thread the bot opened under a question takes follow-ups without a mention...
    question = mention("What does byte pair encoding merge?", ts="1700000110.000100")
    await h.send.event(question)
    await h.settle()
    await h.send.event(message("and what is reward hacking?", ts="1700000111.000100", thread_ts=question["ts"]))
    await h.settle()
    opened = h.slack.visible("C1", thread_ts=question["ts"])
    assert len(opened) == 2 and "reward model" in texts(opened[1])
    # ...but not messages for someone else, or for a crowd
    await h.send.event(message("<@U3> what do you think about reward hacking?", ts="1700000112.000100",
                               thread_ts=question["ts"]))
    await h.send.event(message("<!here> what is reward hacking?", ts="1700000113.000100", thread_ts=question["ts"]))
    await h.settle()
    assert len(h.slack.visible("C1", thread_ts=question["ts"])) == 2
    assert h.slack.privates == []


async def test_refusals_are_seen_where_the_person_is(h: Harness) -> None:
    # a top-level mention: its thread does not exist yet, so the note is shown at the top level
    await h.send.event(mention("add https://example.org/lecture.vtt", ts="1700000120.000100", user="U1"))
    # in an existing thread: there
    await h.send.event(mention("add https://example.org/lecture.vtt", ts="1700000122.000100", user="U2",
                               thread_ts="1700000121.000100"))
    # in a DM: a normal message (a DM is private already)
    await h.send.event(message("add https://example.org/lecture.vtt", ts="1700000123.000100", user="U3",
                               channel="D3", channel_type="im"))
    await h.settle()
    [top] = h.slack.private_to("U1")
    assert (top.channel, top.thread_ts, top.text) == ("C1", None, REFUSED)
    [threaded] = h.slack.private_to("U2")
    assert (threaded.channel, threaded.thread_ts, threaded.text) == ("C1", "1700000121.000100", REFUSED)
    [dm] = h.slack.visible("D3")
    assert (dm.thread_ts, dm.text) == (None, REFUSED)
    assert h.slack.visible("C1") == []


async def test_a_direct_message_conversation_keeps_its_context_across_top_level_messages(
        h: Harness, redis: Redis) -> None:
    await h.notes()
    first = message("How big is the GPT-4 tokenizer vocabulary?", ts="1700000130.000100", channel="D1",
                    channel_type="im")
    await h.send.event(first)
    await h.settle()
    await h.send.event(message("and what does byte pair encoding merge?", ts="1700000131.000100", channel="D1",
                               channel_type="im"))
    await h.settle()
    answers = h.slack.visible("D1")
    assert [a.thread_ts for a in answers] == [None, None]  # answered in the conversation, not in threads
    assert "100,277" in texts(answers[0])
    turns = [json.loads(t) for t in await redis.lrange("studybot:thread:slack:T1:D1:dm", 0, -1)]
    assert [t["question"] for t in turns] == ["How big is the GPT-4 tokenizer vocabulary?",
                                              "and what does byte pair encoding merge?"]
    # another person's DM is another conversation
    await h.send.event(message("what is reward hacking?", ts="1700000132.000100", channel="D2", user="U2",
                               channel_type="im"))
    await h.settle()
    assert await redis.llen("studybot:thread:slack:T1:D2:dm") == 1
