"""Posting a scheduled digest to a Slack channel, for the core's digest scheduler."""

from __future__ import annotations

from adapters.slack.outbox import Outbox
from adapters.slack.render import render_reply
from bot.conversation import Reply


class SlackDigestPoster:
    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    async def post(self, platform: str, tenant: str, channel: str, reply: Reply) -> None:
        """Every page of the rendered digest, in order; an error leaves the digest due for a retry."""
        for page in render_reply(reply):
            await self.outbox.post(channel, page)
