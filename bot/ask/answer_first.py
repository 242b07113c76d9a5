"""Which sentence answers the question, so an extractive answer can say it first.

Closeness to the question finds the right neighbourhood but not the answer: "What is RLHF?" is
closest to every sentence about RLHF, and the one that defines it need not win. The kind of
question says what the answer looks like ("what is X": a sentence defining X; "how many", "when":
a quantity near the question's terms; "why": a reason; "how": steps or an instruction; "can I": a
yes or no; "who": a sentence naming someone), and each sentence's roles, stored at ingest
(bot/text/sentence_roles.py), say which sentences look like that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.language import has_cjk
from bot.search.passages import Candidate
from bot.text.chinese_english import LATIN_RUN, term_in_english
from bot.text.sentence_roles import NUMBER_WORDS, words

DEFINITION, QUANTITY, REASON, STEPS, VERDICT, PERSON, OTHER = (
    "definition", "quantity", "reason", "steps", "verdict", "person", "other")
BONUS = {QUANTITY: 0.1, REASON: 0.1, STEPS: 0.08, VERDICT: 0.08, PERSON: 0.1}
OUTRIGHT = 0.1  # more for an answer said outright ("the reason it's randomized is so that…", "So who fixed this? It was…")
COUNTED = 0.3  # "how many parameters": a number of parameters ("1.6 billion parameters") is the answer
COUNTED_SENSES = 3  # "多少个问题": a number of problems, questions or issues
LEANING = 0.5  # share of its antecedent's closeness a sentence that leans on it ("It had...") inherits
DEFINES_BONUS = 0.25  # per strength: "X means" (2) beats "X is a" (1)
POINTER_PENALTY = 0.1  # "See Section 7.8 for more." names the subject but answers nothing

_DOES = r"do|does|mean|means|stand for|stands for|represent|represents"  # what "what does X …" asks of X
_DEFINITION = re.compile(
    r"^\W*(?:what is meant by|what do you mean by|(?:what(?:'s|’s| is) (?:the )?)?(?:definition|meaning) of|"
    r"what(?:'s|’s| is| are| was| were)|who(?:'s| is| are| was)(?!\s+(?:the|a|an)\s)|define|what does|what do|"
    r"explain(?: what)?|tell me (?:about|what))\s+(.+?)"
    r"(?:\s+(?:actually|really|exactly))?(?:\s+(?:is|are|refer to|" + _DOES + r"))?\s*[?.!]*\s*$", re.I)
_DOES_WHERE = re.compile(r"\s+(?:" + _DOES + r")\s+(?:in|for|to|with|on|inside|within)\b.*$",
                         re.I)  # "what does compaction do in an LSM tree": compaction is asked about
# "a snapshot in Raft", "the roots in garbage collection", "the DC coefficient of a block"
_WHERE = re.compile(r"\s+(?:(?:in|inside|within)\s+\w|of (?:a|an|each|every|one)\s).*$")
_SUBJECT_TAIL = re.compile(r"\s+(?:used for|good for|for|about|like|all about|exactly|actually|again)$", re.I)
_QUANTITY = re.compile(r"^\W*(?:how (?:many|much|big|large|long|often|far|old|fast|small|heavy|high|wide|expensive|"
                       r"frequently)|what (?:size|percentage|proportion|fraction|year|version|number|amount)|when\b|"
                       r"in (?:what|which) year|at what (?:age|point|time)|since when|"
                       r"(?:roughly|approximately|about how|around how)\b)", re.I)  # "Roughly what is the fan-out…"
_REASON = re.compile(r"^\W*(?:(?:and |but |so )?why\b|how come\b|what (?:is|are) the reasons?\b|what causes\b|"
                     r"for what reason\b)", re.I)
_STEPS = re.compile(r"^\W*(?:how (?:do|does|can|should|would|could|to|might|is|are)\b|what (?:are|is) the steps?\b|"
                    r"in what order\b)", re.I)
# "Who came up with…", "who was the scientist behind…" ("who is X" asks a definition)
_PERSON = re.compile(r"^\W*(?:who|whose|by whom)\b", re.I)
_YES_NO = re.compile(r"^\W*(?:can|could|is|are|does|do|did|should|will|would|may|must|has|have)\b", re.I)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
# "Roughly what is…", "So how do…", "Okay, and why…": the question starts after them
_LEAD = re.compile(r"^\W*(?:(?:so|and|but|okay|ok|well|now|then|also|exactly|basically|quick question|"
                   r"one more thing)\b,?\s*)+", re.I)
# "If the magnitude goes up by one, how much more energy…": the question follows its condition
_CONDITION = re.compile(r"^\W*(?:if|when|suppose|say|assuming|given that)\b[^,?]{3,120},\s*"
                        r"(?=(?:how|what|why|when|who|which|where|roughly|about)\b)", re.I)
_OWNER = re.compile(r"^[^'’]{1,40}?['’]s\s+(?=\S)")
_LIST = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.I)
_COUNTED = re.compile(r"^\W*how (?:many|much)\s+(?:(?:more|less|fewer|extra)\s+)?(?:of (?:the )?)?([a-z][\w-]*)",
                      re.I)  # "how much more energy": energy
_NO_COUNT = frozenset("half twice percent".split())  # number words that count nothing by themselves
_NUMBER = re.compile(r"(?<![\w-])\d[\d,.]*|\b(?:" + "|".join(w for w in NUMBER_WORDS if w not in _NO_COUNT)
                     + r")(?:-(?:one|two|three|four|five|six|seven|eight|nine))?\b", re.I)  # "thirty-two times"
_FAST = re.compile(r"^\W*how (?:fast|quickly)\b|\bwhat (?:speed|rate)\b|\bat what (?:speed|rate)\b", re.I)
_FAST_ZH = re.compile(r"多快|速度|速率")
_UNCOUNTED = frozenset("do does did is are was were can could should would will the a an of".split())


@dataclass(frozen=True)
class QuestionKind:
    kind: str
    subject: tuple[str, ...] = ()  # for a definition: the defined term's words
    items: tuple[tuple[str, ...], ...] = ()  # "what is meant by unknown, install and hold": each listed term
    counted: tuple[str, ...] = ()  # for "how many parameters…": what is counted (in other words too)
    rate: bool = False  # "how fast": an amount per unit of time ("700 kilometers an hour")


# The same kinds asked in Chinese ("什么是 RLHF？", "幻觉是什么意思？", "词表有多大？", "为什么…", "怎样…", "…吗？").
_DEFINITION_ZH = re.compile(r"^\W*(?:什么是|何为|何谓|请?解释一下)\s*(?P<a>.+?)\s*[？?。！!]*$|"
                            r"^\W*(?P<b>.+?)\s*(?:到底|究竟|具体)?\s*(?:是什么的缩写|的全称是什么|代表什么|是什么意思|是做什么的|是干什么的|有什么用|"
                            r"是什么东西|的定义是什么|是怎么定义的|是什么|(?:讲|说|指|代表)的是什么|的意思是什么|是指什么|指什么|是啥)\s*(?:呢|呀|啊)?\s*[？?。！!]*$")
_QUANTITY_ZH = re.compile(r"多少|多大|多长|多久|多高|多快|速度|"
                          r"几[个种次年级层步轮位项条倍遍秒天周月]|哪一年|哪年|什么时候|何时")
_COUNTED_ZH = re.compile(r"(?:多少|几)(?:个|种|次|位|条|篇|层|项|张|台|块|名)?\s*([\u4e00-\u9fff]{1,4}?|[A-Za-z]+)\s*"
                         r"(?:呢|啊|吗)?\s*[？?。]?\s*$")
_REASON_ZH = re.compile(r"为什么|为何|怎么会|什么原因")
_STEPS_ZH = re.compile(r"怎样|如何|怎么|步骤")
_PERSON_ZH = re.compile(r"谁|哪位")
_YES_NO_ZH = re.compile(r"(?:吗|(?<!什)么)\s*[？?]?\s*$|能不能|可不可以|是不是|有没有")  # "什么？" asks no yes or no


def _counted_in_chinese(q: str) -> tuple[str, ...]:
    """"评测集里有多少个问题？" -> ("problem", "question", …): what is counted, by the English of its senses."""
    m = _COUNTED_ZH.search(q)
    heads = [found[-1] for sense in (term_in_english(m.group(1))[:COUNTED_SENSES] if m else []) if (found := words(sense))]
    return tuple(dict.fromkeys(h for h in heads if h not in _UNCOUNTED))


def _defined_in_chinese(q: str) -> QuestionKind | None:
    """"什么是 X？": X matched by the English it is given in ("嵌入（embedding）"), else by its English
    (its first sense, the others as alternatives)."""
    if not (m := _DEFINITION_ZH.match(q)):
        return None
    term = (m.group("a") or m.group("b")).split("的")[-1]  # "LSM 树里的 compaction": the head is compaction
    runs = LATIN_RUN.findall(term)  # "忠实度（faithfulness）": the asker named it in English too
    written = [r for r in runs if not any(r != o and r in o for o in runs)]  # "DC 系数（DC coefficient）": once
    chinese = LATIN_RUN.sub("", term).strip(" （）()")  # "拥塞窗口（cwnd）": the material may spell out either
    names = term_in_english(chinese) if chinese else []
    found = words(" ".join(written) if written else names[0] if names else "")
    items = tuple(words(name) for name in (names if written else names[1:]))
    return QuestionKind(DEFINITION, found, items) if found and len(found) <= 6 else None


def _defined_in_english(q: str) -> QuestionKind | None:
    """"What is X?": X's words; "what is meant by A, B and C": each of them."""
    if not (m := _DEFINITION.match(q)):
        return None
    subject = _ARTICLE.sub("", _SUBJECT_TAIL.sub("", _DOES_WHERE.sub("", m.group(1).strip(" \"'“”‘’`*"))))
    subject = _OWNER.sub("", subject)  # "a process's working set": the working set is asked about
    whole = words(subject)
    if (where := _WHERE.search(subject)) and words(subject[:where.start()]):
        subject = subject[:where.start()]  # "a snapshot in Raft": a snapshot (or the whole, as written)
    found = words(subject)
    also = (whole,) if whole != found else ()
    if found and len(found) <= 6 and "," not in subject:
        return QuestionKind(DEFINITION, found, also)
    items = tuple(w for item in _LIST.split(subject) if 0 < len(w := words(item)) <= 4)
    return QuestionKind(DEFINITION, found, items + also) if len(items) >= 2 else None


