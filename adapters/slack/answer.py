"""One Slack event through the core and back: Event + Surface -> receive -> render the Outcome."""

from __future__ import annotations

import dataclasses
import logging

from adapters.slack.deliver import deliver, failure_note, tell
from adapters.slack.origin import Origin
from adapters.slack.parts import SlackParts
from adapters.slack.surface import SlackSurface
from bot.events import Event

log = logging.getLogger(__name__)


async def answer(parts: SlackParts, event: Event, origin: Origin) -> None:
    """Never raises; whatever fails, the person hears about it and no ⏳ or placeholder stays behind."""
    surface = SlackSurface(parts, origin)
    try:
        if event.addressed and event.files:
            event = dataclasses.replace(event, files=await parts.files.describe(event.files))
        outcome = await parts.service.receive(event, surface)
        try:
            await deliver(parts, surface, outcome)
        except Exception as e:
            await surface.discard()
            await tell(parts, origin, [failure_note(parts, e)], event.thread)
    except Exception:
        log.exception("could not tell %s in %s how their request went", origin.user, origin.channel)
    finally:
        await surface.close()
