"""An Outcome rendered in Slack: a public answer where the core says, anything else to the person alone.

Private replies, refusals and errors always reach the person: in a DM as a normal message; after a
command, click or shortcut through its response_url (which works in any channel); otherwise as an
ephemeral, in the thread only when the thread already exists (the core's `Outcome.thread`), since
Slack shows ephemerals in threads that exist and nowhere else.
"""

from __future__ import annotations

import dataclasses
import logging

from adapters.slack.blocks import SlackMessage
from adapters.slack.live import post_all
from adapters.slack.origin import Origin
from adapters.slack.parts import SlackParts
from adapters.slack.render import render_reply, render_text
from adapters.slack.surface import SlackSurface
from bot.events import Outcome
from bot.language import replying_in, tr

log = logging.getLogger(__name__)

RESPONSE_URL_USES = 5  # Slack takes five replies per response_url


async def deliver(parts: SlackParts, surface: SlackSurface, outcome: Outcome) -> None:
    reply, origin = outcome.reply, surface.origin
    if reply is None:
        return
    if outcome.command == "vote" and not outcome.refused and origin.clicked is not None:
        await _show_vote(parts, origin, reply.text)
        return
    asked = dataclasses.replace(origin.asked, command=outcome.command) if origin.asked else None
    if outcome.private or outcome.refused:
        await surface.discard()
        question = asked if asked and outcome.command == "ask" and not outcome.refused else None
        await tell(parts, origin, render_reply(reply, question, with_buttons=not outcome.refused), outcome.thread)
        return
    if surface.not_member:
        with replying_in(reply.lang):
            hint = tr("Only you can see this answer: invite me to the channel (`/invite @studybot`) to answer for "
                      "everyone.")
        hinted = dataclasses.replace(reply, notices=[*reply.notices, hint])
        await tell(parts, origin, render_reply(hinted, asked), None)
        return
    pages = render_reply(reply, asked)
    if surface.live is not None:
        await surface.live.finish(pages)
        surface.live = None  # it is the answer now
    else:
        await post_all(parts.outbox, origin.channel, pages, outcome.thread)


async def tell(parts: SlackParts, origin: Origin, pages: list[SlackMessage], thread: str | None) -> None:
    """Pages only the person sees."""
    outbox = parts.outbox
    if origin.direct:
        await post_all(outbox, origin.channel, pages, thread)
        return
    sent = 0
    if origin.response_url:
        try:
            for page in pages[:RESPONSE_URL_USES]:
                await outbox.respond(origin.response_url, page)
                sent += 1
            return
        except Exception as e:  # expired or used up: an ephemeral still reaches the person
            log.info("response_url failed (%s); answering with an ephemeral", type(e).__name__)
    for page in pages[sent:]:
        await outbox.ephemeral(origin.channel, origin.user, page, thread)


def failure_note(parts: SlackParts, error: BaseException) -> SlackMessage:
    return render_text(parts.service.failure(error).text)


async def _show_vote(parts: SlackParts, origin: Origin, thanks: str) -> None:
    """The voter alone sees that the vote was taken; the buttons stay, so every teammate can vote."""
    await tell(parts, origin, [render_text(thanks)], origin.thread_ts)
