"""A follow-up that compares ("and how is that different from SFT?"): the two sides it names.

Joined to the previous question, such a follow-up retrieves mostly the previous topic and the answer
repeats it. Read as a comparison, one side is what the previous turn was about and the other is
what the follow-up names; the ask use case then answers it as `compare` does, both sides cited.
"""

from __future__ import annotations

import re

from bot.conversation import Turn
from bot.search.answerability import content_terms
from bot.study.terms.matching import clean_term
from bot.text.sparse import BM25Encoder

_OTHER_SIDE = re.compile(
    r"\b(?:differ(?:ent|s|ence)?|distinct)\s+(?:from|than|to|with)\s+(?P<a>.+)$|"
    r"\bcompare[sd]?\s+(?:to|with|against)\s+(?P<b>.+)$|"
    r"\b(?:better|worse|faster|slower|cheaper|safer)\s+than\s+(?P<c>.+)$|"
    r"\b(?:vs\.?|versus)\s+(?P<d>.+)$", re.I)
# "那它和 SFT 有什么区别？", "跟 SFT 比呢？": in Chinese the pointer may go unsaid, so the follow-up opens with
# the comparison itself (a question naming both sides, "DPO 和 SFT 有什么区别", opens with a name instead).
_OTHER_SIDE_ZH = re.compile(
    r"^\W*(?:那|那么|而|所以)?\s*(?:它们?|这个?|那个?|这种(?:方法|做法)?|前者|后者)?\s*(?:和|跟|与|同|比|相对于|对比)\s*"
    r"(?P<e>[^，,。？?！!]+?)\s*(?:相比|比较|比起来|对比|比)?\s*(?:的|有|又|到底|究竟)?\s*(?:什么|何|哪些|哪里|啥)?\s*"
    r"(?:区别|不同|差别|差异|优势|优点|缺点|好|强|怎么样|如何|呢)")
_DEFINED_ZH = re.compile(r"^\W*(?:什么是|何为|何谓|请?解释一下)\s*(?P<a>.+?)\s*[？?。！!]*$|"
                         r"^\W*(?P<b>.+?)\s*(?:是什么意思|是什么|指的是什么|是指什么|是啥)\s*[？?。！!]*$")
_POINTER = re.compile(r"\b(?:it|its|that|this|these|those|they|them|the (?:first|former|latter) one)\b", re.I)
_SHORT = 4  # words: "What is RLHF?" names its subject outright


def previous_subject(turn: Turn, encoder: BM25Encoder) -> str | None:
    """What the previous question was about: its term ("RLHF"), else its first name or specific term."""
    defined = _DEFINED_ZH.match(turn.question.strip())
    term = next(g for g in defined.groups() if g) if defined else clean_term(turn.question)
    if term and len(term.split()) <= _SHORT:
        return term
    terms = content_terms(turn.standalone, encoder)
    named = [t for t in terms if t.name_like] or [t for t in terms if t.specific]
    return named[0].surface if named else None


def comparison_sides(question: str, history: list[Turn], encoder: BM25Encoder) -> tuple[str, str] | None:
    """("RLHF", "SFT") for "and how is that different from SFT?" (or "那它和 SFT 有什么区别？") after "What is
    RLHF?" (or "什么是 RLHF？"); None otherwise."""
    if not history:
        return None
    if m := _OTHER_SIDE_ZH.match(question):
        other = m.group("e").strip()
    elif m := _OTHER_SIDE.search(" ".join(question.split()).rstrip(" ?.!")):
        before = question[:m.start()]
        if not _POINTER.search(before) and encoder.tokens(_POINTER.sub(" ", before.replace("how", " "))):
            return None  # "How is DPO different from SFT?" names both sides itself
        other = clean_term(next(g for g in m.groups() if g))
    else:
        return None
    other = re.sub(r"^(?:the|a|an)\s+", "", other, flags=re.I)
    this = previous_subject(history[-1], encoder)
    if not this or not other or this.lower() == other.lower() or len(other.split()) > _SHORT:
        return None
    return this, other
