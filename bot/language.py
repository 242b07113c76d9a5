"""Which language a question is in, so the answer and the bot's notes can match it.

Everything the bot writes is an English template with its Chinese in one catalog: `tr("template")` writes
it in the reply language a request (or a scheduled send) set with `replying_in`; `message(lang, key)` a
keyed template (MESSAGES) in a language the caller names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from importlib import resources

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")

NAMES = {"en": "English", "zh": "Chinese (简体中文)", "ja": "Japanese", "ko": "Korean"}


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def detect_language(text: str) -> str:
    letters = len(_LETTER.findall(text)) or 1
    if len(_KANA.findall(text)) / letters > 0.1:
        return "ja"
    if len(_HANGUL.findall(text)) / letters > 0.2:
        return "ko"
    if len(_CJK.findall(text)) / letters > 0.2:
        return "zh"
    return "en"


MESSAGES: dict[str, str] = {  # key -> English template; the Chinese is in the catalog, like every tr() template
    "no_llm": "No language model is configured, so this answer quotes the most relevant passages.",
    "llm_down": "The language model is unavailable right now, so this answer quotes the most relevant passages.",
    "llm_uncited": "The model's answer cited no source, so here are the most relevant passages instead.",
    "not_covered": "I don't know: the material doesn't seem to cover this. Try rephrasing, or add a source that does.",
    "not_mentioned": "I don't know: the material doesn't mention {terms}. Add a source that covers it, then ask again.",
    "partly": "The material doesn't mention {terms}. Closest:",
    "memory_down": "Conversation memory is unavailable right now, so I answered without the earlier messages.",
    "from_material": "From the material:",
    "empty": "Ask me a question about your material.",
    "failure": "Sorry, something went wrong on my side. Please try again in a moment.",
    "rate_user": "You're asking faster than I can keep up. Please try again in {seconds} seconds.",
    "rate_tenant": "Your team is asking a lot right now. Please try again in {seconds} seconds.",
    "busy": "I'm answering many questions right now. Please try again in a minute.",
    "too_long": "That's {length} characters; I read messages of up to {limit}. Please ask about one thing at a time.",
    "not_allowed": "Adding material is limited to the people your admins allowed. Ask one of them to add it.",
    "nothing_to_add": "Attach a file or give an http(s) link to add material.",
    "vote_up": "Thanks for the 👍, glad it helped.",
    "vote_down": "Thanks for the 👎, it helps us see where the answers fall short.",
    "vote_gone": "I no longer have that answer (old answers expire), so the vote could not be recorded.",
    "suggestion_gone": "I no longer have that suggestion (old answers expire). Ask it in your own words, please.",
    "files_ignored": "I read only your words: to add an attached file to the material, send it with `add`.",
    "sources": "Sources",
    "from_notes": "From your team's notes:",
    "notes_instead": "The material doesn't seem to cover this, but your team's notes do:",
    "tell_more": "Tell me more about {topic}",
    "also_ask": "You could also ask",
    "save_note": "Save as note",
    "helpful": "Helpful",
    "not_helpful": "Not helpful",
    "digest_heading": "📚 **Today's study digest** · unit {n} of {total}",
    "key_terms": "**Key terms:**",
    "quiz": "**Quiz:**",
    "quiz_how": "Reply `quiz answer YOUR GUESS` to check, or `quiz reveal` to see the answer.",
    "digest_card": "🃏 1 card from this unit joins everyone's `review`; `review on` sends yours privately each day.",
    "digest_cards": "🃏 {count} cards from this unit join everyone's `review`; `review on` sends yours privately each day.",
    "digest_next": "Next: {label}{of}. Know it already? `digest known {n}` skips it.",
    "digest_next_of": " of {title}",
    "course_done": "🎓 That's the whole course: all {total} units are done or known. Add material to keep going, or `digest reset` to start again from unit 1.",
    "digest_late": "This digest was due {when} and comes late because I was offline.",
    "reviews_heading": "🧠 **Your reviews**",
    "reviews_due": "{n} due",
    "reviews_new": "{n} new",
    "reviews_more": "{n} more after these: `review` shows them.",
    "reviews_how": "Reveal a card with its button, or type `review reveal 1`; `review answer 1 YOUR GUESS` checks a guess. `review pause 7d` pauses the daily message.",
    "first_appears": "**Where it first appears**",
    "digest_subscribed": "{verb} this channel's daily digest: {schedule}, {what} ({units} units, {done} done).",
    "digest_whole_course": "the whole course",
    "digest_next_comes": "The next one comes {when}: {label}.",
    "digest_all_done": "Every unit is already done or known; `digest reset` starts again.",
    "digest_no_material": "Nothing is indexed yet; digests start once material is added.",
    "digest_how": "`digest preview` shows it now, `digest known 3` skips a unit you know, `digest unsubscribe` stops.",
    "digest_preview": "A preview: nothing is marked done until the digest is posted.",
    "keep_answer": "answer {id} · keep it with: studybot note save {id}",
    "cards_how": "Reveal each with its button (or `review reveal 1`); `review answer 1 YOUR GUESS` checks a guess. Rated cards come back in your `review` on a schedule: sooner the ones you miss.",
}


def message(lang: str, key: str) -> str:
    """A keyed message in `lang`, for senders that name their language (a channel's digest, the ask pipeline)."""
    return translated(MESSAGES[key], lang)


_LANGUAGE_WORDS = {"zh": "zh", "中文": "zh", "汉语": "zh", "chinese": "zh", "en": "en", "英文": "en", "英语": "en",
                   "english": "en"}


def language_word(word: str) -> str | None:
    """A word that names a language the bot writes ("中文", "english"), as its code."""
    return _LANGUAGE_WORDS.get(word.lower())


# Subcommand words in Chinese, for the study tools that take one ("日报 订阅 09:00", "复习 揭晓 1").
SUBCOMMANDS_ZH = {"订阅": "subscribe", "取消订阅": "unsubscribe", "退订": "unsubscribe", "状态": "status",
                  "预览": "preview", "单元": "units", "已掌握": "known", "未掌握": "unknown", "跳过": "skip",
                  "重置": "reset", "回答": "answer", "揭晓": "reveal", "答案": "reveal", "开启": "on",
                  "关闭": "off", "暂停": "pause", "恢复": "resume", "添加": "add", "列表": "list", "搜索": "search",
                  "删除": "rm", "保存": "save", "每周": "weekly", "帮助": "help"}


def subcommand(word: str) -> str:
    """A study tool's subcommand word in English, whichever language it was written in."""
    return SUBCOMMANDS_ZH.get(word, word.lower())


# The language of the reply being written. A ContextVar, so concurrent requests never see each
# other's, and tasks created inside `replying_in` inherit it (asyncio copies the context).
_REPLYING_IN: ContextVar[str] = ContextVar("studybot_reply_language", default="en")


@contextmanager
def replying_in(lang: str) -> Iterator[None]:
    """Everything `tr` translates inside the block is written in `lang`."""
    token = _REPLYING_IN.set(lang)
    try:
        yield
    finally:
        _REPLYING_IN.reset(token)


def reply_language() -> str:
    return _REPLYING_IN.get()


@lru_cache(maxsize=1)
def chinese_catalog() -> dict[str, str]:
    """English template -> Simplified Chinese (bot/text/zh_catalog.json), loaded on first use.

    One flat file rather than .po files: the bot writes two languages and the templates are the English
    text itself, so English replies never depend on it. tests/test_chinese_study_replies.py checks that
    every `tr("...")` in bot/, adapters/ and ingest/ and every MESSAGES template has an entry with the
    same placeholders, and that no entry is unused. Commands appear as a Chinese reader types them
    (`复习 揭晓 1`)."""
    return json.loads((resources.files("bot.text") / "zh_catalog.json").read_text("utf-8"))


def translated(text: str, lang: str) -> str:
    """The English template `text` in `lang` (unchanged in English, or when untranslated)."""
    return chinese_catalog().get(text, text) if lang == "zh" else text


def tr(text: str) -> str:
    """The English template `text` in the reply language."""
    return translated(text, _REPLYING_IN.get())


def sentences(*parts: str) -> str:
    """Sentences one after another: a space between them in English, none after a Chinese full stop."""
    return tr(" ").join(p for p in parts if p)
