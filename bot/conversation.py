"""The core's platform-neutral message types."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.models import Citation

# Receives the answer so far while it streams (already safe to show); may be async.
PartialSink = Callable[[str], Awaitable[None] | None]


@dataclass(frozen=True)
class ThreadKey:
    """Where a conversation lives; one memory per platform, tenant, channel and thread."""

    platform: str
    tenant: str
    channel: str
    thread: str

    def redis_key(self, prefix: str = "studybot:thread") -> str:
        return ":".join((prefix, self.platform, self.tenant, self.channel, self.thread))


@dataclass(frozen=True)
class Attachment:
    """A file a user handed the bot (already downloaded by the adapter) or a link to fetch."""

    name: str
    data: bytes | None = None
    url: str | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class IncomingMessage:
    """A message from any platform: who said what, where, and which command it is."""

    platform: str  # "slack", "discord", "console"
    tenant: str  # Slack workspace, Discord guild, or the CLI's --tenant
    channel: str
    thread: str
    user: str
    text: str
    command: str = "ask"  # a name from bot/commands.py: ask, summary, quiz, digest, review, ...
    attachments: tuple[Attachment, ...] = ()
    lang: str = "en"  # the language the person wrote in (command word included): every line of the reply follows it

    @property
    def key(self) -> ThreadKey:
        return ThreadKey(self.platform, self.tenant, self.channel, self.thread)


@dataclass(frozen=True)
class CardAction:
    """Buttons under a reply for one flashcard: reveal its answer, or rate how well it was known.

    `tenant` travels with the button because a click in a direct message has no team of its own.
    """

    tenant: str
    card_id: str
    n: int  # the card's number in the reply ("1.")
    choices: tuple[str, ...]  # ("reveal",) or some of ("again", "good", "easy")

    def as_json(self) -> dict[str, Any]:
        return {"card_id": self.card_id, "n": self.n, "choices": list(self.choices)}


@dataclass(frozen=True)
class Reply:
    """What the core answers; adapters only render it."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    followups: list[str] = field(default_factory=list)
    abstained: bool = False
    mode: str = "extractive"  # "llm" or "extractive"
    notices: list[str] = field(default_factory=list)  # one line each: how the answer was made
    question: str | None = None  # the standalone question actually searched
    answer_id: str | None = None  # for feedback buttons and saving as a note
    not_covered: list[str] = field(default_factory=list)  # the question's words the material never mentions
    cards: list[CardAction] = field(default_factory=list)  # reveal / again / good / easy, per card
    mentions: list[str] = field(default_factory=list)  # user ids the reply names on purpose (never a crowd)
    lang: str = "en"  # the asker's language: adapters write their headings ("Sources") in it

    def as_json(self) -> dict[str, Any]:
        return {
            "answer_id": self.answer_id,
            "answer": self.text,
            "citations": [c.as_json() for c in self.citations],
            "abstained": self.abstained,
            "mode": self.mode,
            "notices": self.notices,
            "followups": self.followups,
            "question": self.question,
            "not_covered": self.not_covered,
            "cards": [c.as_json() for c in self.cards],
            "lang": self.lang,
        }


@dataclass(frozen=True)
class Turn:
    question: str
    standalone: str
    answer: str
    chunks: list[str]  # "source_id#position" of every cited chunk
    at: float

    def as_json(self) -> dict[str, Any]:
        return {"question": self.question, "standalone": self.standalone, "answer": self.answer,
                "chunks": self.chunks, "at": self.at}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Turn:
        return cls(str(d.get("question", "")), str(d.get("standalone", d.get("question", ""))),
                   str(d.get("answer", "")), list(d.get("chunks", [])), float(d.get("at", 0)))
