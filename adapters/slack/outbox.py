"""Everything the bot sends to Slack: posts, edits, deletions, ephemerals, response_url replies,
reactions and streams. Only rendered, guarded `SlackMessage`s go out.

Two clients: `client` waits out rate limits (HTTP 429, Retry-After) for what must arrive (answers,
refusals); `quick` never waits, for what is only a courtesy (partial answers, the ⏳), so a rate
limit costs a partial update and never holds an answer back.
"""

from __future__ import annotations

import logging
import re

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_chat_stream import AsyncChatStream
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.blocks import SlackMessage
from adapters.slack.guard import guard

log = logging.getLogger(__name__)

WORKING = "hourglass_flowing_sand"
_MENTION = re.compile(r"<(?=[@!#])")
STREAM_BUFFER = 256  # characters gathered before each chat.appendStream (Tier 4: ~100 a minute)


class ResponseUrlError(RuntimeError):
    """Slack refused a response_url post (expired, used up, or the payload was rejected)."""


class Outbox:
    def __init__(self, client: AsyncWebClient, quick: AsyncWebClient | None = None) -> None:
        self.client, self.quick = client, quick or client

    @classmethod
    def speaking_as(cls, client: AsyncWebClient) -> Outbox:
        """An outbox with `client`'s token: `client` for what must arrive, a twin without retries for the rest."""
        quick = AsyncWebClient(token=client.token, base_url=client.base_url, timeout=client.timeout,
                               logger=client.logger)
        return cls(client, quick)

    def _pick(self, quick: bool) -> AsyncWebClient:
        return self.quick if quick else self.client

    async def post(self, channel: str, message: SlackMessage, thread_ts: str | None = None,
                   quick: bool = False) -> str:
        """Post in the channel (in the thread when given); returns the new message's ts."""
        response = await self._pick(quick).chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=message.text, blocks=message.blocks,
            unfurl_links=False, unfurl_media=False)
        return str(response["ts"])

    async def update(self, channel: str, ts: str, message: SlackMessage, quick: bool = False) -> None:
        await self._pick(quick).chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)

    async def delete(self, channel: str, ts: str) -> None:
        await self.client.chat_delete(channel=channel, ts=ts)

    async def ephemeral(self, channel: str, user: str, message: SlackMessage, thread_ts: str | None = None) -> None:
        """Only `user` sees it; Slack shows it in a thread only when the thread already exists."""
        await self.client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, text=message.text,
                                             blocks=message.blocks)

    async def respond(self, response_url: str, message: SlackMessage) -> None:
        """A private reply through the response_url of a command or click: it reaches the person in any
        channel, including ones the bot was never invited to."""
        response = await AsyncWebhookClient(response_url).send(
            text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=False)
        if response.status_code >= 400:
            raise ResponseUrlError(f"response_url answered HTTP {response.status_code}: {response.body[:100]}")

    async def stream(self, channel: str, thread_ts: str, user: str, team: str | None) -> AsyncChatStream:
        """A message written as it streams (chat.startStream/appendStream/stopStream), never waiting."""
        return await self.quick.chat_stream(channel=channel, thread_ts=thread_ts, recipient_user_id=user,
                                            recipient_team_id=team, buffer_size=STREAM_BUFFER)

    async def stop_stream(self, channel: str, ts: str) -> None:
        await self.quick.chat_stopStream(channel=channel, ts=ts)

    async def react(self, channel: str, ts: str, name: str = WORKING) -> bool:
        """Best effort: a missing scope or a deleted message must not stop the answer."""
        try:
            await self.quick.reactions_add(channel=channel, timestamp=ts, name=name)
            return True
        except SlackApiError as e:
            log.info("could not add :%s: (%s)", name, e.response.get("error"))
            return False

    async def unreact(self, channel: str, ts: str, name: str = WORKING) -> None:
        try:
            await self.client.reactions_remove(channel=channel, timestamp=ts, name=name)
        except SlackApiError as e:
            log.info("could not remove :%s: (%s)", name, e.response.get("error"))


def streamable(text: str) -> str:
    """Streamed markdown goes out as written, so Slack's mention syntax in it (`<!here>`, `<@U1>`, `<#C1>`)
    is broken up here: shown, never pinging anyone."""
    return str(guard(_MENTION.sub("<\u200b", text)))
