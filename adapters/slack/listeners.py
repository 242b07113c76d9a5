"""What the app listens to. Each listener acknowledges at once and hands the work to a background task
(with process_before_response, only after it is registered, so the app can drain it on shutdown):
Slack gets its answer within 3 seconds whatever the core does. Each only translates: Slack payload ->
Event + Origin -> `answer`, speaking through the request's own client (its workspace's token).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack.answer import answer
from adapters.slack.app_home import publish_home
from adapters.slack.buttons import (
    CARD_PATTERN,
    FOLLOWUP_PATTERN,
    SAVE_NOTE,
    VOTE_PATTERN,
)
from adapters.slack.clicks import card_event, followup_event, note_event, vote_event
from adapters.slack.messages import from_a_person, message_event
from adapters.slack.origin import Origin
from adapters.slack.parts import SlackParts
from adapters.slack.shortcut import ASK_ABOUT_MESSAGE, shortcut_event
from adapters.slack.slash import SLASH_COMMAND, slash_event
from adapters.slack.tenant import tenant_of
from bot.events import Event


def retried(request: AsyncBoltRequest) -> bool:
    """Slack delivers this event again (HTTP's X-Slack-Retry-Num; bolt mirrors Socket Mode's retry_attempt)."""
    num = (request.headers.get("x-slack-retry-num") or ["0"])[0]
    return num.isdigit() and int(num) > 0


def register(app: AsyncApp, shared: SlackParts) -> None:
    spawn = shared.work.spawn

    def of(context: AsyncBoltContext) -> SlackParts:
        return shared.speaking_as(context.client)

    @app.event("app_mention")
    async def mention(event: dict[str, Any], context: AsyncBoltContext, request: AsyncBoltRequest) -> None:
        if from_a_person(event):
            spawn(answer(of(context), *message_event(event, tenant_of(context), context.bot_user_id, mention=True,
                                                     retry=retried(request))))

    @app.event("message")
    async def message(event: dict[str, Any], context: AsyncBoltContext, request: AsyncBoltRequest) -> None:
        if from_a_person(event):
            spawn(answer(of(context), *message_event(event, tenant_of(context), context.bot_user_id,
                                                     retry=retried(request))))

    @app.command(SLASH_COMMAND)
    async def study(ack: Any, command: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        spawn(answer(of(context), *slash_event(command, tenant_of(context))))

    @app.shortcut({"callback_id": ASK_ABOUT_MESSAGE, "type": "message_action"})
    async def ask_about(ack: Any, body: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        spawn(answer(of(context), *shortcut_event(body, tenant_of(context), context.bot_user_id)))

    def clicked(translate: Callable[[dict[str, Any], str], tuple[Event, Origin]]) -> Callable[..., Awaitable[None]]:
        async def on_click(ack: Any, body: dict[str, Any], context: AsyncBoltContext) -> None:
            await ack()
            spawn(answer(of(context), *translate(body, tenant_of(context))))
        return on_click

    # Buttons: follow-up questions, votes, saving an answer as a note, flashcards.
    for pattern, translate in ((FOLLOWUP_PATTERN, followup_event), (VOTE_PATTERN, vote_event),
                               (SAVE_NOTE, note_event), (CARD_PATTERN, card_event)):
        app.action(pattern)(clicked(translate))

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], context: AsyncBoltContext) -> None:
        if event.get("tab", "home") == "home" and event.get("user"):
            spawn(publish_home(of(context), str(event["user"]), tenant_of(context)))
