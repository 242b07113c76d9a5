"""Spoken chapter transitions ("let's move on to tokenization") and the topic they announce.

Lecturers mark their chapters out loud; these phrases are the most reliable chapter
boundaries a transcript has. Strong phrases start a chapter on their own; weak ones
("let's look at ...") also open examples, so they count only where the content shifts.
"""

from __future__ import annotations

import re

STRONG = re.compile(
    r"\blet'?s (?:now )?(?:move|go|turn|switch|shift|jump|get|come|head|skip)(?: on| over| back| now)? to\b"
    r"|\b(?:that|this|which) (?:brings|leads|takes) us (?:on )?to\b"
    r"|\bmoving on to\b|\bon to our next\b"
    r"|\b(?:our|the) next (?:topic|section|part|chapter|stage|step|subject) is\b"
    r"|(?:^|[.!?]\s)(?:(?:okay|ok|so|now|alright|and),?\s+)*(?:the |our |my )?(?:next|last|final|one more|another)"
    r" (?:big |main |major )?(?:topic|section|part|chapter|subject)(?=\s*(?:[.,:;!]|is\b|for today\b|$))"
    r"|\bnext(?: up)?,? (?:let'?s|we(?:'ll| will)|i(?:'ll| will)|i want to) (?:look|talk|turn|move|discuss|cover|dig|dive|get|go)\b"
    r"|\b(?:let'?s|let me) (?:bring (?:it all|it|everything) together|wrap (?:it |things )?up|recap|sum (?:it |things )?up|"
    r"summari[sz]e)\b"
    r"|\b(?:to sum up|in summary|in conclusion|to wrap up|to summari[sz]e|to recap)\b"
    r"|(?:接下来|下面|现在)(?:我们)?(?:来|要)?(?:讲|看|谈|聊|介绍|讨论|进入|说)"
    r"|(?:总结一下|最后我们来)",
    re.I,
)
WEAK = re.compile(
    r"\b(?:so |now |okay,? |alright,? )?let'?s (?:now )?(?:start|begin|look at|talk about|discuss|dive into|dig into|get into|consider|turn)\b"
    r"|\bnow (?:we(?:'ll| will)|i(?:'ll| will)) (?:look|talk|turn|move|discuss)\b",
    re.I,
)
_TOPIC = re.compile(
    r"(?:move|go|turn|switch|shift|jump|get|come|head|skip|brings us|leads us|takes us|moving)"
    r"(?: on| over| back| now)? to (?P<a>[^.?!;:]+)"
    r"|(?:look at|talk about|discuss|cover|dive into|dig into|get into|consider|start (?:with|at)|begin with) (?P<b>[^.?!;:]+)"
    r"|(?:next (?:topic|section|part|chapter|stage|step|subject) is) (?P<c>[^.?!;:]+)",
    re.I,
)
_WRAP_UP = re.compile(r"bring (?:it all|it|everything) together|wrap (?:it |things )?up(?! with)|recap|sum (?:it |things )?up|"
                      r"summari[sz]e|in summary|in conclusion|总结", re.I)
_CLAUSE_END = re.compile(r",|\s(?:and (?:why|how|what|then)|which|because|so that|where|before|itself|themselves)\b|\s—|\s-\s")
_GENERIC_START = re.compile(r"^(?:the )?(?:very )?(?:beginning|start|basics)$", re.I)
_WITH_TAIL = re.compile(r",?\s*with (?:the )?(?P<t>[^,.;]+)", re.I)
_LEADING = re.compile(r"^(?:the|a|an|some|our|this|that)\s+", re.I)
CAN_YOU_HEAR = r"can (?:everyone|everybody|people in the back|you all) hear me"
_INTRO = re.compile(r"\b(?:welcome|hello|hi everyone|hi all|good (?:morning|afternoon|evening)|today we|"
                    r"today i(?:'m| am)? (?:want|going|will|'ll)|let'?s get started|" + CAN_YOU_HEAR + r"|"
                    r"in this (?:lecture|talk|video|session|course))\b|大家好|欢迎", re.I)

MAX_TITLE_WORDS = 7
INTRO_TITLE = "Introduction"  # a talk's opening chapter that greets and says what is coming
WRAP_UP_TITLE = "Summary"  # what a chapter the speaker opens with "let's wrap up" is called
QUESTIONS_TITLE = "Questions"  # the audience's questions a talk ends with
QUESTIONS_OPEN = 4  # sentences that must sound like questions from the audience for them to have begun
_QUESTIONS = re.compile(r"\b(?:(?:any|a couple of|a few|time for|take|some) (?:more )?questions|the question (?:was|is)|"
                        r"(?:minutes|time) for questions|(?:great|good|next|another) question|q ?& ?a|"
                        r"(?:yes|yeah),? in the (?:front|back|middle)|any(?:one|body|thing) else)\b|\bquestions\s*\?", re.I)


def strength(sentence: str) -> int:
    """2 for a phrase that announces a new chapter, 1 for one that may, 0 otherwise."""
    if STRONG.search(sentence):
        return 2
    return 1 if WEAK.search(sentence) else 0


def _tidy(phrase: str) -> str:
    phrase = " ".join(phrase.split()).strip(" ,")
    phrase = _LEADING.sub("", phrase)
    words = phrase.split()
    if not words or len(words) > MAX_TITLE_WORDS:
        return ""
    return phrase[0].upper() + phrase[1:]


def announced_topic(sentence: str) -> str | None:
    """"... so let's move on to tokenization." -> "Tokenization"; None when none is named."""
    if _WRAP_UP.search(sentence):
        return WRAP_UP_TITLE
    topics = [_topic(next(g for g in m.groups() if g)) for m in _TOPIC.finditer(sentence)]
    named = [t for t in topics if t]
    return min(named, key=len) if named else None  # "what happens when ..., which brings us to X": X


def _topic(raw: str) -> str:
    head = _CLAUSE_END.split(raw, maxsplit=1)[0]
    if _GENERIC_START.match(head.strip()):
        tail = _WITH_TAIL.search(raw)
        head = tail.group("t") if tail else ""
    return _tidy(head)


def sounds_like_intro(text: str) -> bool:
    return bool(_INTRO.search(text[:600]))


def sounds_like_questions(text: str) -> bool:
    """A stretch of a talk taken up by the audience's questions ("Next question, yes, Sarah?")."""
    return len(_QUESTIONS.findall(text)) >= 2


def opens_questions(sentences: list[str]) -> bool:
    """Do the audience's questions start with the first of these sentences ("…time for a couple of questions.
    Yes, in the front? Thanks, that's a great question.")?"""
    return bool(sentences) and bool(_QUESTIONS.search(sentences[0])) and sounds_like_questions(
        " ".join(sentences[:QUESTIONS_OPEN]))
