"""Button clicks: 👍/👎 on an answer, and suggested follow-up questions."""

from __future__ import annotations

from typing import Any

from adapters.slack.answers import answer_in_thread, report_failure
from adapters.slack.outbox import Where
from adapters.slack.parts import SlackParts
from adapters.slack.render import Asker, render_text
from bot.conversation import IncomingMessage


def _where(body: dict[str, Any], team: str, start_thread: bool) -> tuple[Where, dict[str, Any]]:
    """Where the clicked message is; `start_thread` answers under it when it is not in a thread yet."""
    message = body.get("message") or {}
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id") or ""
    thread = message.get("thread_ts") or container.get("thread_ts")
    if start_thread:
        thread = thread or message.get("ts") or container.get("message_ts")
    where = Where(team, str(channel), str(body["user"]["id"]), thread_ts=thread, response_url=body.get("response_url"))
    return where, message


async def on_vote(parts: SlackParts, body: dict[str, Any], team: str) -> None:
    where, _ = _where(body, team, start_thread=False)
    try:
        action = body["actions"][0]
        vote = "up" if action["action_id"].endswith("_up") else "down"
        stored = await parts.service.feedback(team, where.user, str(action.get("value", "")), vote)
        await parts.outbox.ephemeral(where, render_text(parts.service.vote_reply(vote, stored).text))
    except Exception as e:
        await report_failure(parts, where, e)


async def on_followup(parts: SlackParts, body: dict[str, Any], team: str) -> None:
    """The suggested question, asked in the same thread by whoever clicked it."""
    where, message = _where(body, team, start_thread=True)
    action = body["actions"][0]
    question = str(action.get("value", ""))
    msg = IncomingMessage(platform="slack", tenant=team, channel=where.channel, thread=str(where.thread_ts),
                          user=where.user, text=question)
    # one answer per person, button and message, however often it is clicked
    event_id = f"followup:{where.channel}:{message.get('ts')}:{action.get('action_id')}:{where.user}"
    await answer_in_thread(parts, where, msg, event_id, asked=Asker(where.user, question))
