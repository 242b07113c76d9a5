"""Which language a question is in, so the answer and the bot's notes can match it."""

from __future__ import annotations

import re

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
    },
}


def message(lang: str, key: str) -> str:
    return MESSAGES.get(lang, MESSAGES["en"]).get(key) or MESSAGES["en"][key]
