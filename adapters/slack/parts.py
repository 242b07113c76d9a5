"""What every Slack flow needs, built once by the app factory."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from adapters.in_flight import InFlight
from adapters.slack.files import FileDownloader
from adapters.slack.live import Streaming
from adapters.slack.outbox import Outbox
from bot.library.home import Home
from bot.service import StudyService


@dataclass(frozen=True)
class SlackParts:
    service: StudyService
    outbox: Outbox
    files: FileDownloader
    work: InFlight
    home: Home
    streaming: Streaming

    def speaking_as(self, client: AsyncWebClient) -> SlackParts:
        """The same parts, sending and downloading with `client`'s token (the workspace of one request)."""
        return dataclasses.replace(self, outbox=Outbox.speaking_as(client),
                                   files=FileDownloader(client, self.files.settings))
