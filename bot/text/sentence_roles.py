"""What a sentence does, decided once at ingest and stored with its span: the terms it defines,
whether it states a quantity or a time, gives a reason (outright or not), describes a step, says who,
or leans on the sentence before it ("So…", "This…", "That's why…").

An extractive answer puts first the sentence that does what the question asks for ("what is X":
the one defining X; "how many": the one holding the number). Reading that off stored roles keeps a
question's cost at one embedding; these regular expressions run once per sentence, at ingest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.text.word_frequency import zipf

_WORD = re.compile(r"[a-z0-9]+")
_OPENER = re.compile(r"^\W*(?:(?:so|now|and|well|okay|ok|basically|essentially|in short|simply put)\b,?\s*)+", re.I)
_ARTICLE = re.compile(r"^(?:a|an|the|this|that|our|your)\s+", re.I)
_STRONG_VERB = r"(?:means|mean|refers? to|stands? for|is defined as|are defined as|is called|are called|is known as|are known as)"
# "…is a", "…is when", and a bare kind with what sets it apart: "Floating garbage is objects that became…"
_WEAK_VERB = (r"(?:is|are)\s+(?:a|an|just|basically|essentially|simply|when|what|where|how|the (?!same\b)|"
              r"(?=(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*s\s+(?:that|which|where|whose|who)\b))")
_SUBJECT = r"([^.;:!?]{1,90}?)"
_DEFINED_AS = re.compile(rf"^{_SUBJECT}\s*,?\s+{_STRONG_VERB}\b", re.I)
_DEFINED_WEAK = re.compile(rf"^{_SUBJECT}\s+{_WEAK_VERB}", re.I)
# "Joint consensus is a transitional configuration where…": the kind, then what sets it apart
_KIND_AND_DIFFERENCE = re.compile(r"^\s*(?:a|an|the|just|basically|essentially|simply)?\s*(?:[\w-]+\s+){0,3}?[\w-]+\s+"
                                  r"(?:that|which|where|whose|in which|for which)\b", re.I)
_CALLED = re.compile(r"\b(?:called|known as|named|termed|we call (?:this|that|it)|abbreviated(?: as| to)?)\s+"
                     r"(?:the\s+|a\s+|an\s+)?[\"“']?([\w][\w\- ]{0,50}?)[\"”']?(?=[,.;:!?)]|\s+(?:and|or|which|that|for|because)\b|$)",
                     re.I)
# "The classic keyword ranking function is BM25.": the sentence ends by naming what it described
_NAMED_LAST = re.compile(r"\s(?:is|are)\s+(?:the\s+|a\s+|an\s+)?([\w][\w\- ]{0,40}?)\s*[.!]?$")
# "A tsunami is, basically, a wave…": a spoken aside inside the definition, read without it
_HEDGE = r"(?:basically|essentially|really|actually|simply)"
_ASIDE = re.compile(r",\s*(?:" + _HEDGE + r"|just|in a sense|roughly)\s*,", re.I)
# "So what a fault is, basically, is a fracture…", "What a fault means is…": the spoken cleft definition
_WHAT_IT_IS = re.compile(r"^what\s+(?:an?\s+|the\s+)?(?P<t>[\w-]+(?:\s[\w-]+){0,3}?)\s+(?:is|are|means)\s*,?\s*"
                         r"(?:" + _HEDGE + r"\s*,?\s*)?(?:is|are)\b", re.I)
# "The other classic one is the hash index, and…", "The second approach is MVCC.": one of a kind, introduced by name
_INTRODUCED = re.compile(r"^(?:the\s+)?(?:other|next|first|second|third|last|final|another)\s+(?:[a-z]+\s+){0,2}?"
                         r"(?:one|kind|type|approach|technique|method|strategy|option|family|scheme|trick)\s+(?:is|was)\s+"
                         r"(?:called\s+)?(?:the\s+|an?\s+)?(?!(?:to|that|this|it|not|when|if)\b)"
                         r"(?P<t>[\w-]+(?:\s[\w-]+){0,3}?)\s*(?=[,.;:!?]|\s(?:and|which|where|that|because)\b|$)", re.I)
# "The write-ahead log, the file where every change goes first", "The working set, the pages a process has
# touched": a spoken definition by apposition, the noun after the comma going on to say which
_APPOSITIVE = re.compile(r"^((?!(?:in|on|at|for|with|by|from|after|before|during|if|when|because|or|and|but|yet|"
                         r"then|now|also|here|there|anyway|alright|right|today|again|remember|look|yes|yeah|no|"
                         r"well|actually|first|second|third|finally|sorry)\b)[\w-]+(?: [\w-]+){0,3}),"
                         r"\s+(?:basically |just )?(?:the|a|an)\s+[\w-]+(?:\s[\w-]+){0,3}\s+(?:that|which|where|who|"
                         r"whose|of|(?:a|an|the|you|we|they|it|i|each|every|your|our|its)\s+\w+)\b",
                         re.I)
# "So what's a B-tree? Well, it's basically a tree where…": a speaker's question and the answer after it
_ASKS = re.compile(r"\bwhat(?:'s|’s| is| are| does)\s+(?:an? |the )?(?P<t>[\w-]+(?: [\w-]+){0,3}?)"
                   r"(?: (?:do|mean|stand for))?\s*\?\s*$", re.I)
_ANSWERS = re.compile(r"^\W*(?:(?:well|so|okay|ok|basically|right),?\s+)*(?:it's|it is|they're|they are|that's|"
                      r"that is|it means|the rule is)\b", re.I)
# "This is thrashing. What that means, concretely, is that…": a sentence names what was just described, and
# the next one says what the name means
_NAMES_IT = re.compile(r"^\W*(?:(?:and|so|okay|ok),?\s+)?(?:this|that)(?:'s|’s| is| was)\s+(?:called |known as |what we call )?"
                       r"(?:the |a |an )?(?P<t>[\w-]+(?: [\w-]+){0,3})\s*[.!]?\s*$", re.I)
_GLOSSES = re.compile(r"^\W*(?:what (?:that|this|it) means\b|in other words\b|that is to say\b)", re.I)
_GLOSSARY = re.compile(r"^\W*([\w][\w\- ]{0,40}?)\s*(?:\s[-–—]|:)\s+\S")
_BRACKETED = re.compile(r"\(([^()]{2,80})\)")
_WORDS_BEFORE = re.compile(r"(?:[\w\-*_`]+\s+){0,6}[\w\-*_`]+\s*$")  # up to seven words right before a bracket
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9]{1,7}$")
# An acronym and its expansion side by side, either way round: "MVCC, multi-version concurrency control"
_ACRONYM_FIRST = re.compile(r"\b([A-Z][A-Z0-9]{1,7}),\s+((?:[\w\-]+\s+){0,7}[\w\-]+)(?=[,.;:!?]|$)")
_ACRONYM_AFTER = re.compile(r",\s+([A-Z][A-Z0-9]{1,7})(?=[,.;:!?]|$)")
_NOT_FIRST_NAME = frozenset("""the a an this that these those so and but or if when then now okay well in on at for of to
with by from as it its we you they i he she our your their my there here what which who how why where yes no
intel google microsoft amazon apple facebook meta ibm oracle linux windows new stable common""".split())
_SMALL = frozenset("a an and the of for from to in on with by or".split())

NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty "
                 "seventy eighty ninety hundred hundreds thousand thousands million millions billion billions "
                 "trillion trillions dozen dozens half twice percent").split()
_UNITS = (r"(?:(?:milli|micro|nano)?seconds?|minutes?|hours?|weeks?|months?|years?|decades?|centur(?:y|ies)|"
          r"(?:kilo|mega|giga|tera)?(?:bytes?|bits?)|percent|per ?cent|dollars?|euros?|meters?|metres?|kilometers?|"
          r"miles?|inch(?:es)?|feet|foot|round trips?|grams?|kilograms?|liters?|litres?|degrees?)")
_QUANTITY = re.compile(r"(?<![\w-])\d[\d,.]*(?:\s?%|\s?[kKmMbBgGtT][bB]?\b)?(?![\w-])|\b(?:"
                       + "|".join(NUMBER_WORDS) + r")\b|\b(?:one|a single)\s+" + _UNITS + r"\b|"  # "is one second"
                       r"\ban?\s+(?:(?:milli|micro|nano)second|(?:kilo|mega|giga|tera)byte|decade|century)\b|"
                       r"\b(?:19|20)\d\d\b|\b(?:january|february|march|april|may|june|"
                       r"july|august|september|october|november|december)\b", re.I)
# "seven hundred kilometers an hour", "a few centimeters a year", "3.5 km/s": an amount per unit of time
_RATE = re.compile(r"(?:\d|\b(?:" + "|".join(NUMBER_WORDS) + r"|one|few|several|couple)\b)[^.;?!]{0,40}?"
                   r"\b(?:per|an?|every|each)\s+(?:second|minute|hour|day|week|month|year)s?\b|"
                   r"\d\s*(?:km|m|cm|mm|mi)/(?:s|h|hr|yr)\b", re.I)
_REASON = re.compile(r"\b(?:because|since|so that|the reason|reasons? (?:is|are|why)|that's why|this is why|that is why|"
                     r"which is why|due to|in order to|caused by|leads? to|results? in|otherwise|the problem is|"
                     r"the point is|the idea is|to (?:avoid|prevent|make sure|ensure|keep from)|so (?:you|we|it) "
                     r"(?:don't|never|can't|won't))\b", re.I)
# "And the reason they're randomized is so that…", "That's why…": a reason stated outright
_STATES_REASON = re.compile(r"\b(?:the (?:main |whole |real )?reason\b[^.?!]{0,60}\b(?:is|was|are)\b|(?:that's|that is|this is|"
                            r"which is) (?:exactly |precisely )?why\b)", re.I)
# The speaker's own "why …?", "who …?" or "so how does X work?", which the next sentence answers
_ASKER = r"^\W*(?:(?:so|and|but|okay|ok|now|well|uh|um|er|right|alright),?\s+)*"  # "Uh, why did they raise it?"
_ASKS_WHY = re.compile(_ASKER + r"why\b[^?]*\?\s*$", re.I)
_ASKS_WHO = re.compile(_ASKER + r"who\b[^?]*\?\s*$", re.I)  # "So who fixed this? It was Van Jacobson…"
# "So how does an earthquake make a tsunami.": a recogniser often ends a spoken question with a full stop
_UNMARKED_QUESTION = re.compile(_ASKER + r"(?:how|why) (?:does|do|did|is|are|can|could|would|should)\b[^?.!]*\.\s*$", re.I)
# "So how does X work here?", or announced: "Here's how slow start works." The next sentence is its steps
_ASKS_HOW = re.compile(_ASKER + r"(?:how (?:does|do|is|are|can|would)\b[^?]*\?|(?:here's|here is|this is|let me "
                       r"(?:show you|explain|walk you through)) how\b[^?]*[.:])\s*$", re.I)
_SAYS_HOW = re.compile(_ASKER + r"(?:the way (?:it|this|that|they) works?|how (?:it|this|that) works|"
                       r"what (?:it|this|that|the [\w-]+(?: [\w-]+)?|[\w-]+) (?:does|did) is)\b", re.I)  # "what quality does is…"
# "It increments its term, becomes a candidate, votes for itself and…": one actor's actions in a row
_ACTIONS = re.compile(r"(?:\b[a-z]+s\s+(?:its|the|a|an|itself|it|them|their|for|to|on|up)\b[^,.;]{0,40},\s+){2,}"
                      r"(?:and\s+)?[a-z]+s\b")
_STEP = re.compile(r"^\W*(?:(?:first(?:ly)?|second(?:ly)?|third|then|next|after that|finally|lastly|step \w+)\b|"
                   r"to \w+[^,]{0,40}, (?:you|we|just)|\d+[.)]\s)|\b(?:first|then|next|finally|step by step)\b|"
                   r"\b(?:two|three|four|five|six|\d) (?:steps|stages|phases|passes|parts)\b", re.I)
_IMPERATIVE = (r"(?:use|install|run|try|set|add|put|type|call|open|create|edit|check|make|write|get|configure|enable|"
               r"disable|remove|pass|change|replace|download|compile|build|copy|start|select|choose|ask|insert|boot|"
               r"reboot|restart|go ahead|go right ahead)\b")
_INSTRUCTION = re.compile(r"^\W*(?:" + _IMPERATIVE + r"|(?:you|one) (?:can|could|should|need to|"
                          r"must|have to|may) (?:\w+ )?(?:use|install|run|try|set|add|call|open|create|edit|check|make|"
                          r"write|get|configure|enable|remove|pass|change|download|compile|build|copy)\b|the (?:easiest|"
                          r"simplest|best|preferred|usual|recommended) way\b)", re.I)
_LISTED_STEPS = re.compile(r":\s*(?:first,?\s+)?" + _IMPERATIVE + r"[^.;]*,", re.I)  # "…is easy: configure X, insert Y, and reboot"
# "See Section 7.8 for more." points elsewhere: it is not itself a step, nor the answer.
_POINTER = re.compile(r"^\W*(?:please\s+)?(?:see(?: also)?\b|for (?:more|further) (?:information|details)\b|refer to\b|"
                      r"(?:you )?(?:might|may) also want to (?:check out|read|see|look at)\b)", re.I)
_VERDICT = re.compile(r"^\W*(?:(?:yes|no|go ahead|go right ahead|sure|of course|not yet|you can(?:not|'t)?|"
                      r"it (?:is|does|can|isn't|doesn't|can't))\b)(?!-)|(?:^|[.:]\s|[a-z]\s)(?:Yes|No|Go (?:right )?ahead)[.,!]", re.I)
# "…from Peter Denning, 1968", "Rudolf Bayer and Edward McCreight", "C. Mohan at IBM": a person named (by a
# surname no everyday word: "Toy Story" names nobody); "the authors of the program" say who too
_PERSON = re.compile(r"\b(?:(?P<first>[A-Z][a-z]+)(?:\s+[A-Z]\.)?|[A-Z]\.)\s+(?:(?:van|von|de|da|del|le)\s+)?"
                     r"(?P<last>[A-Z][a-z]*[a-z]{2,})\b")
# "the person who really made the case for it was Alfred Wegener", "this came from Harry Reid", "invented by
# Nasir Ahmed": the sentence credits the person it names, which answers "who" outright
_CREDITS = re.compile(r"\b(?:(?:person|one|guy|man|woman|scientist|researcher|engineer)s? who\b[^.;]{0,80}?"
                      r"\b(?:was|were|is)|(?:came|comes) from|came up with|(?:proposed|invented|introduced|developed|discovered|coined|"
                      r"devised|designed) by)\s+(?:[a-z]+\s+){0,2}?[A-Z]|"
                      r"\b[A-Z][a-z]+ (?:came up with|proposed|invented|coined|devised|discovered)\b")
_WHO = re.compile(r"\b(?:authors?|maintainers?|inventors?|creators?|founders?|volunteers)\b", re.I)
SURNAME_ZIPF = 4.5  # a surname is rarer than this as an everyday word (wordfreq's Zipf scale): Dean, not Story
ADVERB_ZIPF = 4.6  # an everyday -ly word ("Honestly", "Basically") is no first name; Emily and Kelly are
SHORT_VERDICT = 20  # "Yes.", "No, never.", "Go right ahead."
_BACK = r"which|it|it's|its|they|them|these|those|then"  # words that point back to the sentence before
_LEANS = re.compile(r"^\W*(?:(?:well|okay|ok|basically|and),?\s+)?(?:so|this|that|" + _BACK +
                    r"|such|here|thus|hence|also|"
                    r"that's why|this is why|therefore|as a result|otherwise|but|what (?:that|this) means|in other words)\b",
                    re.I)
# "Which immediately faults.", "That's the whole problem.", "Okay?": finishing the thought before it, with no opener
# ("So, tokenization.") that could start a new one
_GOES_ON = re.compile(r"^\W*(?:(?:" + _BACK + r"|they're|none of|neither|this one|that one|that's|that is|that was|"
                      r"and then|or)\b|(?:okay|ok|right|yeah)\s*\?\s*$)", re.I)


def words(text: str) -> tuple[str, ...]:
    """Lower-case word tokens; plural "s" kept (matching forgives it)."""
    return tuple(_WORD.findall(text.lower()))


def _subject(phrase: str) -> str | None:
    """The noun phrase a definition opens with, without its lead-in ("So, ", "The ") and at most 8 words."""
    phrase = _ARTICLE.sub("", _OPENER.sub("", phrase.strip()))
    found = words(phrase)
    if not found or len(found) > 8 or found[0] in ("it", "this", "that", "there", "which", "what", "he", "she", "they", "we", "you", "i"):
        return None
    return " ".join(found)


def spells(acronym: str, phrase: list[str]) -> bool:
    """Do the initials of `phrase` (small words optional, hyphenated words giving each part) spell `acronym`?"""
    letters = acronym.lower()
    parts = [[p[0].lower() for p in w.split("-") if p] for w in phrase]

    def walk(i: int, j: int) -> bool:
        if j == len(parts):
            return i == len(letters)
        if parts[j] and letters[i:i + len(parts[j])] == "".join(parts[j]) and walk(i + len(parts[j]), j + 1):
            return True
        if parts[j] and parts[j][0] == letters[i:i + 1] and walk(i + 1, j + 1):
            return True
        return phrase[j].lower() in _SMALL and walk(i, j + 1)

    return bool(letters) and walk(0, 0)


def _expansion(acronym: str, before: list[str]) -> str | None:
    """The last words of `before` that spell `acronym`, if any do."""
    for k in range(1, min(len(before), 9) + 1):
        if spells(acronym, before[-k:]):
            return " ".join(before[-k:])
    return None


def asked_term(sentence: str) -> str | None:
    """The term a sentence asks about: "So what's a B-tree?" -> "B-tree"."""
    m = _ASKS.search(sentence)
    return m.group("t") if m else None


def defined_terms(sentence: str, previous: str = "") -> dict[str, int]:
    """The terms `sentence` defines, with strength 2 ("X means", "called X", "X (expansion)", "X – ...",
    "it's …" answering "what's X?" just before) or 1 ("X is a ...")."""
    out: dict[str, int] = {}

    def add(phrase: str | None, strength: int) -> None:
        if phrase and (subject := _subject(phrase)):
            out[subject] = max(out.get(subject, 0), strength)

    text = " ".join(sentence.split())
    body = _ASIDE.sub("", _OPENER.sub("", text))
    if m := _WHAT_IT_IS.match(body):
        add(m.group("t"), 2)
    if m := _INTRODUCED.match(body):
        add(m.group("t"), 1)
    if m := _DEFINED_AS.match(body):
        head = m.group(1)
        add(head, 2)
        for piece in head.split(","):  # "RLHF, reinforcement learning from human feedback, means"
            add(piece, 2)
    elif m := _DEFINED_WEAK.match(body):
        head = m.group(1)
        strength = 2 if _KIND_AND_DIFFERENCE.match(body[m.end(1):].split(None, 1)[1]) else 1
        for piece in head.split(","):
            add(piece, strength)
        if "," not in head:
            add(head, strength)
    for m in _CALLED.finditer(text):
        add(m.group(1), 2)
        expansion = _expansion(m.group(1).strip(), text[:m.start()].rstrip(" ,").split()) if _ACRONYM.match(
            m.group(1).strip()) else None
        add(expansion, 2)
    for m in _BRACKETED.finditer(text):
        lead = _WORDS_BEFORE.search(text[max(0, m.start() - 120):m.start()])
        if not lead:
            continue
        before, inside = [w.strip("*_`") for w in lead.group().split()], m.group(1).strip()
        if _ACRONYM.match(inside) and (expansion := _expansion(inside, before)):
            add(inside, 2)
            add(expansion, 2)
        elif before and _ACRONYM.match(before[-1]) and spells(before[-1], inside.split()):
            add(before[-1], 2)
            add(inside, 2)
    if (m := _NAMED_LAST.search(text)) and len(words(m.group(1))) <= 4 and len(words(text[:m.start()])) >= 3:
        add(m.group(1), 1)
    if previous and (asked := asked_term(previous)) and _ANSWERS.match(text):
        add(asked, 2)
    if previous and _GLOSSES.match(text) and (m := _NAMES_IT.match(" ".join(previous.split()))):
        add(m.group("t"), 2)
    if m := _APPOSITIVE.match(body):
        add(m.group(1), 2)
    if (m := _GLOSSARY.match(text)) and len(words(m.group(1))) <= 4:
        add(m.group(1), 2)
    for m in _ACRONYM_FIRST.finditer(text):  # "…use MVCC, multi-version concurrency control."
        after = m.group(2).split()
        if expansion := next((" ".join(after[:k]) for k in range(1, len(after) + 1) if spells(m.group(1), after[:k])),
                             None):
            add(m.group(1), 2)
            add(expansion, 2)
    for m in _ACRONYM_AFTER.finditer(text):  # "…the log sequence number, LSN, …"
        if expansion := _expansion(m.group(1), re.findall(r"[\w\-]+", text[:m.start()])[-9:]):
            add(m.group(1), 2)
            add(expansion, 2)
    return out


@dataclass(frozen=True)
class SentenceRoles:
    defines: dict[str, int] = field(default_factory=dict)  # defined term (lower-case words) -> strength
    quantity: bool = False  # a number, an amount, a year or a date
    reason: bool = False  # "because", "that's why", "due to"...
    step: bool = False  # "first", "then", "finally", a numbered item, an instruction ("Install the X package")
    leans: bool = False  # opens by pointing back: "So…", "This…", "That's why…"
    verdict: bool = False  # opens with an answer to a yes/no question: "Yes.", "Go ahead.", "You can…"
    pointer: bool = False  # sends the reader elsewhere: "See Section 7.8 for more."
    person: bool = False  # says who: "…from Peter Denning, 1968", "the authors of the program"
    outright: bool = False  # says it outright: "the reason it's randomized is…", or answers the speaker's own why/how/who
    rate: bool = False  # an amount per unit of time: "seven hundred kilometers an hour" (a quantity too)

    def packed(self) -> list[Any]:
        """The compact payload form: [defines, flags]."""
        flags = "".join(f for f, on in (("q", self.quantity), ("r", self.reason), ("s", self.step), ("l", self.leans),
                                        ("v", self.verdict), ("p", self.pointer), ("n", self.person),
                                        ("w", self.outright), ("t", self.rate)) if on)
        return [self.defines, flags]

    @classmethod
    def unpacked(cls, stored: Any) -> SentenceRoles:
        try:
            defines, flags = stored
            return cls({str(k): int(v) for k, v in dict(defines).items()}, "q" in flags, "r" in flags, "s" in flags,
                       "l" in flags, "v" in flags, "p" in flags, "n" in flags, "w" in flags, "t" in flags)
        except (TypeError, ValueError):
            return cls()

    def defines_any(self, names: list[tuple[str, ...]]) -> int:
        """The strength with which this sentence defines one of `names` (as word tuples), 0 if none. The
        defined term must be the name itself ("Perl Porters" is not "Perl"), forgiving plurals."""
        best = 0
        for term, strength in self.defines.items():
            have = words(term)
            if any(len(have) == len(name) and all(map(_same, have, name)) for name in names if name):
                best = max(best, strength)
        return best


def _same(a: str, b: str) -> bool:
    return a == b or a.rstrip("s") == b.rstrip("s")


def roles_in_order(sentences: list[str]) -> list[SentenceRoles]:
    """The roles of a passage's sentences, each read with the one before it."""
    return [roles_of(s, sentences[k - 1] if k else "") for k, s in enumerate(sentences)]


