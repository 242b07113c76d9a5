"""What every Slack listener needs, built once by the app factory and handed to each flow."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.slack.files import FileDownloader
from adapters.slack.outbox import Outbox
from adapters.slack.threads import BotThreads
from adapters.slack.work import InFlight
from bot.service import StudyService


@dataclass(frozen=True)
class SlackParts:
    service: StudyService
    outbox: Outbox
    threads: BotThreads
    files: FileDownloader
    work: InFlight
