"""Each person's reviews through the core, against a real Redis and a simulated clock: FSRS brings a card
answered wrongly back sooner, the daily private message goes out once per person however many replicas
run, pauses and known topics are honoured, and bad input gets a kind message."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.bootstrap import Services, build, review_sender
from bot.conversation import Reply
from bot.events import Event
from bot.settings import Settings
from bot.study.review.person import Person
from tests.study_fixtures import redis_url  # noqa: F401  (a private Redis for this module)

COURSE = """# Tiny course

## Tokens
Text is cut into tokens before a model reads it. A tokenizer called byte pair encoding merges the most frequent pairs of symbols into new tokens. The GPT-4 tokenizer has a vocabulary of about 100,000 tokens.

## Pretraining
Pretraining teaches a network to predict the next token of web documents. The result is called a base model, which continues documents rather than answering questions. Pretraining runs for months on thousands of GPUs.

## Fine-tuning
Supervised fine-tuning continues training on example conversations written by human labelers. The model learns to imitate a helpful assistant. A fine-tuning run can finish in a few hours.

## Reward models
A reward model is a network trained to score answers the way people rank them. Reinforcement learning then optimises the assistant against the reward model. Running it for too long leads to reward hacking.
"""
TENANT, CHANNEL = "T1", "C1"


class Clock:
    """The time every part of the bot reads; tests move it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Inbox:
    """A platform's direct messages and channel posts, as people would see them."""

    private: list[tuple[str, str, Reply]] = field(default_factory=list)  # (tenant, user, reply)
    posts: list[tuple[str, str, Reply]] = field(default_factory=list)  # (tenant, channel, reply)
    delay: float = 0.0

    async def post(self, platform: str, tenant: str, channel: str, reply: Reply) -> None:
        await asyncio.sleep(self.delay)
        self.posts.append((tenant, channel, reply))

    async def send_private(self, platform: str, tenant: str, user: str, reply: Reply) -> None:
        await asyncio.sleep(self.delay)
        self.private.append((tenant, user, reply))

    def to(self, user: str) -> list[Reply]:
        return [r for _, u, r in self.private if u == user]


@pytest.fixture()
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc))  # a Monday


@pytest.fixture()
async def app(settings: Settings, redis: Redis, redis_url: str, clock: Clock, tmp_path: Path  # noqa: F811
              ) -> AsyncIterator[Services]:
    s = build(settings, redis_url, clock=clock)
    course = tmp_path / "tiny-course.md"
    course.write_text(COURSE)
    await s.ingestor.ingest([str(course)], TENANT, title="Tiny course")
    yield s
    await s.close()


async def say(app: Services, user: str, command: str, text: str = "", channel: str = CHANNEL,
              tenant: str = TENANT) -> Reply:
    event = Event("slack", tenant, channel, user, text, event_id=uuid.uuid4().hex, command=command)
    outcome = await app.service.receive(event)
    assert outcome.reply is not None
    return outcome.reply


def blank_answer(reply: Reply) -> str:
    m = re.search(r"\*\*Answer:\*\* (.+?) \[1\]", reply.text)
    assert m, reply.text
    return m.group(1)


async def test_a_card_answered_wrongly_comes_back_sooner_over_thirty_days(app: Services, clock: Clock) -> None:
    for user in ("alice", "bob"):
        on = await say(app, user, "review", "on 09:00 UTC")
        assert on.text.startswith("Done: your reviews come privately every day at 09:00 (UTC)")
    cards = await say(app, "alice", "flashcards", "byte pair encoding")
    assert cards.text.startswith("🃏 **Flashcards on “byte pair encoding”**") and cards.cards
    card = cards.cards[0].card_id
    await say(app, "bob", "flashcards", "byte pair encoding")
    answer = blank_answer(await say(app, "alice", "review", "reveal 1"))
    wrong = await say(app, "alice", "review", "answer 1 a bag of words")
    assert "✗ Not quite" in wrong.text and "It comes back tomorrow." in wrong.text
    right = await say(app, "bob", "review", f"answer 1 {answer}")
    assert "✓ Right!" in right.text and "Next review in" in right.text
    assert [c.choices for c in right.cards] == [("easy",)]  # "knew it" is one click away

    inbox = Inbox()
    sender = review_sender(app, {"slack": inbox}, clock=clock)
    seen: dict[str, list[int]] = {"alice": [], "bob": []}
    for day in range(1, 31):
        clock.now = datetime(2026, 3, 2, 9, 1, tzinfo=timezone.utc) + timedelta(days=day)
        before = len(inbox.private)
        await sender.run_due()
        for _, user, reply in inbox.private[before:]:
            if any(c.card_id == card for c in reply.cards):
                seen[user].append(day)
                assert (await say(app, user, "review", f"good {card}")).text.startswith("✓ Good")  # now they know it
    assert seen["alice"][0] == 1 and seen["bob"][0] > 1, seen
    assert seen["alice"][0] < seen["bob"][0] and len(seen["alice"]) > len(seen["bob"]), seen
    assert all(b - a >= 1 for a, b in zip(seen["bob"], seen["bob"][1:]))  # gaps never shrink to nothing

    progress = await say(app, "bob", "progress")
    assert progress.text.startswith("📈 **Your progress**")
    assert re.search(r"Retention estimate: \d+% of your cards", progress.text)
    assert "Daily reviews: every day at 09:00 (UTC)." in progress.text
    assert "This channel's course: 0 of 4 units done" in progress.text