def kind_of(question: str) -> QuestionKind:
    """What an answer to `question` looks like, in English or in Chinese."""
    q = " ".join(question.split())
    zh = has_cjk(q)
    if not zh:
        q = _CONDITION.sub("", _LEAD.sub("", q))
    if (_QUANTITY_ZH if zh else _QUANTITY).search(q):
        rate = bool((_FAST_ZH if zh else _FAST).search(q))
        if zh:
            return QuestionKind(QUANTITY, counted=_counted_in_chinese(q), rate=rate)
        noun = m.group(1).lower() if (m := _COUNTED.match(q)) else ""
        return QuestionKind(QUANTITY, counted=() if not noun or noun in _UNCOUNTED else (noun,), rate=rate)
    if (_REASON_ZH if zh else _REASON).search(q):
        return QuestionKind(REASON)
    if defined := (_defined_in_chinese if zh else _defined_in_english)(q):
        return defined
    if (_PERSON_ZH if zh else _PERSON).search(q):
        return QuestionKind(PERSON)
    if (_STEPS_ZH if zh else _STEPS).search(q):
        return QuestionKind(STEPS)
    if (_YES_NO_ZH if zh else _YES_NO).search(q):
        return QuestionKind(VERDICT)
    return QuestionKind(OTHER)


def _near(c: Candidate, terms: list[str]) -> bool:
    """Does the sentence hold one of the question's terms (by their first five letters)?"""
    text = c.text.lower()
    return not terms or any(t.lower()[:5] in text for t in terms)


