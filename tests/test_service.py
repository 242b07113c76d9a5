"""The adapters' entry point: commands, adding material, dedup, rate limits, feedback, failures."""

from __future__ import annotations

from pathlib import Path

from redis.asyncio import Redis

from bot.bootstrap import Services, build
from bot.conversation import Attachment, IncomingMessage
from bot.errors import UserError
from bot.settings import Settings
from tests.conftest import load_course


def msg(text: str = "", command: str = "ask", user: str = "u1", tenant: str = "team-a",
        attachments: tuple[Attachment, ...] = ()) -> IncomingMessage:
    return IncomingMessage("slack", tenant, "c1", "t1", user, text, command, attachments)


async def test_help_lists_what_works_and_planned_tools_say_coming(app: Services) -> None:
    app.service.tools.pop("quiz", None)  # as if the quiz were not built
    help_text = (await app.service.handle(msg(command="help"))).text
    assert "`ask`" in help_text and "`sources`" in help_text and "Coming soon: `quiz`" in help_text
    assert all(f"`{name}`" in help_text for name in app.service.tools)
    quiz = (await app.service.handle(msg("tokens", command="quiz"))).text
    assert "`quiz` is coming soon" in quiz and "`ask`" in quiz
    unknown = (await app.service.handle(msg(command="dance"))).text
    assert unknown.startswith("I don't know the command `dance`")


async def test_add_material_needs_permission_and_reports_what_happened(settings: Settings, redis: Redis,
                                                                       redis_url: str) -> None:
    s = build(settings.model_copy(update={"admins": "slack:boss"}), redis_url)
    try:
        note = Attachment("glossary.md", data=b"# Glossary\n\nA token is a chunk of text the model reads.\n")
        refused = await s.service.handle(msg(command="add", user="intern", attachments=(note,)))
        assert "limited to the people your admins allowed" in refused.text
        assert await s.index.records("team-a") == []

        added = await s.service.handle(msg(command="add", user="boss", attachments=(note,)))
        assert added.text.startswith("✓ Added Glossary (1 passages)")
        again = await s.service.handle(msg(command="add", user="boss", attachments=(note,)))
        assert "already indexed and unchanged" in again.text
        bad = await s.service.handle(msg(command="add", user="boss",
                                         attachments=(Attachment("photo.jpg", data=b"\xff\xd8\xff\x00jpeg"),)))
        assert bad.text.startswith("✗ photo.jpg:") and "unsupported file type .jpg" in bad.text
        internal = await s.service.handle(msg("http://127.0.0.1:9/admin", command="add", user="boss"))
        assert "points to a private network address" in internal.text  # links from chat reach only public hosts
        nothing = await s.service.handle(msg("please", command="add", user="boss"))
        assert "Attach a file" in nothing.text
        sources = (await s.service.handle(msg(command="sources"))).text
        assert "Glossary (markdown, 1 chunks)" in sources
        assert await s.index.records("team-b") == []  # added for that team only
    finally:
        await s.close()


async def test_admit_once_per_event_and_rate_limits(settings: Settings, redis: Redis, redis_url: str) -> None:
    s = build(settings.model_copy(update={"rate_user_per_minute": 2, "rate_tenant_per_minute": 3}), redis_url)
    try:
        first = await s.service.admit(msg("q"), "evt-1")
        assert first.proceed
        duplicate = await s.service.admit(msg("q"), "evt-1")
        assert not duplicate.proceed and duplicate.reply is None  # dropped silently
        assert (await s.service.admit(msg("q"), "evt-2")).proceed
        limited = await s.service.admit(msg("q"), "evt-3")
        assert not limited.proceed and limited.reply and "faster than I can keep up" in limited.reply.text
        assert (await s.service.admit(msg("q", user="u2"), "evt-4")).proceed
        team = await s.service.admit(msg("q", user="u3"), "evt-5")
        assert not team.proceed and team.reply and "Your team is asking a lot" in team.reply.text
        assert (await s.service.admit(msg("q", user="u3", tenant="team-b"), "evt-5")).proceed
    finally:
        await s.close()


async def test_feedback_is_stored_with_question_and_answer(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    reply = await app.service.handle(msg("What is FineWeb?", tenant="default"))
    assert reply.answer_id
    assert await app.service.feedback("default", "u9", reply.answer_id, "up")
    assert await app.service.feedback("default", "u9", reply.answer_id, "down")  # a second click changes the vote
    assert not await app.service.feedback("other-team", "u9", reply.answer_id, "up")
    assert await app.answers.votes(reply.answer_id) == {"u9": "down"}
    [latest, earlier] = await app.answers.feedback("default")
    assert latest["vote"] == "down" and earlier["vote"] == "up"
    assert latest["question"] == "What is FineWeb?" and latest["answer"] == reply.text and latest["user"] == "u9"


async def test_failures_become_kind_replies(app: Services) -> None:
    assert app.service.failure(UserError("That link is broken.")).text == "That link is broken."
    oops = app.service.failure(RuntimeError("Traceback: secret internals"))
    assert "something went wrong" in oops.text and "secret" not in oops.text

    async def broken(message: IncomingMessage, on_partial: object) -> object:
        raise RuntimeError("boom")

    app.service.tools["quiz"] = broken  # type: ignore[assignment]
    assert "something went wrong" in (await app.service.handle(msg(command="quiz"))).text