def _as_asked(sentence: str) -> str:
    """"So how does X make Y." as the question it is."""
    return sentence.rstrip()[:-1] + "?" if _UNMARKED_QUESTION.match(sentence) else sentence


def roles_of(sentence: str, previous: str = "") -> SentenceRoles:
    """Everything an answer needs to know about what `sentence` does (`previous`: the sentence before it)."""
    sentence, previous = _as_asked(sentence), _as_asked(previous)
    pointer = bool(_POINTER.match(sentence))
    if sentence.rstrip().endswith("?"):  # "Why can't you just have one?": a question answers nothing
        return SentenceRoles(defined_terms(sentence, previous), bool(_QUANTITY.search(sentence)),
                             leans=bool(_LEANS.match(sentence)), pointer=pointer, person=names_person(sentence))
    # "So how does it work here? In it, the queries…", "And the way it works is, whenever…"
    asked_how = (bool(previous) and bool(_ASKS_HOW.match(previous))) or bool(_SAYS_HOW.match(sentence))
    step = not pointer and bool(_STEP.search(sentence) or _INSTRUCTION.match(sentence) or _LISTED_STEPS.search(sentence)
                                or _ACTIONS.search(sentence) or asked_how)
    # "Go ahead. You do not need permission…": a bare verdict is too short to quote alone, so the sentence after
    # it carries it, and brings it along
    after_verdict = len(previous) <= SHORT_VERDICT and bool(_VERDICT.search(previous))
    asked_why = bool(previous) and bool(_ASKS_WHY.match(previous))
    asked_who = bool(previous) and bool(_ASKS_WHO.match(previous))
    stated = bool(_STATES_REASON.search(sentence)) or asked_why
    rate = bool(_RATE.search(sentence))
    return SentenceRoles(defined_terms(sentence, previous), rate or bool(_QUANTITY.search(sentence)),
                         bool(_REASON.search(sentence)) or stated, step,
                         bool(_LEANS.match(sentence)) or after_verdict,
                         bool(_VERDICT.search(sentence[:120])) or after_verdict, pointer, names_person(sentence),
                         stated or asked_how or ((asked_who or bool(_CREDITS.search(sentence)))
                                                 and names_person(sentence)), rate)


def goes_on(sentence: str) -> bool:
    """Does the sentence finish the thought of the one before it, so that nothing new starts there?"""
    return bool(_GOES_ON.match(sentence))


def names_person(sentence: str) -> bool:
    """Does the sentence say who: name someone ("Peter Denning", "C. Mohan") or the authors?"""
    return bool(_WHO.search(sentence)) or any(
        _first_name(m.group("first") or "") and zipf(m.group("last").lower()) < SURNAME_ZIPF
        for m in _PERSON.finditer(sentence))


def _first_name(word: str) -> bool:
    """Could `word` open a name? "Honestly Raft…" names nobody; "Emily Stone" may."""
    w = word.lower()
    return w not in _NOT_FIRST_NAME and not (w.endswith("ly") and zipf(w) >= ADVERB_ZIPF)
