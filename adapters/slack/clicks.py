"""Button clicks as core events: a suggested follow-up is `ask`, 👍/👎 is `vote`, "Save as note" is
`note save`. Every click has its own event id (its trigger id), so each is answered once and a later
click is never mistaken for a repeat.

A follow-up under a public answer is asked in that answer's thread, headed by who clicked; under an
answer only one person sees (an ephemeral), it is answered for them alone, through the click's
response_url, since the bot may not even be in that channel.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.buttons import card_choice, vote_of
from adapters.slack.origin import Clicked, Origin, Placeholder
from adapters.slack.render import Asker
from bot.events import Event


def _where(body: dict[str, Any]) -> tuple[str, str, str | None, bool, dict[str, Any]]:
    """channel, user, the thread of the clicked message (None atop a DM), whether it is an ephemeral, and
    the message as Slack sent it (empty for an ephemeral)."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
    ephemeral = bool(container.get("is_ephemeral")) or not message
    thread = message.get("thread_ts") or container.get("thread_ts")
    if not thread and not ephemeral and not channel.startswith("D"):
        thread = message.get("ts")  # a top-level answer: its thread holds the conversation
    return channel, str(body["user"]["id"]), thread, ephemeral, message


def _event(body: dict[str, Any], tenant: str, command: str, text: str, **more: Any) -> Event:
    channel, user, thread, _, _ = _where(body)
    click = body.get("trigger_id") or body["actions"][0].get("action_ts")
    return Event(platform="slack", tenant=tenant, channel=channel, user=user, text=text, event_id=f"click:{click}",
                 thread=thread, command=command, direct=channel.startswith("D") and not thread, **more)


def _origin(body: dict[str, Any], **more: Any) -> Origin:
    channel, user, thread, _, _ = _where(body)
    team = (body.get("user") or {}).get("team_id") or (body.get("team") or {}).get("id")
    return Origin(channel, user, team, thread_ts=thread, response_url=body.get("response_url"), **more)


def followup_event(body: dict[str, Any], tenant: str) -> tuple[Event, Origin]:
    question = str(body["actions"][0].get("value", ""))
    _, user, _, ephemeral, _ = _where(body)
    event = _event(body, tenant, "ask", question, only_me=ephemeral)
    placeholder = None if ephemeral else Placeholder.THREAD
    return event, _origin(body, placeholder=placeholder, asked=Asker(user, question, via="button"))


def vote_event(body: dict[str, Any], tenant: str) -> tuple[Event, Origin]:
    action = body["actions"][0]
    channel, _, _, ephemeral, message = _where(body)
    clicked = Clicked(channel, str(message.get("ts") or ""), str(message.get("text") or ""),
                      None if ephemeral else list(message.get("blocks") or []))
    event = _event(body, tenant, "vote", f"{vote_of(action['action_id'])} {action.get('value', '')}")
    return event, _origin(body, clicked=clicked)


def note_event(body: dict[str, Any], tenant: str) -> tuple[Event, Origin]:
    return _event(body, tenant, "note", f"save {body['actions'][0].get('value', '')}"), _origin(body)


def card_event(body: dict[str, Any], tenant: str) -> tuple[Event, Origin]:
    """Reveal / Again / Good / Easy under a card: `review CHOICE CARD_ID`, answered to the clicker alone."""
    action = body["actions"][0]
    channel = _where(body)[0]
    text = f"{card_choice(str(action['action_id']))} {action.get('value', '')}"
    return _event(body, tenant, "review", text), _origin(body, direct=channel.startswith("D"))
