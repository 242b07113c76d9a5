"""The core's one use case, `receive`: which events get an answer, who sees it, and what it does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.bootstrap import Services, build
from bot.commands import COMMANDS, Audience, parse
from bot.events import Event, FileOffer, Surface
from bot.settings import Settings
from tests.conftest import load_course

_ids = iter(range(1, 1_000_000))


def event(text: str = "", *, command: str | None = None, user: str = "u1", tenant: str = "team-a",
          **fields: object) -> Event:
    """A mention in a channel, unless fields say otherwise; a fresh event id each time."""
    defaults: dict[str, object] = {"message": f"m{next(_ids)}"}
    defaults.update(fields)
    return Event("slack", tenant, "c1", user, text, event_id=f"e{next(_ids)}", command=command,
                 **defaults)  # type: ignore[arg-type]


class RecordingSurface(Surface):
    """Remembers what the core asked of the platform; downloads serve given bytes."""

    def __init__(self, files: dict[str, bytes] | None = None, opens: str | None = None) -> None:
        self.files, self.opens = files or {}, opens
        self.started: list[tuple[str, Audience]] = []
        self.downloaded: list[str] = []

    async def working(self, command: str, audience: Audience) -> str | None:
        self.started.append((command, audience))
        return self.opens

    async def download(self, offer: FileOffer) -> bytes:
        self.downloaded.append(offer.name)
        return self.files[offer.name]


def test_one_parser_for_chat_text() -> None:
    assert parse("sources") == ("sources", "")
    assert parse("quiz tokenization") == ("quiz", "tokenization")
    assert parse("help") == ("help", "")
    assert parse("help me understand RLHF") == ("ask", "help me understand RLHF")
    assert parse("add https://example.org/a.vtt") == ("add", "https://example.org/a.vtt")
    assert parse("add some salt to the prompt") == ("ask", "add some salt to the prompt")
    assert parse("", with_files=True) == ("add", "")
    assert parse("what does this diagram show?", with_files=True) == ("ask", "what does this diagram show?")
    assert parse("vote up abc") == ("ask", "vote up abc")  # internal commands are not typed


async def test_help_is_generated_from_the_command_table(app: Services) -> None:
    outcome = await app.service.receive(event("help"))
    assert outcome.private and not outcome.refused
    for c in COMMANDS:
        assert (f"`{c.name}`" in outcome.reply.text) == (c.in_chat and c.listed)
    unknown = await app.service.receive(event("", command="dance"))
    assert unknown.refused and unknown.reply.text.startswith("I don't know the command `dance`")


async def test_who_sees_what_comes_from_the_table(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-a")
    answer = await app.service.receive(event("What is RLHF?"))
    assert answer.audience is Audience.CHANNEL and answer.reply.citations
    sources = await app.service.receive(event("sources"))
    assert sources.private and "sources:" in sources.reply.text
    only_me = await app.service.receive(event("What is RLHF?", command="ask", only_me=True))
    assert only_me.private and only_me.reply.citations
    not_optional = await app.service.receive(event("tokenization", command="quiz", only_me=True))
    assert not_optional.audience is Audience.CHANNEL  # only commands that offer it can be asked privately


async def test_a_public_answer_opens_a_thread_that_takes_follow_ups(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-a")
    first = await app.service.receive(event("What is RLHF?", message="100.1"))
    assert first.thread == "100.1" and first.reply is not None
    follow = await app.service.receive(event("and how is that different from SFT?", addressed=False,
                                             thread="100.1", message="100.2"))
    assert follow.reply is not None and "SFT" in (follow.reply.question or "")
    thanks_to_alice = await app.service.receive(event("@alice can you check?", addressed=False, thread="100.1",
                                                      names_others=True))
    assert thanks_to_alice.reply is None  # people talking among themselves
    picture = await app.service.receive(event("", addressed=False, thread="100.1",
                                              files=(FileOffer("shot.png", 10),)))
    assert picture.reply is None


async def test_a_mention_in_peoples_thread_does_not_make_it_the_bots(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-a")
    mentioned = await app.service.receive(event("What is RLHF?", thread="200.1", message="200.5"))
    assert mentioned.reply is not None and mentioned.thread == "200.1"
    later = await app.service.receive(event("thanks!", addressed=False, thread="200.1", message="200.6"))
    assert later.reply is None
    owned = await app.service.receive(event("What is SFT?", addressed=False, thread="300.1", own_thread=True))
    assert owned.reply is not None  # the platform may say whose thread it is (Discord knows the owner)


async def test_direct_messages_are_one_conversation(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-a")
    first = await app.service.receive(event("What is RLHF?", direct=True, message="1.1"))
    assert first.thread is None and first.audience is Audience.CHANNEL  # top level in the DM
    second = await app.service.receive(event("and how is that different from SFT?", direct=True, message="1.2"))
    assert second.reply is not None and "RLHF" in (second.reply.question or "")


async def test_the_answer_lives_where_the_surface_opened_it(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-a")
    surface = RecordingSurface(opens="thread-9")
    opened = await app.service.receive(event("What is RLHF?", message="m-9"), surface)
    assert surface.started == [("ask", Audience.CHANNEL)] and opened.thread == "thread-9"
    follow = await app.service.receive(event("and SFT?", addressed=False, thread="thread-9"))
    assert follow.reply is not None


async def test_a_question_with_a_screenshot_is_answered_not_ingested(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-a")
    surface = RecordingSurface({"diagram.png": b"\x89PNG..."})
    outcome = await app.service.receive(event("What is RLHF?", files=(FileOffer("diagram.png", 8),)), surface)
    assert outcome.command == "ask" and outcome.reply.citations and surface.downloaded == []
    assert any("send it with `add`" in n for n in outcome.reply.notices)


async def test_adding_files_needs_permission_before_anything_is_downloaded(settings: Settings, redis: Redis,
                                                                          redis_url: str) -> None:
    s = build(settings.model_copy(update={"admins": "slack:boss", "max_fetch_bytes": 1000}), redis_url)
    try:
        note = b"# Glossary\n\nA token is a chunk of text the model reads.\n"
        surface = RecordingSurface({"glossary.md": note, "photo.jpg": b"\xff\xd8\xff\x00jpeg"})
        offer = FileOffer("glossary.md", len(note))
        refused = await s.service.receive(event("", user="intern", files=(offer,)), surface)
        assert refused.refused and refused.private and "limited to the people your admins allowed" in refused.reply.text
        assert surface.downloaded == [] and await s.index.records("team-a") == []

        added = await s.service.receive(event("", user="boss", files=(offer,)), surface)
        assert added.private and added.reply.text.startswith("✓ Added Glossary (1 passages)")
        again = await s.service.receive(event("add", user="boss", files=(offer,)), surface)
        assert "already indexed and unchanged" in again.reply.text
        big = await s.service.receive(event("", user="boss", files=(FileOffer("huge.pdf", 5000),)), surface)
        assert "over the 0 MB limit" in big.reply.text or "MB is over" in big.reply.text
        assert "huge.pdf" not in surface.downloaded  # refused before it was fetched
        bad = await s.service.receive(event("", user="boss", files=(FileOffer("photo.jpg", 9),)), surface)
        assert bad.reply.text.startswith("✗ photo.jpg:") and "unsupported file type .jpg" in bad.reply.text
        internal = await s.service.receive(event("add http://127.0.0.1:9/admin", user="boss"))
        assert "points to a private network address" in internal.reply.text  # chat links reach only public hosts
        assert await s.index.records("team-b") == []  # added for that team only
    finally:
        await s.close()


async def test_once_per_event_and_within_rate_limits(settings: Settings, redis: Redis, redis_url: str) -> None:
    s = build(settings.model_copy(update={"rate_user_per_minute": 2, "rate_tenant_per_minute": 3}), redis_url)
    try:
        first = event("help")
        assert (await s.service.receive(first)).reply is not None
        assert (await s.service.receive(first)).reply is None  # a retry of the same event: dropped silently
        assert not (await s.service.receive(event("help"))).refused
        limited = await s.service.receive(event("help"))
        assert limited.refused and limited.private and "faster than I can keep up" in limited.reply.text
        assert not (await s.service.receive(event("help", user="u2"))).refused
        team = await s.service.receive(event("help", user="u3"))
        assert team.refused and "Your team is asking a lot" in team.reply.text
        assert not (await s.service.receive(event("help", user="u3", tenant="team-b"))).refused
    finally:
        await s.close()


async def test_a_long_message_gets_a_kind_limit(settings: Settings, redis: Redis, redis_url: str) -> None:
    s = build(settings.model_copy(update={"max_question_chars": 50}), redis_url)
    try:
        outcome = await s.service.receive(event("why " * 40))
        assert outcome.refused and outcome.private
        assert "159 characters" in outcome.reply.text and "up to 50" in outcome.reply.text
        assert "why why" not in outcome.reply.text  # not echoed back
    finally:
        await s.close()


async def test_votes_are_stored_and_thanked_privately(app: Services, corpus: Path) -> None:
    await load_course(app, corpus, tenant="team-a")
    answer = (await app.service.receive(event("What is FineWeb?"))).reply
    assert answer.answer_id
    up = await app.service.receive(event(f"up {answer.answer_id}", command="vote", user="u9"))
    assert up.private and not up.refused and "👍" in up.reply.text
    await app.service.receive(event(f"down {answer.answer_id}", command="vote", user="u9"))
    other = await app.service.receive(event(f"up {answer.answer_id}", command="vote", tenant="other-team"))
    assert other.refused and "no longer have that answer" in other.reply.text
    votes = await app.redis.hgetall(f"studybot:votes:{answer.answer_id}")
    assert votes == {"u9": "down"}


async def test_failures_become_kind_private_replies(app: Services) -> None:
    async def broken(message: object, on_partial: object) -> object:
        raise RuntimeError("Traceback: secret internals")

    app.service.handlers["quiz"] = broken  # type: ignore[assignment]
    outcome = await app.service.receive(event("quiz"))
    assert outcome.refused and outcome.private
    assert "something went wrong" in outcome.reply.text and "secret" not in outcome.reply.text
    missing = await app.service.receive(event("summary no such thing"))
    assert missing.refused and missing.private and "Nothing is indexed" in missing.reply.text


async def test_streaming_never_waits_for_a_slow_platform(app: Services, corpus: Path) -> None:
    """A partial delivery that hangs must not hold up the answer (the core drops updates meanwhile)."""
    import asyncio

    await load_course(app, corpus, tenant="team-a")

    class Stuck(Surface):
        calls = 0

        async def partial(self, text: str) -> None:
            Stuck.calls += 1
            await asyncio.Event().wait()  # never returns

    async def streaming(message: object, on_partial: object) -> object:
        for i in range(50):
            on_partial(f"part {i}")  # type: ignore[operator]
            await asyncio.sleep(0)
        return dataclasses.replace((await app.service.receive(event("help"))).reply, text="done")

    app.service.handlers["explain"] = streaming  # type: ignore[assignment]
    outcome = await asyncio.wait_for(app.service.receive(event("explain x"), Stuck()), timeout=30)
    assert outcome.reply.text == "done" and Stuck.calls == 1


def test_a_command_without_a_handler_or_a_handler_without_a_command_stops_the_start(app: Services) -> None:
    from bot.errors import StudybotError
    from bot.service import StudyService

    s = app.service
    handlers = {name: h for name, h in s.handlers.items() if name != "help"}
    wiring = (s.dedup, s.limiter, s.threads, s.metrics)
    StudyService(handlers, *wiring)  # the table and the handlers agree
    missing = {name: h for name, h in handlers.items() if name != "quiz"}
    with pytest.raises(StudybotError, match="no handler for \\['quiz'\\]"):
        StudyService(missing, *wiring)
    with pytest.raises(StudybotError, match="no command for \\['translate'\\]"):
        StudyService({**handlers, "translate": handlers["ask"]}, *wiring)


async def test_a_clicked_suggestion_asks_its_question_or_says_it_expired(app: Services, corpus: Path) -> None:
    class Heading(Surface):
        question: str | None = None

        async def asked(self, question: str) -> None:
            self.question = question

    await load_course(app, corpus, tenant="team-a")
    first = await app.service.receive(event("What is RLHF?"))
    assert first.reply is not None and first.reply.followups and first.reply.answer_id
    surface = Heading()
    clicked = await app.service.receive(event(command="ask", suggestion=(first.reply.answer_id, 0)), surface)
    assert surface.question == first.reply.followups[0]
    assert clicked.reply is not None and not clicked.refused and clicked.reply.citations
    gone = await app.service.receive(event(command="ask", suggestion=("no-such-answer", 0)))
    assert gone.refused and gone.reply is not None and "no longer have that suggestion" in gone.reply.text