async def test_two_replicas_send_each_persons_reviews_once(app: Services, clock: Clock, redis_url: str  # noqa: F811
                                                           ) -> None:
    for user in ("alice", "bob", "carol"):
        await say(app, user, "review", "on 09:00 UTC")
        await say(app, user, "flashcards", "tiny course")
    await say(app, "carol", "review", "pause 7d")
    inbox = Inbox(delay=0.05)
    clients = [Redis.from_url(redis_url, decode_responses=True) for _ in range(2)]
    try:
        replicas = [review_sender(app, {"slack": inbox}, redis=c, clock=clock) for c in clients]
        clock.now = datetime(2026, 3, 3, 9, 0, 30, tzinfo=timezone.utc)
        results = await asyncio.gather(*(r.run_due() for r in replicas), *(r.run_due() for r in replicas))
        statuses = sorted(o.status for outcomes in results for o in outcomes)
        assert sorted(u for _, u, _ in inbox.private) == ["alice", "bob"]  # once each; carol paused
        assert statuses.count("posted") == 2 and "paused" in statuses
        daily = inbox.to("alice")[0]
        assert daily.text.startswith("🧠 **Your reviews**") and "review pause 7d" in daily.text
        assert all(c.choices == ("reveal",) for c in daily.cards) and 1 <= len(daily.cards) <= 5

        clock.now += timedelta(minutes=5)  # a later tick the same day: nothing again
        again = await replicas[1].run_due()
        assert len(inbox.private) == 2 and {o.status for o in again} <= {"already_posted"}

        clock.now = datetime(2026, 3, 10, 9, 1, tzinfo=timezone.utc)  # carol's pause is over
        await replicas[0].run_due()
        assert inbox.to("carol")
    finally:
        for c in clients:
            await c.aclose()


async def test_what_a_person_or_their_channel_knows_is_skipped(app: Services, clock: Clock) -> None:
    first = await say(app, "alice", "flashcards", "tiny course")
    assert len(first.cards) == 4  # one card per unit
    known = await say(app, "alice", "known", "reward model")
    assert known.text.startswith("Noted: you know “reward model”") and "(unit 4)" in known.text
    again = await say(app, "alice", "flashcards", "reward model")
    assert again.text.startswith("No new cards on “reward model”")
    await say(app, "alice", "review", "on 09:00 UTC")
    await say(app, "alice", "digest", "known 1")  # the channel knows unit 1 (tokens)
    clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=timezone.utc)
    today = await say(app, "alice", "review")
    questions = today.text.lower()
    assert "reward" not in questions and "tokenizer" not in questions and "byte pair" not in questions
    assert "pretraining" in questions or "fine-tuning" in questions
    listed = await say(app, "alice", "known")
    assert listed.text == "Your reviews and flashcards skip: “reward model”. `known rm TOPIC` brings one back."
    assert (await say(app, "alice", "known", "rm reward model")).text.startswith("“reward model” is back")
    assert (await say(app, "bob", "known")).text.startswith("You haven't marked any topic")  # per person


