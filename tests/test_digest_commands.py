"""`digest ...` from chat (through the core) and from the command line."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
import redis as sync_redis
from typer.testing import CliRunner

from bot.bootstrap import Services
from bot.conversation import IncomingMessage, Reply
from bot.study.digest.tool import DigestTool
from tests.conftest import LECTURE_URL, SAMPLES, load_course, reply_to
from tests.study_fixtures import redis_url  # noqa: F401  (a private Redis for this module)

NOW = datetime(2024, 5, 9, 12, tzinfo=timezone.utc)  # a Thursday


def msg(text: str, channel: str = "C1", platform: str = "slack") -> IncomingMessage:
    return IncomingMessage(platform, "default", channel, "t", "u1", text, "digest")


async def test_digest_commands_through_the_core(app: Services, corpus: Path) -> None:
    await load_course(app, corpus)
    app.service.handlers["digest"] = DigestTool(app.digest, "UTC", lambda: NOW)

    async def ask(message: IncomingMessage) -> Reply:
        return await reply_to(app, message)

    assert (await ask(msg("status"))).text.startswith("This channel has no daily digest.")
    for bad, says in (("subscribe 25:00", "“25:00” isn't a valid time"),
                      ("subscribe 09:00 Asia/Shangai", "Did you mean Asia/Shanghai"),
                      ("subscribe 09:00 Europe/Berlin mon-fry", "“mon-fry” aren't weekdays"),
                      ("subscribe 09:00 UTC daily quantum field theory", "can't find a source matching"),
                      ("subscribe", "When should the digest come?")):
        reply = await ask(msg(bad))
        assert says in reply.text, reply.text
    assert await app.redis.hgetall("studybot:digest:subscriptions") == {}  # nothing changed

    done = await ask(msg("subscribe 09:00 Asia/Shanghai mon-fri"))
    assert done.text.startswith("Subscribed this channel's daily digest: Mon–Fri at 09:00 (Asia/Shanghai), "
                                "the whole course (")
    assert "The next one comes Fri 10 May, 09:00 CST: How LLMs Are Built — Chapter 1: Introduction, 0:01–1:45" \
        in done.text
    lecture_only = await ask(msg("subscribe 7:30 am shanghai weekends lecture"))
    assert lecture_only.text.startswith("Updated this channel's daily digest: Sat–Sun at 07:30 (Asia/Shanghai), "
                                        "“How LLMs Are Built” (12 units, 0 done)")
    assert "Sat 11 May, 07:30 CST" in lecture_only.text

    units = await ask(msg("units"))
    assert "→ 1. How LLMs Are Built — Chapter 1: Introduction, 0:01–1:45" in units.text
    assert "  11. How LLMs Are Built — Chapter 11: RLHF and reward models, 31:2" in units.text
    known = await ask(msg("known 1-3"))
    assert "Marked as known" in known.text and "Next up: 4. How LLMs Are Built — Chapter 4" in known.text
    assert "there is no unit 13" in (await ask(msg("known 13"))).text

    preview = await ask(msg("preview"))
    text = preview.text
    assert "unit 4 of 12" in text and "**How LLMs Are Built** — [Chapter 4: Neural network, 7:28–11:19](" in text
    assert f"({LECTURE_URL}&t=448s)" in text
    assert "**Key terms:**" in text and len(text.split("**Key terms:** ")[1].split("\n")[0].split(" · ")) == 3
    assert "**Quiz:** Fill in the blank:" in text and "`quiz answer" in text
    assert "Next: Chapter 5: Inference. Know it already? `digest known 5` skips it." in text
    assert preview.citations and any("preview" in n for n in preview.notices)
    revealed = await reply_to(app, IncomingMessage("slack", "default", "C1", "t", "u2", "reveal", "quiz"))
    assert "**A:**" in revealed.text and revealed.citations[0].url.startswith(LECTURE_URL)

    assert "Unit 2 back in the queue" in (await ask(msg("unknown 2"))).text
    assert "skips it: 2. Data" in (await ask(msg("skip"))).text
    assert "skips it: 4. Neural network" in (await ask(msg("known neural network"))).text
    status = await ask(msg("status"))
    assert "Sat–Sun at 07:30 (Asia/Shanghai); next post Sat 11 May, 07:30 CST" in status.text
    assert "0 of 12 units done (4 marked known)" in status.text and "Next unit: 5." in status.text
    assert "starts again from unit 1" in (await ask(msg("reset"))).text
    assert "I don't know `digest dance`" in (await ask(msg("dance"))).text
    assert (await ask(msg("unsubscribe"))).text.startswith("Stopped this channel's daily digest")
    assert (await ask(msg("unsubscribe"))).text.startswith("This channel has no daily digest")


@pytest.fixture()
def cli(tmp_path: Path, redis_url: str) -> CliRunner:  # noqa: F811
    sync_redis.Redis.from_url(redis_url).flushdb()
    return CliRunner(env={"STUDYBOT_DATA_DIR": str(tmp_path / "data"), "REDIS_URL": redis_url,
                          "OPENAI_BASE_URL": "", "OPENAI_API_KEY": ""})


def test_cli_study_commands_and_run_due(cli: CliRunner, tmp_path: Path, redis_url: str) -> None:  # noqa: F811
    from adapters.cli import build_app

    app = build_app()
    course = tmp_path / "notes.md"
    course.write_text((SAMPLES / "from-base-model-to-assistant.md").read_text())
    assert cli.invoke(app, ["ingest", str(course)]).exit_code == 0

    outline = cli.invoke(app, ["outline", "--json", "base", "model"])
    assert outline.exit_code == 0, outline.output
    data = json.loads(outline.output)
    assert data["answer"].startswith("**Outline of From base model to assistant**") and len(data["citations"]) == 9
    summary = cli.invoke(app, ["summary", "from-base-model"])
    assert "**Section by section**" in summary.output and "Sources" in summary.output
    explain = cli.invoke(app, ["explain", "hallucination"])
    assert "**hallucination**" in explain.output and "Where it first appears" in explain.output
    compare = cli.invoke(app, ["compare", "SFT", "vs", "RLHF"])
    assert "**SFT vs RLHF**" in compare.output
    assert cli.invoke(app, ["note", "add", "Chat", "templates", "wrap", "messages"]).output.startswith("Saved note #1")
    assert "#1" in cli.invoke(app, ["note", "list"]).output
    quiz = cli.invoke(app, ["quiz", "chat template"])
    assert "_____" in quiz.output
    assert "**A:**" in cli.invoke(app, ["quiz", "reveal"]).output  # the question was kept between runs

    sub = cli.invoke(app, ["digest", "subscribe", "--channel", "team-room", "--platform", "console",
                           "09:00", "Asia/Shanghai", "mon-fri"])
    assert sub.exit_code == 0 and "Subscribed this channel's daily digest" in sub.output
    bad = cli.invoke(app, ["digest", "subscribe", "--channel", "team-room", "9:00", "Mars/Base"])
    assert "I don't know the time zone “Mars/Base”" in bad.output
    # Make today's slot due: pretend both subscriptions were made a week ago, at a time that has passed.
    r = sync_redis.Redis.from_url(redis_url, decode_responses=True)
    now = datetime.now(timezone.utc)
    for platform in ("console", "slack"):
        record = json.loads(r.hget("studybot:digest:subscriptions", "console:default:team-room"))
        record.update(platform=platform, created_at=now.timestamp() - 7 * 86400,
                      schedule={"at": f"{max(now.hour * 60 + now.minute - 1, 0) // 60:02d}:"
                                      f"{max(now.hour * 60 + now.minute - 1, 0) % 60:02d}",
                                "tz": "UTC", "weekdays": list(range(7))})
        r.hset("studybot:digest:subscriptions", f"{platform}:default:team-room", json.dumps(record))
    due = cli.invoke(app, ["digest", "run-due"])
    assert "— digest for console:default:team-room —" in due.output and "Today's study digest" in due.output
    assert re.search(r"console:default:team-room due .* — posted", due.output)
    assert "slack:default:team-room due" in due.output and "posting to slack needs `studybot serve`" in due.output
    again = cli.invoke(app, ["digest", "run-due", "--json"])
    statuses = {o["subscription"]: o["status"] for o in json.loads(again.output)}
    assert statuses == {"console:default:team-room": "already_posted", "slack:default:team-room": "no_poster"}
    status = cli.invoke(app, ["digest", "status", "--channel", "team-room"])
    assert "1 of" in status.output and "units done" in status.output
