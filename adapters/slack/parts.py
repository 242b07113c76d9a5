"""What every Slack flow needs, built once by the app factory."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.slack.files import FileDownloader
from adapters.slack.live import Streaming
from adapters.slack.outbox import Outbox
from adapters.slack.work import InFlight
from bot.home import Home
from bot.service import StudyService


@dataclass(frozen=True)
class SlackParts:
    service: StudyService
    outbox: Outbox
    files: FileDownloader
    work: InFlight
    home: Home
    streaming: Streaming
