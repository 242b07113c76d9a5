"""The core's one use case: an event from any platform in, an outcome to render out.

parse (which command, or none of our business) -> admit (once per event, within rate limits)
-> permission -> handle -> failure. Every adapter (Slack, Discord, the terminal) goes through
`receive`, so they all behave alike; they only translate events in and render outcomes out.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable

from bot.chat.admission import AnswerSlots, Deduplicator, RateLimiter
from bot.chat.link_policy import enforce_link_policy, with_safe_links
from bot.chat.own_threads import OwnThreads
from bot.chat.streaming import LatestOnly
from bot.commands import (
    COMMANDS,
    Access,
    Audience,
    Command,
    command,
    help_text,
    named_in_chinese,
    parse,
)
from bot.conversation import Attachment, IncomingMessage, PartialSink, Reply
from bot.errors import StudybotError, UserError
from bot.events import Event, Outcome, Surface
from bot.language import detect_language, message, replying_in, tr
from bot.runtime.metrics import Metrics
from bot.tenants.admins import TenantAdmins
from bot.text.mentions import defuse_mass_mentions

log = logging.getLogger(__name__)


def language_of(text: str) -> str:
    """The language a person wrote in: a Chinese command word says Chinese, whatever follows it."""
    return "zh" if named_in_chinese(text) else detect_language(text)

Handler = Callable[[IncomingMessage, PartialSink | None], Awaitable[Reply]]
Suggestions = Callable[[str, int, str], Awaitable[str | None]]  # (answer id, number, tenant) -> its question
TERMINAL = "console"  # the operator's own terminal: no rate limits, may add material


class StudyService:
    def __init__(self, handlers: dict[str, Handler], dedup: Deduplicator, limiter: RateLimiter,
                 threads: OwnThreads, metrics: Metrics, admins: frozenset[str] = frozenset(),
                 max_upload_bytes: int = 50_000_000, max_text_chars: int = 2000,
                 tenant_admins: TenantAdmins | None = None, suggestions: Suggestions | None = None,
                 slots: AnswerSlots | None = None) -> None:
        self.handlers = {"help": self._help, **handlers}
        unhandled = {c.name for c in COMMANDS} - set(self.handlers)
        unlisted = set(self.handlers) - {c.name for c in COMMANDS}
        if unhandled or unlisted:  # caught at start, not as an apology when someone first asks
            raise StudybotError(f"the command table and the handlers disagree: no handler for {sorted(unhandled)}, "
                                f"no command for {sorted(unlisted)}")
        self.dedup, self.limiter, self.threads, self.metrics = dedup, limiter, threads, metrics
        self.admins, self.tenant_admins, self.suggestions = admins, tenant_admins, suggestions
        self.max_upload_bytes, self.max_text_chars = max_upload_bytes, max_text_chars
        self.slots = slots or AnswerSlots(2**31)

    async def receive(self, event: Event, surface: Surface | None = None) -> Outcome:
        """Decide and do; never raises for anything a person sent."""
        surface = surface or Surface()
        if event.suggestion is not None:
            resolved = await self._suggested(event, surface)
            if isinstance(resolved, Outcome):
                return resolved
            event = resolved
        name, text = self._parse(event)
        if not event.addressed and not await self._follows(event, text):
            return Outcome(name)  # people talking among themselves
        if not await self.dedup.first_time(event.platform, event.tenant, event.event_id, retry=event.retry):
            return Outcome(name)  # a retry or a second copy of an event already answered
        self.metrics.questions.labels(event.platform, name).inc()
        lang = language_of(event.text)
        with replying_in(lang):  # every line written for this event, by any tool, in the asker's language
            if event.platform == TERMINAL:
                return await self._admitted(event, name, text, lang, surface)
            if not await self.slots.take():
                return self._refused(name, event, Reply(message(lang, "busy")))
            try:
                return await self._admitted(event, name, text, lang, surface)
            finally:
                self.slots.give_back()

    async def _admitted(self, event: Event, name: str, text: str, lang: str, surface: Surface) -> Outcome:
        spec = command(name)
        try:
            refusal = await self._refusal(event, spec, text, lang)
            if refusal is not None:
                return self._refused(name, event, refusal)
            assert spec is not None
            audience = spec.audience_for(event.only_me)
            opened = await surface.working(name, audience)
            reply, attachments_note = await self._handle(event, spec, text, lang, audience, opened, surface)
        except Exception as e:  # adapters get an outcome, never an exception
            return self._refused(name, event, self.failure(e, lang))
        thread = self._reply_thread(event, audience, opened)
        if audience is Audience.CHANNEL and thread and not event.thread and not event.direct:
            await self.threads.opened(event.platform, event.tenant, event.channel, thread)
        if attachments_note:
            reply = dataclasses.replace(reply, notices=[*reply.notices, message(lang, attachments_note)])
        return Outcome(name, dataclasses.replace(reply, lang=lang), audience, thread)

    # -- parse -----------------------------------------------------------------

    def _parse(self, event: Event) -> tuple[str, str]:
        if event.command:
            return event.command, event.text.strip()
        return parse(event.text, with_files=event.addressed and bool(event.files))

    async def _suggested(self, event: Event, surface: Surface) -> Event | Outcome:
        """A clicked suggestion becomes the question it stands for (buttons carry only a number)."""
        assert event.suggestion is not None
        answer_id, n = event.suggestion
        try:
            question = await self.suggestions(answer_id, n, event.tenant) if self.suggestions else None
        except Exception as e:  # the store is out of reach: said kindly, like any failure
            return self._refused(event.command or "ask", event, self.failure(e))
        if question is None:
            gone = Reply(message(language_of(event.text), "suggestion_gone"))
            return self._refused(event.command or "ask", event, gone)
        with replying_in(language_of(question)):  # the surface heads the answer with it: "… asked: …"
            await surface.asked(question)
        return dataclasses.replace(event, text=question, suggestion=None)

    async def _follows(self, event: Event, text: str) -> bool:
        """A message that does not address the bot: answered only in a thread the bot opened, when it
        has words (a picture is not a question) and names nobody else (then it is for them)."""
        if not event.thread or not text or event.names_others:
            return False
        if event.own_thread is not None:
            return event.own_thread
        return await self.threads.contains(event.platform, event.tenant, event.channel, event.thread)

    # -- admit and permission -----------------------------------------------------

    async def _refusal(self, event: Event, spec: Command | None, text: str, lang: str) -> Reply | None:
        """Why this event gets a refusal instead of an answer, or None."""
        if spec is None:
            return Reply(help_text(unknown=defuse_mass_mentions(event.command or ""), lang=lang))
        if len(text) > self.max_text_chars:
            return Reply(message(lang, "too_long").format(limit=self.max_text_chars, length=len(text)))
        if event.platform != TERMINAL:
            verdict = await self.limiter.check(event.platform, event.tenant, event.user)
            if not verdict.allowed:
                key = "rate_user" if verdict.scope == "user" else "rate_tenant"
                return Reply(message(lang, key).format(seconds=verdict.retry_after))
        if spec.access is Access.ADMINS and not await self.may_change_material(event.platform, event.tenant,
                                                                                event.user):
            return Reply(message(lang, "not_allowed"))
        return None

    async def may_change_material(self, platform: str, tenant: str, user: str) -> bool:
        """The operator's STUDYBOT_ADMINS everywhere; the tenant's own admins (who installed it) there."""
        if platform == TERMINAL or "*" in self.admins or f"{platform}:{user}" in self.admins:
            return True
        return self.tenant_admins is not None and await self.tenant_admins.contains(platform, tenant, user)

    def _refused(self, name: str, event: Event, reply: Reply) -> Outcome:
        return Outcome(name, dataclasses.replace(reply, lang=language_of(event.text)), Audience.ASKER,
                       event.thread, refused=True)

    # -- handle ----------------------------------------------------------------------

    async def _handle(self, event: Event, spec: Command, text: str, lang: str, audience: Audience,
                      opened: str | None, surface: Surface) -> tuple[Reply, str | None]:
        attachments, problems = await self._files(event, spec, surface)
        if problems and not attachments and spec.name == "add" and not text:
            return Reply("\n".join(problems)), None
        msg = IncomingMessage(event.platform, event.tenant, event.channel, self._memory_thread(event, opened),
                              event.user, text, spec.name, tuple(attachments), lang)
        async def shown(text: str) -> None:  # nothing is cited yet: no link is clickable while it streams
            await surface.partial(enforce_link_policy(text, ()))

        partial = LatestOnly(shown)
        try:
            reply = with_safe_links(await self.handlers[spec.name](msg, partial))
        finally:
            await partial.close()
        if spec.name == "add":
            return dataclasses.replace(reply, text="\n".join([*problems, reply.text])), None
        return reply, "files_ignored" if event.files else None

    async def _files(self, event: Event, spec: Command, surface: Surface) -> tuple[list[Attachment], list[str]]:
        """Downloaded attachments for commands that take files; one line per file refused or failed."""
        if spec.name != "add" or not event.files:
            return [], []
        attachments: list[Attachment] = []
        problems: list[str] = []
        for offer in event.files:
            if offer.size > self.max_upload_bytes:
                problems.append(tr("✗ {name}: {size:.1f} MB is over the {limit:.0f} MB limit.").format(
                    name=offer.name, size=offer.size / 1e6, limit=self.max_upload_bytes / 1e6))
                continue
            try:
                data = await surface.download(offer)
            except UserError as e:
                problems.append(tr("✗ {name}: {reason}").format(name=offer.name, reason=e))
                continue
            attachments.append(Attachment(offer.name, data, content_type=offer.content_type))
        return attachments, [defuse_mass_mentions(p) for p in problems]

    @staticmethod
    def _memory_thread(event: Event, opened: str | None) -> str:
        """Which conversation a message continues: its thread; else a thread its answer opens; in a
        direct message, the whole conversation; else the message itself, or the person in this channel."""
        if event.thread or opened:
            return str(event.thread or opened)
        if event.direct:
            return "dm"
        return event.message or f"user:{event.user}"

    @staticmethod
    def _reply_thread(event: Event, audience: Audience, opened: str | None) -> str | None:
        """Where the reply goes: the event's thread; a public answer to a channel message opens one."""
        if event.thread or opened:
            return event.thread or opened
        if audience is Audience.CHANNEL and not event.direct:
            return event.message
        return None

    async def _help(self, msg: IncomingMessage, on_partial: PartialSink | None = None) -> Reply:
        return Reply(help_text(lang=msg.lang))

    # -- failure ---------------------------------------------------------------------

    def failure(self, error: BaseException, lang: str = "en") -> Reply:
        """A short, kind reply: the text of a UserError, otherwise a generic apology (details go to the log)."""
        if isinstance(error, UserError):
            return Reply(defuse_mass_mentions(str(error)))
        self.metrics.errors.labels(type(error).__name__).inc()
        log.error("request failed: %s", type(error).__name__, exc_info=error)
        return Reply(message(lang, "failure"))
