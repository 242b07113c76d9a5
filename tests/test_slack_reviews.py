"""Flashcards and reviews in Slack: Reveal and Again / Good / Easy buttons through the real bolt app, and the
daily reviews in the person's direct messages, against the local Slack Web API stub."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.digest_poster import SlackDigestPoster
from adapters.slack.workspaces import WorkspaceClients
from bot.bootstrap import review_sender
from tests.slack_harness import Harness, buttons, h, slack, texts  # noqa: F401
from tests.slack_stub import BOT_TOKEN


async def test_cards_are_revealed_and_rated_with_buttons_and_reviews_come_by_direct_message(h: Harness) -> None:
    await h.notes()
    await h.send.command("flashcards team notes", user="U1", channel="C1")
    await h.settle()
    [deck] = [m for m in h.slack.visible("C1") if "Flashcards on" in texts(m)]
    assert "“Team notes”" in texts(deck) and "*1.*" in texts(deck)
    assert "studybot_card_reveal_1" in buttons(deck)

    await h.send.click(deck, "studybot_card_reveal_1", user="U2")  # a teammate studies the same card
    await h.settle()
    [revealed] = h.slack.private_to("U2")
    assert "*Answer:*" in texts(revealed) and "*Sources*" in texts(revealed)
    assert {"studybot_card_again_0", "studybot_card_good_0", "studybot_card_easy_0"} <= set(buttons(revealed))
    await h.send.click(revealed, "studybot_card_good_0", user="U2")
    await h.settle()
    rated = h.slack.private_to("U2")[-1]
    assert texts(rated).startswith("✓ Good") and "Next review in 2 days" in texts(rated)
    assert h.slack.private_to("U1") == []  # nobody else sees U2's reviews

    await h.send.command("review on 09:00 UTC", user="U2", channel="C1")
    await h.settle()
    assert "your reviews come privately every day at 09:00 (UTC)" in texts(h.slack.private_to("U2")[-1])

    client = AsyncWebClient(token=BOT_TOKEN, base_url=h.slack.api_url)
    sender = review_sender(h.services, {"slack": SlackDigestPoster(WorkspaceClients(client))})
    day = datetime.now(timezone.utc).date() + timedelta(days=3)
    outcomes = await sender.run_due(datetime.combine(day, time(9, 1), tzinfo=timezone.utc))
    assert [o.status for o in outcomes] == ["posted"]
    [daily] = h.slack.visible("U2")  # a user id as the channel: the person's DM with the bot
    assert texts(daily).startswith("🧠 *Your reviews*") and "1 due" in texts(daily)
    assert h.slack.visible("U1") == [] and len([m for m in h.slack.visible() if "Your reviews" in texts(m)]) == 1

    await h.send.click(daily, "studybot_card_reveal_1", user="U2", channel="D2")  # Slack reports the DM's id
    await h.settle()
    [shown] = [m for m in h.slack.visible("D2")]
    assert "*Answer:*" in texts(shown) and "studybot_card_easy_1" in buttons(shown)