async def test_quiz_answers_rate_the_answerers_own_card(app: Services, clock: Clock) -> None:
    await say(app, "alice", "quiz", "byte pair encoding")
    answered = await say(app, "alice", "quiz", "answer no idea")
    assert "✗ Not quite" in answered.text and "Saved to your reviews: it comes back tomorrow." in answered.text
    clock.now += timedelta(days=1)
    due = await say(app, "alice", "review")
    assert "1 due" in due.text.splitlines()[0]
    revealed = await say(app, "bob", "quiz")  # another question, revealed without a guess
    assert revealed.text.startswith("**Quiz**")
    shown = await say(app, "bob", "quiz", "reveal")
    assert [c.choices for c in shown.cards] == [("again", "good", "easy")]
    rated = await say(app, "bob", "review", f"easy {shown.cards[0].card_id}")
    assert rated.text.startswith("★ Easy (you knew it)") and "Next review in" in rated.text


async def test_bad_input_gets_a_kind_message_and_changes_nothing(app: Services) -> None:
    assert "nothing to pause" in (await say(app, "alice", "review", "pause 7d")).text  # not signed up yet
    await say(app, "alice", "review", "on")
    for text, expected in [
        ("pause forever", "“forever” isn't a length of time I understand. Try `review pause 7d`"),
        ("pause 900d", "A pause runs from 1 day to a year."),
        ("reveal 9", "There's no card 9 in your latest list."),
        ("answer 1", "Give the card's number and your guess"),
        ("good", "Which card? For example `review good 1`."),
        ("on 25:00", "“25:00” isn't a valid time"),
        ("on 09:00 Mars/Olympus", "I don't know the time zone “Mars/Olympus”"),
        ("dance", "I don't know `review dance`."),
    ]:
        reply = await say(app, "alice", "review", text)
        assert expected in reply.text, (text, reply.text)
    assert "Nothing in the material is about “quantum chromodynamics”" in \
        (await say(app, "alice", "known", "quantum chromodynamics")).text
    assert "Flashcards on what?" in (await say(app, "alice", "flashcards")).text
    assert "The weekly summary comes on one day" in (await say(app, "alice", "progress", "weekly on mon-fri")).text
    assert "I don't know `progress weekly sometimes`" in (await say(app, "alice", "progress", "weekly sometimes")).text
    learner = await app.desk.learners.get(Person("slack", TENANT, "alice"))
    assert learner is not None and learner.paused_until == 0.0  # the bad pauses changed nothing


async def test_weekly_team_summary_is_opt_in_and_names_nobody_unless_asked(app: Services, clock: Clock) -> None:
    inbox = Inbox()
    sender = review_sender(app, {"slack": inbox}, clock=clock)
    for user in ("alice", "bob"):
        await say(app, user, "flashcards", "tiny course")
        await say(app, user, "review", "good 1")
    await say(app, "alice", "review", "again 2")
    clock.now = datetime(2026, 3, 9, 9, 0, tzinfo=timezone.utc)  # the next Monday
    await sender.run_due()
    assert inbox.posts == []  # nobody turned it on
    on = await say(app, "alice", "progress", "weekly on")
    assert on.text.startswith("The weekly team summary comes here Mon at 09:00 (UTC)")
    clock.now = datetime(2026, 3, 16, 9, 0, 10, tzinfo=timezone.utc)
    await say(app, "bob", "review", "good 3")  # the slot's own day: it counts towards the next week
    await sender.run_due()
    [(tenant, channel, summary)] = inbox.posts
    assert (tenant, channel) == (TENANT, CHANNEL)
    assert summary.text.startswith("📊 **This week's study here** (9 Mar – 15 Mar)")
    assert "No cards were reviewed this week" in summary.text and "alice" not in summary.text
    await sender.run_due()
    assert len(inbox.posts) == 1  # once per week
    clock.now = datetime(2026, 3, 17, 10, 0, tzinfo=timezone.utc)
    for user in ("alice", "bob"):
        await say(app, user, "review", "good 1")
    await say(app, "alice", "review", "again 2")
    names = await say(app, "alice", "progress", "weekly names on")
    assert names.text.startswith("The weekly summary now names")
    clock.now = datetime(2026, 3, 23, 9, 0, 10, tzinfo=timezone.utc)
    await sender.run_due()
    summary = inbox.posts[-1][2]
    assert "2 people reviewed 4 cards; 75% were remembered." in summary.text
    assert "Most reviews: <@alice> (2) · <@bob> (2)" in summary.text and summary.mentions == ["alice", "bob"]
