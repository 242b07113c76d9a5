"""The one command table. Slack's `/study help`, Discord's application commands and the CLI's
study commands are generated from it; the core parses chat text against it.

A command is one entry here (name, what it does, its arguments, who sees the reply, who may run
it) plus its handler, wired in bot/bootstrap.py.
"""

from __future__ import annotations

import re
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
    zh: str = ""  # its Chinese name, which chat accepts as well ("摘要 how llms")
    summary_zh: str = ""  # what it does, for Chinese help

    def audience_for(self, only_me: bool) -> Audience:
        """Who sees the reply when the asker did (or did not) ask for one only they see."""
        return Audience.ASKER if only_me and self.only_me_option else self.audience


_SOURCE = Param("source", "Which source: its id, or part of its title or file name", kind="source")

COMMANDS: tuple[Command, ...] = (
    Command("ask", "ask a question about the material", (Param("question", "What you want to know", True),),
            example="ask What is RLHF?", only_me_option=True, in_cli=False,
            zh="提问", summary_zh="就资料提一个问题"),
    Command("summary", "summarise one source", (_SOURCE,), example="summary how llms",
            zh="摘要", summary_zh="总结一个资料来源"),
    Command("outline", "chapters of a source with deep links", (_SOURCE,), example="outline lecture",
            zh="大纲", summary_zh="资料的章节,附直达链接"),
    Command("explain", "explain a term from the material", (Param("term", "The term to explain", True),),
            example="explain RLHF",
            zh="解释", summary_zh="解释资料中的一个术语"),
    Command("compare", "compare two ideas side by side",
            (Param("ideas", "Two ideas, e.g. RLHF vs SFT", True),), example="compare SFT vs RLHF",
            zh="比较", summary_zh="并排比较两个概念"),
    Command("note", "keep and search the channel's notes",
            (Param("text", "add TEXT, list, search WORDS, save ANSWER_ID, rm ID"),), audience=Audience.ASKER,
            example="note add Tokens are chunks of text",
            zh="笔记", summary_zh="记录并搜索本频道的笔记"),
    Command("quiz", "a quiz question from the material",
            (Param("topic", "A topic, or: answer GUESS, reveal"),), example="quiz tokenization",
            zh="测验", summary_zh="来自资料的一道测验题"),
    Command("flashcards", "cited flashcards on a source or topic, to reveal and rate",
            (Param("about", "A source (part of its title) or a topic", True, kind="source"),),
            example="flashcards tokenization", only_me_option=True,
            zh="闪卡", summary_zh="某个资料或主题的闪卡,可翻看并评分"),
    Command("review", "your own cards due today, on a spaced-repetition schedule",
            (Param("text", "reveal 1, answer 1 GUESS, good 1, on 08:30 Europe/Berlin, pause 7d, resume, off"),),
            audience=Audience.ASKER, example="review pause 7d",
            zh="复习", summary_zh="你今天到期的卡片(间隔重复)"),
    Command("known", "skip a topic you already know in your own reviews",
            (Param("topic", "A topic from the material; or: list, rm TOPIC"),), audience=Audience.ASKER,
            example="known tokenization",
            zh="已掌握", summary_zh="在你的复习中跳过已掌握的主题"),
    Command("progress", "your cards due, retention and streak, and where the channel is in the course",
            (Param("text", "Nothing; or: weekly on|off, weekly names on|off"),), audience=Audience.ASKER,
            example="progress",
            zh="进度", summary_zh="你的到期卡片、记忆率与连续天数,以及本频道的课程进度"),
    Command("digest", "a daily learning digest for this channel",
            (Param("text", "subscribe 09:00 Asia/Shanghai mon-fri, status, preview, units, known 3"),),
            example="digest subscribe 09:00 Europe/Berlin weekdays",
            zh="日报", summary_zh="本频道的每日学习摘要"),
    Command("sources", "list what is indexed", audience=Audience.ASKER, in_cli=False,
            zh="来源", summary_zh="列出已索引的资料"),
    Command("add", "add a file or an http(s) link to the material",
            (Param("link", "An http(s) link to a page, PDF or transcript", kind="link"),
             Param("file", "A file to add", kind="file")),
            audience=Audience.ASKER, access=Access.ADMINS, example="add https://example.org/lecture.vtt",
            in_cli=False,
            zh="添加", summary_zh="添加文件或 http(s) 链接到资料"),
    Command("help", "show what I can do", audience=Audience.ASKER, in_cli=False,
            zh="帮助", summary_zh="看看我能做什么"),
    Command("vote", "rate an answer", (Param("text", "up|down ANSWER_ID", True),), audience=Audience.ASKER,
            in_chat=False, in_cli=False, listed=False),
)

BY_NAME = {c.name: c for c in COMMANDS}
BY_CHINESE_NAME = {c.zh: c for c in COMMANDS if c.zh}
_CHINESE_COMMAND = re.compile(r"^(" + "|".join(map(re.escape, BY_CHINESE_NAME)) + r")(?:[\s:：]+|$)")


def command(name: str) -> Command | None:
    return BY_NAME.get(name)


def is_link(word: str) -> bool:
    return word.strip("<>").startswith(("http://", "https://"))


def named_in_chinese(text: str) -> bool:
    """The message starts with a command's Chinese name ("闪卡 tokenization"): the person writes Chinese."""
    return bool(_CHINESE_COMMAND.match(text.strip()))


def parse(text: str, *, with_files: bool = False) -> tuple[str, str]:
    """The command a chat message names, and the rest of its text.

    A first word naming a chat command runs it ("sources", "quiz tokens"); "help" only alone, so
    "help me understand RLHF" stays a question. Files, or "add <link>", add material; a question
    that comes with a screenshot is still a question. Anything else is a question.
    """
    text = text.strip()
    chinese = _CHINESE_COMMAND.match(text)
    if chinese:  # "摘要 how llms", "解释：RLHF": the command word, then what it is about
        text = BY_CHINESE_NAME[chinese.group(1)].name + " " + text[chinese.end():]
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


_HELP = {  # unknown command, heading, one line per command, closing line
    "en": ("I don't know the command `{unknown}`.", "Here's what I can do:", "• `{name}`: {summary}{example}",
           " (e.g. `{example}`)", "Anything else you write to me is a question about the material."),
    "zh": ("我不认识命令 `{unknown}`。", "我可以做这些(英文命令词同样可用):", "• `{zh}` / `{name}`:{summary}{example}",
           "(例如 `{example}`)", "其他任何消息都会被当作关于资料的问题。"),
}


def help_text(unknown: str | None = None, lang: str = "en") -> str:
    """What every chat surface shows for `help`, in the asker's language."""
    unknown_line, heading, line, example, closing = _HELP.get(lang, _HELP["en"])
    lines = [unknown_line.format(unknown=unknown)] if unknown else []
    lines.append(heading)
    for c in COMMANDS:
        if c.in_chat and c.listed:
            summary = c.summary_zh if lang == "zh" else c.summary
            lines.append(line.format(zh=c.zh, name=c.name, summary=summary,
                                     example=example.format(example=c.example) if c.example else ""))
    lines.append(closing)
    return "\n".join(lines)
