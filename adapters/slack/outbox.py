"""Everything the bot sends to Slack: threaded posts, in-place updates, ephemerals and reactions.

Only rendered `SlackMessage`s go out (already escaped and guarded). Ephemerals fall back to the
response_url of a slash command or button click when chat.postEphemeral cannot reach the user,
for instance in a channel the bot was never invited to.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.render import SlackMessage

log = logging.getLogger(__name__)

WORKING = "hourglass_flowing_sand"


@dataclass(frozen=True)
class Where:
    """Where a request came from and where its answer goes."""

    team: str
    channel: str
    user: str
    thread_ts: str | None = None  # the thread to answer in
    message_ts: str | None = None  # the user's message, to react to
    response_url: str | None = None  # slash commands and button clicks carry one


class Outbox:
    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(self, channel: str, message: SlackMessage, thread_ts: str | None = None) -> str:
        """Post in the channel (in the thread when given); returns the new message's ts."""
        response = await self.client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=message.text, blocks=message.blocks,
            unfurl_links=False, unfurl_media=False,
        )
        return str(response["ts"])

    async def update(self, channel: str, ts: str, message: SlackMessage) -> None:
        await self.client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)

    async def ephemeral(self, where: Where, message: SlackMessage) -> None:
        """Only the user sees it: chat.postEphemeral, else the request's response_url."""
        try:
            await self.client.chat_postEphemeral(channel=where.channel, user=where.user, thread_ts=where.thread_ts,
                                                 text=message.text, blocks=message.blocks)
        except SlackApiError:
            if not where.response_url:
                raise
            response = await AsyncWebhookClient(where.response_url).send(
                text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=False)
            if response.status_code >= 400:
                raise
            log.info("answered through response_url (chat.postEphemeral was refused)")

    async def react(self, where: Where, name: str = WORKING) -> None:
        """Best effort: a missing scope or a deleted message must not stop the answer."""
        if where.message_ts:
            try:
                await self.client.reactions_add(channel=where.channel, timestamp=where.message_ts, name=name)
            except SlackApiError as e:
                log.info("could not add :%s: (%s)", name, e.response.get("error"))

    async def unreact(self, where: Where, name: str = WORKING) -> None:
        if where.message_ts:
            try:
                await self.client.reactions_remove(channel=where.channel, timestamp=where.message_ts, name=name)
            except SlackApiError as e:
                log.info("could not remove :%s: (%s)", name, e.response.get("error"))
