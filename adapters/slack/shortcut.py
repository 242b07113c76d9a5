"""The message shortcut "Ask studybot about this message": that message's text is the question.

The answer goes in that message's thread, headed by who asked (nobody saw them ask). A shortcut on a
top-level message opens its thread for the bot, so follow-ups there need no mention; in someone's
existing thread only mentions are answered afterwards.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.inbound import plain_text
from adapters.slack.origin import Origin, Placeholder
from adapters.slack.render import Asker
from bot.events import Event

ASK_ABOUT_MESSAGE = "studybot_ask_about_message"  # the callback id in deploy/slack-manifest.yml


def shortcut_event(body: dict[str, Any], tenant: str, bot_user_id: str | None) -> tuple[Event, Origin]:
    message = body.get("message") or {}
    channel, user = str(body["channel"]["id"]), str(body["user"]["id"])
    ts = str(message.get("ts") or body.get("message_ts") or "")
    thread = str(message["thread_ts"]) if message.get("thread_ts") and message.get("thread_ts") != ts else None
    question = plain_text(str(message.get("text") or ""), bot_user_id)
    event = Event(platform="slack", tenant=tenant, channel=channel, user=user, text=question,
                  event_id=f"shortcut:{body.get('trigger_id')}", message=None if thread else ts, thread=thread,
                  command="ask")
    team = (body.get("user") or {}).get("team_id") or (body.get("team") or {}).get("id")
    return event, Origin(channel, user, team, thread_ts=thread or ts, response_url=body.get("response_url"),
                         placeholder=Placeholder.THREAD, asked=Asker(user, question, via="shortcut"))
