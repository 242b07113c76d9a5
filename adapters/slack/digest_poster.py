"""Posting a scheduled digest to a Slack channel, and a person's daily reviews to them privately,
with the token of their workspace."""

from __future__ import annotations

from adapters.slack.outbox import Outbox
from adapters.slack.render import render_reply
from adapters.slack.workspaces import WorkspaceClients
from bot.conversation import Reply


class SlackDigestPoster:
    def __init__(self, clients: WorkspaceClients) -> None:
        self.clients = clients

    async def post(self, platform: str, tenant: str, channel: str, reply: Reply) -> None:
        """Every page of the rendered digest, in order; an error leaves the digest due for a retry."""
        outbox = Outbox.speaking_as(await self.clients.client_for(tenant))
        for page in render_reply(reply):
            await outbox.post(channel, page)

    async def send_private(self, platform: str, tenant: str, user: str, reply: Reply) -> None:
        """In the person's direct messages with the bot (a user id as the channel opens them)."""
        outbox = Outbox.speaking_as(await self.clients.client_for(tenant))
        for page in render_reply(reply):
            await outbox.post(user, page)