def _counts(text: str, noun: str) -> bool:
    """Is a number followed, within three words, by `noun` ("1.6 billion parameters", "100 billion tokens")?"""
    stem = noun[:max(4, len(noun) - 2)]
    for m in _NUMBER.finditer(text):
        after = re.findall(r"[a-z][\w-]*", text[m.end():m.end() + 60].lower())[:3]
        if any(w.startswith(stem) for w in after):
            return True
    return False


def fit(c: Candidate, kind: QuestionKind, terms: list[str]) -> float:
    """How much a sentence looks like the answer this kind of question wants."""
    if c.roles.pointer:
        return -POINTER_PENALTY
    if kind.kind == DEFINITION:
        return DEFINES_BONUS * c.roles.defines_any([kind.subject, *kind.items])
    if kind.kind == QUANTITY:
        if not c.roles.quantity:
            return 0.0
        counted = (kind.rate and c.roles.rate) or any(_counts(c.text, noun) for noun in kind.counted)
        return (COUNTED if counted else 0.0) + (BONUS[QUANTITY] if _near(c, terms) else 0.0)
    has = {REASON: c.roles.reason, STEPS: c.roles.step, VERDICT: c.roles.verdict, PERSON: c.roles.person}
    if not has.get(kind.kind):
        return 0.0
    return BONUS[kind.kind] + (OUTRIGHT if c.roles.outright and kind.kind != VERDICT else 0.0)


def _inherited(scored: list[tuple[Candidate, float]]) -> list[float]:
    """Closeness with context: a sentence that leans on the one before it ("It had about 1.6 billion
    parameters") is about what that one names, so it takes a share of that one's closeness."""
    by_place = {(c.chunk.source_id, c.chunk.position, c.offset): score for c, score in scored}
    out: list[float] = []
    for c, score in scored:
        if c.roles.leans:
            earlier = [(off, s) for (src, pos, off), s in by_place.items()
                       if (src, pos) == (c.chunk.source_id, c.chunk.position) and off < c.offset]
            if earlier:
                score = max(score, (1 - LEANING) * score + LEANING * max(earlier)[1])
        out.append(score)
    return out


def answer_first(scored: list[tuple[Candidate, float]], kind: QuestionKind, terms: list[str]) -> list[Candidate]:
    """The candidates, closest first, with the one that best answers this kind of question moved to the front."""
    if not scored:
        return []
    closeness = _inherited(scored)
    best = max(range(len(scored)), key=lambda i: closeness[i] + fit(scored[i][0], kind, terms))
    ordered = [c for c, _ in scored]
    return [ordered[best], *ordered[:best], *ordered[best + 1:]]
