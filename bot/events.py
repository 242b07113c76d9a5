"""What adapters hand the core (an Event and a Surface) and what they get back (an Outcome).

An adapter translates a platform event into an `Event`, passes a `Surface` that can show work
under way, stream text and download files on that platform, and renders the `Outcome`. Which
messages deserve an answer, who may do what and who sees the reply are decided in the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.commands import Audience
from bot.conversation import Reply
from bot.errors import UserError
from bot.language import tr


@dataclass(frozen=True)
class FileOffer:
    """A file attached to a message, not downloaded yet (the core refuses some before they are)."""

    name: str
    size: int
    content_type: str | None = None
    ref: Any = None  # the adapter's handle for downloading it


@dataclass(frozen=True)
class Event:
    """A message, command or click on any platform, in the platform's own ids."""

    platform: str  # "slack", "discord", "console"
    tenant: str  # Slack workspace (or Enterprise Grid org), Discord guild, the CLI's --tenant
    channel: str
    user: str
    text: str
    event_id: str  # one answer per event id, across replicas and platform retries
    message: str | None = None  # the message itself, when there is one (a reply may open a thread on it)
    thread: str | None = None  # the thread the message was posted in
    command: str | None = None  # named by the surface (slash command, button); None: read it from the text
    addressed: bool = True  # a mention, a direct message, a command or a click; False: a plain thread message
    direct: bool = False  # a direct-message conversation with the bot
    names_others: bool = False  # the message mentions other people, or a crowd
    own_thread: bool | None = None  # the thread is one the bot opened; None: the core remembers
    only_me: bool = False  # the asker wants a reply only they see
    files: tuple[FileOffer, ...] = ()
    suggestion: tuple[str, int] | None = None  # a suggested follow-up clicked: (answer id, its number)
    retry: bool = False  # the platform delivers it again (Slack's X-Slack-Retry-Num): never answered twice


@dataclass(frozen=True)
class Outcome:
    """What to do with an event: nothing (`reply` is None), or post `reply` for `audience`.

    `thread` is the platform thread the reply belongs in (None: top level, e.g. a direct message or
    a command's own message); `refused` marks refusals and errors, which carry no buttons.
    """

    command: str
    reply: Reply | None = None
    audience: Audience = Audience.ASKER
    thread: str | None = None
    refused: bool = False

    @property
    def private(self) -> bool:
        return self.audience is Audience.ASKER


class Poster(Protocol):
    """A platform as the schedulers reach it, outside any conversation: a channel's post (the digest)
    and a message to one person privately (their reviews)."""

    async def post(self, platform: str, tenant: str, channel: str, reply: Reply) -> None: ...

    async def send_private(self, platform: str, tenant: str, user: str, reply: Reply) -> None: ...


class Surface:
    """How the core reaches back into the platform while it works on one event; adapters subclass it.

    The defaults do nothing, so a surface only implements what its platform offers.
    """

    async def working(self, command: str, audience: Audience) -> str | None:
        """Show that work has started (a reaction, a placeholder, typing).

        May return the id of a thread or message that will hold the reply (a thread opened on the
        question, a placeholder message); the conversation then lives there.
        """
        return None

    async def asked(self, question: str) -> None:
        """The question a clicked suggestion stands for, before its answer is worked on (to head the reply)."""

    async def partial(self, text: str) -> None:
        """The reply so far, while a model writes it; the core drops updates while one is in flight."""

    async def download(self, offer: FileOffer) -> bytes:
        """The bytes of an attached file."""
        raise UserError(tr("I can't fetch {name} from here.").format(name=offer.name))
