"""The core's one entry point for adapters: a message in (question or command), a reply out.

Also the shared chores every adapter needs, so none of them re-implements them:
admitting an event once (dedup) and within rate limits, storing feedback, and
turning any failure into a short, kind reply.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from bot.conversation import Attachment, IncomingMessage, PartialSink, Reply
from bot.core import StudyBot
from bot.errors import UserError
from bot.feedback import AnswerStore
from bot.guards import Deduplicator, RateLimiter
from bot.index import QdrantIndex
from bot.language import detect_language, message
from bot.safety import defuse_mass_mentions

log = logging.getLogger(__name__)

Tool = Callable[[IncomingMessage, PartialSink | None], Awaitable[Reply]]

BUILT_IN = {
    "ask": "ask a question about the material",
    "sources": "list what is indexed",
    "add": "add a file or an http(s) link to the material",
    "help": "show this help",
}
PLANNED = {
    "summary": "summarise one source",
    "outline": "chapters of a source with deep links",
    "explain": "explain a term from the material",
    "compare": "compare two ideas side by side",
    "note": "keep and search the team's notes",
    "quiz": "a quiz question from the material",
    "digest": "a daily learning digest for this channel",
}
COMMANDS = tuple(BUILT_IN) + tuple(PLANNED)


class MaterialIngestor(Protocol):
    async def ingest_one(self, target: str, tenant: str, title: str | None = None, url: str | None = None,
                         public_only: bool = False) -> Any: ...

    async def ingest_bytes(self, data: bytes, name: str, tenant: str, *, origin: str, title: str | None = None,
                           url: str | None = None, content_type: str | None = None) -> Any: ...


@dataclass(frozen=True)
class Admission:
    proceed: bool
    reply: Reply | None = None  # what to tell the user when refused; None means drop silently


class StudyService:
    def __init__(self, bot: StudyBot, index: QdrantIndex, ingestor: MaterialIngestor, answers: AnswerStore,
                 dedup: Deduplicator, limiter: RateLimiter, admins: frozenset[str] = frozenset(),
                 tools: dict[str, Tool] | None = None, private_links: bool = False,
                 max_upload_bytes: int = 50_000_000) -> None:
        self.bot, self.index, self.ingestor, self.answers = bot, index, ingestor, answers
        self.dedup, self.limiter, self.admins = dedup, limiter, admins
        self.private_links = private_links  # may chat links reach private addresses (tests, intranets)
        self.max_upload_bytes = max_upload_bytes
        self.tools: dict[str, Tool] = dict(tools or {})
        self.metrics = bot.metrics

    # -- the entry point -----------------------------------------------------

    async def handle(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        """Answer a question or run a command; never raises for the user's input."""
        self.metrics.questions.labels(msg.platform, msg.command).inc()
        try:
            if msg.command == "ask":
                return await self.bot.handle(msg, on_partial)
            if msg.command in self.tools:
                return await self.tools[msg.command](msg, on_partial)
            if msg.command == "sources":
                return await self._sources(msg)
            if msg.command == "add":
                return await self._add(msg)
            return self.help(msg, unknown=msg.command not in COMMANDS and msg.command != "help")
        except Exception as e:  # adapters get a reply, never an exception
            return self.failure(e, detect_language(msg.text))

    def help(self, msg: IncomingMessage, unknown: bool = False) -> Reply:
        if msg.command in PLANNED and msg.command not in self.tools:
            working = ", ".join(f"`{c}`" for c in self.working_commands())
            return Reply(message("en", "coming").format(command=msg.command, working=working))
        lines = ["Here's what I can do:"]
        lines += [f"• `{c}`: {BUILT_IN.get(c) or PLANNED[c]}" for c in self.working_commands()]
        soon = [c for c in PLANNED if c not in self.tools]
        if soon:
            lines.append("Coming soon: " + ", ".join(f"`{c}`" for c in soon) + ".")
        if unknown:
            lines.insert(0, f"I don't know the command `{defuse_mass_mentions(msg.command)}`.")
        return Reply("\n".join(lines))

    def working_commands(self) -> list[str]:
        return [c for c in COMMANDS if c in BUILT_IN or c in self.tools]

    def command_from_text(self, text: str, has_files: bool = False) -> tuple[str, str]:
        """What a chat message (a mention, not a slash command) asks for, and the rest of it.

        Files, or "add <link>", add material; a first word naming a working command runs it
        ("sources", "quiz"); anything else, "explain X" before `explain` exists included, is a question.
        """
        text = text.strip()
        first, _, rest = text.partition(" ")
        word = first.lower().rstrip(":,")
        if has_files:
            return "add", rest.strip() if word == "add" else text
        if word == "add":
            return ("add", rest.strip()) if any(_is_link(w) for w in rest.split()) else ("ask", text)
        if word in self.working_commands() and word != "help" or (word == "help" and not rest):
            return word, rest.strip()
        return "ask", text

    def upload_refusal(self, name: str, size: int) -> str | None:
        """Why a file is refused before anyone downloads it; None when it may be fetched."""
        if size > self.max_upload_bytes:
            return f"✗ {name}: {size / 1e6:.1f} MB is over the {self.max_upload_bytes / 1e6:.0f} MB limit."
        return None

    # -- shared chores for adapters -----------------------------------------

    async def admit(self, msg: IncomingMessage, event_id: str) -> Admission:
        """Once per event across replicas, and within the user's and team's rate limits."""
        if not await self.dedup.first_time(msg.platform, msg.tenant, event_id):
            return Admission(False)
        verdict = await self.limiter.check(msg.platform, msg.tenant, msg.user)
        if not verdict.allowed:
            key = "rate_user" if verdict.scope == "user" else "rate_tenant"
            text = message(detect_language(msg.text), key).format(seconds=verdict.retry_after)
            return Admission(False, Reply(text))
        return Admission(True)

    async def feedback(self, tenant: str, user: str, answer_id: str, vote: str) -> bool:
        """Store a 👍/👎 ("up"/"down"); False when the answer is unknown (expired, or another team's)."""
        stored = await self.answers.vote(answer_id, tenant, user, vote)
        if stored:
            self.metrics.feedback.labels(vote).inc()
        return stored

    @staticmethod
    def vote_reply(vote: str, stored: bool) -> Reply:
        """What to tell the voter, privately."""
        return Reply(message("en", f"vote_{vote}" if stored else "vote_gone"))

    def failure(self, error: BaseException, lang: str = "en") -> Reply:
        if isinstance(error, UserError):
            return Reply(defuse_mass_mentions(str(error)))
        self.metrics.errors.labels(type(error).__name__).inc()
        log.error("request failed: %s", type(error).__name__, exc_info=error)
        return Reply(message(lang, "failure"))

    def may_add(self, msg: IncomingMessage) -> bool:
        return msg.platform == "console" or "*" in self.admins or f"{msg.platform}:{msg.user}" in self.admins

    # -- built-in commands ----------------------------------------------------

    async def _sources(self, msg: IncomingMessage) -> Reply:
        records = await self.index.records(msg.tenant)
        if not records:
            return Reply("Nothing is indexed for this team yet. Add material with `add` and a file or link.")
        lines = [f"{len(records)} sources:"]
        for r in records:
            link = f" {r.url}" if r.url else ""
            lines.append(f"• {r.title} ({r.kind}, {r.chunks} chunks){link}")
        return Reply(defuse_mass_mentions("\n".join(lines)))

    async def _add(self, msg: IncomingMessage) -> Reply:
        if not self.may_add(msg):
            return Reply(message("en", "not_allowed"))
        targets = list(msg.attachments)
        words = [w.strip("<>") for w in msg.text.split()]
        targets += [_link(w) for w in words if _is_link(w)]
        if not targets:
            return Reply(message("en", "nothing_to_add"))
        lines = []
        for item in targets:
            if item.data is not None:
                origin = f"{msg.platform}:{msg.tenant}:{item.name}"
                try:
                    outcome = await self.ingestor.ingest_bytes(item.data, item.name, msg.tenant, origin=origin,
                                                               content_type=item.content_type)
                except UserError as e:
                    lines.append(f"✗ {item.name}: {e}")
                    continue
            else:
                outcome = await self.ingestor.ingest_one(str(item.url), msg.tenant, public_only=not self.private_links)
            lines.append(_describe(outcome, item.name))
        return Reply(defuse_mass_mentions("\n".join(lines)))


def _is_link(word: str) -> bool:
    return word.strip("<>").startswith(("http://", "https://"))


def _link(word: str) -> Attachment:
    url = word.split("|")[0]  # Slack writes links as <url|label>
    return Attachment(name=url, url=url)


def _describe(outcome: Any, name: str) -> str:
    if outcome.status in ("added", "updated"):
        return f"✓ {outcome.status.capitalize()} {outcome.title} ({outcome.chunks} passages). Ask away!"
    if outcome.status == "unchanged":
        return f"• {outcome.title} is already indexed and unchanged."
    return f"✗ {name}: {outcome.reason}"
