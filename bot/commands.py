"""The one command table. Slack's `/study help`, Discord's application commands and the CLI's
study commands are generated from it; the core parses chat text against it.

A command is one entry here (name, what it does, its arguments, who sees the reply, who may run
it) plus its handler, wired in bot/bootstrap.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Audience(StrEnum):
    """Who sees the reply."""

    CHANNEL = "channel"  # everyone in the conversation
    ASKER = "asker"  # only the person who asked


class Access(StrEnum):
    """Who may run the command."""

    ANYONE = "anyone"
    ADMINS = "admins"  # STUDYBOT_ADMINS; the terminal always may


@dataclass(frozen=True)
class Param:
    """One argument as surfaces offer it; the core receives all of them joined as the command's text."""

    name: str
    help: str
    required: bool = False
    kind: str = "text"  # text | source (surfaces offer source names) | link | file


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    params: tuple[Param, ...] = ()
    audience: Audience = Audience.CHANNEL
    access: Access = Access.ANYONE
    example: str = ""
    only_me_option: bool = False  # the asker may ask for a reply only they see
    in_chat: bool = True  # Slack and Discord offer it
    in_cli: bool = True  # `studybot NAME ...` runs it (some have a richer CLI command of their own)
    listed: bool = True  # shown in help (internal commands behind buttons are not)

    def audience_for(self, only_me: bool) -> Audience:
        """Who sees the reply when the asker did (or did not) ask for one only they see."""
        return Audience.ASKER if only_me and self.only_me_option else self.audience


_SOURCE = Param("source", "Which source: its id, or part of its title or file name", kind="source")

COMMANDS: tuple[Command, ...] = (
    Command("ask", "ask a question about the material", (Param("question", "What you want to know", True),),
            example="ask What is RLHF?", only_me_option=True, in_cli=False),
    Command("summary", "summarise one source", (_SOURCE,), example="summary how llms"),
    Command("outline", "chapters of a source with deep links", (_SOURCE,), example="outline lecture"),
    Command("explain", "explain a term from the material", (Param("term", "The term to explain", True),),
            example="explain RLHF"),
    Command("compare", "compare two ideas side by side",
            (Param("ideas", "Two ideas, e.g. RLHF vs SFT", True),), example="compare SFT vs RLHF"),
    Command("note", "keep and search the channel's notes",
            (Param("text", "add TEXT, list, search WORDS, save ANSWER_ID, rm ID"),), audience=Audience.ASKER,
            example="note add Tokens are chunks of text"),
    Command("quiz", "a quiz question from the material",
            (Param("topic", "A topic, or: answer GUESS, reveal"),), example="quiz tokenization"),
    Command("flashcards", "cited flashcards on a source or topic, to reveal and rate",
            (Param("about", "A source (part of its title) or a topic", True, kind="source"),),
            example="flashcards tokenization", only_me_option=True),
    Command("review", "your own cards due today, on a spaced-repetition schedule",
            (Param("text", "reveal 1, answer 1 GUESS, good 1, on 08:30 Europe/Berlin, pause 7d, resume, off"),),
            audience=Audience.ASKER, example="review pause 7d"),
    Command("known", "skip a topic you already know in your own reviews",
            (Param("topic", "A topic from the material; or: list, rm TOPIC"),), audience=Audience.ASKER,
            example="known tokenization"),
    Command("progress", "your cards due, retention and streak, and where the channel is in the course",
            (Param("text", "Nothing; or: weekly on|off, weekly names on|off"),), audience=Audience.ASKER,
            example="progress"),
    Command("digest", "a daily learning digest for this channel",
            (Param("text", "subscribe 09:00 Asia/Shanghai mon-fri, status, preview, units, known 3"),),
            example="digest subscribe 09:00 Europe/Berlin weekdays"),
    Command("sources", "list what is indexed", audience=Audience.ASKER, in_cli=False),
    Command("add", "add a file or an http(s) link to the material",
            (Param("link", "An http(s) link to a page, PDF or transcript", kind="link"),
             Param("file", "A file to add", kind="file")),
            audience=Audience.ASKER, access=Access.ADMINS, example="add https://example.org/lecture.vtt",
            in_cli=False),
    Command("help", "show what I can do", audience=Audience.ASKER, in_cli=False),
    Command("vote", "rate an answer", (Param("text", "up|down ANSWER_ID", True),), audience=Audience.ASKER,
            in_chat=False, in_cli=False, listed=False),
)

BY_NAME = {c.name: c for c in COMMANDS}


def command(name: str) -> Command | None:
    return BY_NAME.get(name)


def is_link(word: str) -> bool:
    return word.strip("<>").startswith(("http://", "https://"))


def parse(text: str, *, with_files: bool = False) -> tuple[str, str]:
    """The command a chat message names, and the rest of its text.

    A first word naming a chat command runs it ("sources", "quiz tokens"); "help" only alone, so
    "help me understand RLHF" stays a question. Files, or "add <link>", add material; a question
    that comes with a screenshot is still a question. Anything else is a question.
    """
    text = text.strip()
    first, _, rest = text.partition(" ")
    word, rest = first.lower().rstrip(":,"), rest.strip()
    if word == "add":
        return ("add", rest) if with_files or any(is_link(w) for w in rest.split()) else ("ask", text)
    if with_files and not text:
        return "add", ""
    found = BY_NAME.get(word)
    if found and found.in_chat and found.listed and (word != "help" or not rest):
        return word, rest
    return "ask", text


def help_text(unknown: str | None = None) -> str:
    """What every chat surface shows for `help`."""
    lines = [f"I don't know the command `{unknown}`."] if unknown else []
    lines.append("Here's what I can do:")
    for c in COMMANDS:
        if c.in_chat and c.listed:
            example = f" (e.g. `{c.example}`)" if c.example else ""
            lines.append(f"• `{c.name}`: {c.summary}{example}")
    lines.append("Anything else you write to me is a question about the material.")
    return "\n".join(lines)
