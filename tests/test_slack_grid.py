"""Enterprise Grid (bug 8): an org-wide install stored mentions under the enterprise and `/study` under
the workspace, so one team had two tenants. Now every listener uses the same tenant."""

from __future__ import annotations

import logging

import pytest
from redis.asyncio import Redis

from adapters.slack.app import build_app
from adapters.slack.credentials import check_credentials
from tests.slack_harness import Harness, buttons, h, slack, texts  # noqa: F401
from tests.slack_requests import mention


async def test_an_org_wide_install_is_one_tenant_for_mentions_commands_clicks_and_home(
        h: Harness, redis: Redis) -> None:
    await h.notes(tenant="E1")
    q = mention("How big is the GPT-4 tokenizer vocabulary?", ts="1700000500.000100")
    await h.send.event(q, team="T1", enterprise="E1")
    await h.send.command("sources", user="U2", team="T1", enterprise="E1")
    await h.send.command("explain reward hacking", user="U3", team="T7", enterprise="E1")  # another workspace
    await h.send.event({"type": "app_home_opened", "user": "U4", "channel": "D4", "tab": "home",
                        "event_ts": "1700000501.000100"}, team="T1", enterprise="E1")
    await h.settle()
    [answer] = h.slack.visible("C1", thread_ts=q["ts"])
    assert "100,277" in texts(answer)
    [listed] = h.slack.private_to("U2")
    assert listed.text.startswith("1 sources:") and "Team notes" in listed.text
    [explained] = [m for m in h.slack.visible("C1", top=True) if "<@U3>" in texts(m)]
    assert "reward model" in texts(explained)
    [home] = h.slack.of("views.publish")
    assert "Team notes" in texts(home["view"])

    # a vote from anywhere in the organisation finds the answer
    answer_id = buttons(answer)["studybot_vote_up"]
    await h.send.click(answer, "studybot_vote_up", user="U5", enterprise="E1")
    await h.settle()
    assert await redis.hgetall(f"studybot:votes:{answer_id}") == {"U5": "up"}
    assert h.slack.private_to("U5")[-1].text.startswith("Thanks for the 👍")


async def test_the_start_up_line_names_the_org_wide_tenant(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    h.slack.auth = {"is_enterprise_install": True, "enterprise_id": "E1", "team_id": None}
    app = build_app(h.services.chat)
    with caplog.at_level(logging.INFO, logger="studybot.slack"):
        assert await check_credentials(app, h.services.settings) is None  # HTTP mode
    assert "its material is tenant E1 (studybot ingest PATH --tenant E1)" in caplog.text
