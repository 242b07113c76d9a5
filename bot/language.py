"""Which language a question is in, so the answer and the bot's notes can match it.

Two ways to say something in the reader's language: `message(lang, key)` for the ask pipeline and
the scheduled posts that name their language, and `tr("English template")` for everything else,
which reads the reply language a request (or a scheduled send) set with `replying_in`.
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


MESSAGES: dict[str, dict[str, str]] = {
    "en": {
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
        "digest_cards": "🃏 {count} card{s} from this unit join everyone's `review`; `review on` sends yours privately each day.",
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
    },
    "zh": {
        "no_llm": "未配置语言模型,以下为资料中最相关的原文摘录。",
        "llm_down": "语言模型暂时不可用,以下为资料中最相关的原文摘录。",
        "llm_uncited": "模型的回答没有引用任何来源,因此改为列出最相关的原文摘录。",
        "not_covered": "我不知道:资料中似乎没有涉及这个问题。可以换个说法,或添加相关资料。",
        "not_mentioned": "我不知道:资料中没有提到 {terms}。添加涉及它的资料后再问。",
        "partly": "资料中没有提到 {terms}。最接近的内容:",
        "memory_down": "对话记忆暂时不可用,本次回答未参考之前的对话。",
        "from_material": "资料中的相关内容:",
        "empty": "请就资料提一个问题。",
        "failure": "抱歉,我这边出了点问题,请稍后再试。",
        "rate_user": "你提问太快了,请 {seconds} 秒后再试。",
        "rate_tenant": "你的团队现在提问很多,请 {seconds} 秒后再试。",
        "busy": "我现在正在回答很多问题,请一分钟后再试。",
        "too_long": "这条消息有 {length} 个字符,我最多读 {limit} 个。请一次问一件事。",
        "not_allowed": "只有管理员允许的人才能添加资料。请联系其中一位来添加。",
        "nothing_to_add": "请附上文件,或给出一个 http(s) 链接来添加资料。",
        "vote_up": "谢谢你的 👍,很高兴对你有帮助。",
        "vote_down": "谢谢你的 👎,这能帮助我们发现回答的不足。",
        "vote_gone": "我已经没有那条回答了(旧回答会过期),所以无法记录这次投票。",
        "suggestion_gone": "我已经没有那条建议了(旧回答会过期)。请用你自己的话再问一次。",
        "files_ignored": "我只读了你的文字:要把附件加入资料,请用 `添加`(`add`)发送。",
        "sources": "来源",
        "from_notes": "团队笔记中的相关内容:",
        "notes_instead": "资料中似乎没有涉及这个问题,但团队笔记中有:",
        "tell_more": "详细讲讲{topic}",
        "also_ask": "你还可以问",
        "save_note": "存为笔记",
        "helpful": "有帮助",
        "not_helpful": "没帮助",
        "digest_heading": "📚 **今日学习摘要** · 第 {n} 单元,共 {total} 个",
        "key_terms": "**关键术语:**",
        "quiz": "**测验:**",
        "quiz_how": "回复 `测验 回答 你的答案` 检查答案,或回复 `测验 揭晓` 查看答案。",
        "digest_cards": "🃏 本单元的 {count} 张卡片已加入大家的 `复习`;`复习 开启` 会每天私信发给你。",
        "digest_next": "下一单元:{label}{of}。已经掌握了?`日报 已掌握 {n}` 可以跳过它。",
        "digest_next_of": "(出自 {title})",
        "course_done": "🎓 整个课程已完成:全部 {total} 个单元都已学完或已掌握。添加资料继续学习,或用 `日报 重置` 从第 1 单元重新开始。",
        "digest_late": "这份摘要原定于 {when} 发送,因为我当时离线,所以迟到了。",
        "reviews_heading": "🧠 **你的复习**",
        "reviews_due": "{n} 张到期",
        "reviews_new": "{n} 张新卡",
        "reviews_more": "之后还有 {n} 张:`复习` 可以查看。",
        "reviews_how": "用按钮翻开卡片,或输入 `复习 揭晓 1`;`复习 回答 1 你的答案` 检查答案。`复习 暂停 7d` 暂停每日消息。",
        "first_appears": "**首次出现的位置**",
        "digest_subscribed": "已{verb}本频道的每日学习摘要:{schedule},{what}(共 {units} 个单元,已完成 {done} 个)。",
        "digest_whole_course": "整个课程",
        "digest_next_comes": "下一份将于 {when} 发送:{label}。",
        "digest_all_done": "所有单元都已学完或已掌握;`日报 重置` 可以从头开始。",
        "digest_no_material": "还没有索引任何资料;添加资料后摘要就会开始。",
        "digest_how": "`日报 预览` 立即查看,`日报 已掌握 3` 跳过你已掌握的单元,`日报 退订` 停止。",
        "digest_preview": "这是预览:摘要正式发出前,不会标记任何单元为已完成。",
        "keep_answer": "回答 {id} · 保存为笔记:studybot note save {id}",
        "cards_how": "用按钮翻开每张卡片(或 `复习 揭晓 1`);`复习 回答 1 你的答案` 检查答案。评过分的卡片会按计划回到你的 `复习`:答错的回来得更快。",
    },
}


def message(lang: str, key: str) -> str:
    return MESSAGES.get(lang, MESSAGES["en"]).get(key) or MESSAGES["en"][key]


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
    every `tr("...")` in bot/, adapters/ and ingest/ has an entry with the same placeholders, and that no
    entry is unused. Commands appear as a Chinese reader types them (`复习 揭晓 1`), punctuation as in
    MESSAGES["zh"]."""
    return json.loads((resources.files("bot.text") / "zh_catalog.json").read_text("utf-8"))


def tr(text: str) -> str:
    """The English template `text` in the reply language (unchanged in English, or when untranslated)."""
    if _REPLYING_IN.get() == "zh":
        return chinese_catalog().get(text, text)
    return text


def sentences(*parts: str) -> str:
    """Sentences one after another: a space between them in English, none after a Chinese full stop."""
    return tr(" ").join(p for p in parts if p)
