"""BM25 sparse vectors: stemmed words with stop words removed, CJK as character bigrams.

Qdrant applies the IDF part (sparse vector modifier IDF); documents carry the BM25
term-frequency part, queries carry 1 per distinct term.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter

import Stemmer

from bot.text.stopwords import CJK_STOP_CHARS, ENGLISH_STOP_WORDS

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def cjk_terms(text: str) -> set[str]:
    """The Chinese (and Japanese, Korean) terms of `text` as BM25 counts them: character bigrams."""
    return {t for run in _CJK.findall(text.lower()) for t in BM25Encoder.cjk(run)}


class BM25Encoder:
    def __init__(self, k1: float = 1.2, b: float = 0.75, avg_len: float = 120.0) -> None:
        self.k1, self.b, self.avg_len = k1, b, avg_len
        self._stem = Stemmer.Stemmer("english").stemWord

    def tokens(self, text: str) -> list[str]:
        out: list[str] = []
        for match in _WORD.finditer(text.lower()):
            word = match.group().replace("’", "'")
            cjk_runs = _CJK.findall(word)
            if cjk_runs:
                for run in cjk_runs:
                    out.extend(self.cjk(run))
                word = _CJK.sub(" ", word)
                out.extend(self._latin(w) for w in word.split() if w and w not in ENGLISH_STOP_WORDS)
                continue
            if word in ENGLISH_STOP_WORDS:
                continue
            out.append(self._latin(word))
        return [t for t in out if t]

    @staticmethod
    def cjk(run: str) -> list[str]:
        """Character bigrams, split at function characters (的, 是, 什么 ...) so they add no noise."""
        out: list[str] = []
        for part in re.split(f"[{CJK_STOP_CHARS}]+", run):
            if len(part) == 1:
                out.append(part)
            else:
                out.extend(part[i:i + 2] for i in range(len(part) - 1))
        return out

    def _latin(self, word: str) -> str:
        word = word.split("'")[0] if word.endswith(("'s", "'t")) else word
        return self._stem(word)

    @staticmethod
    def index_of(token: str) -> int:
        return zlib.crc32(token.encode("utf-8")) & 0x7FFFFFFF

    def document(self, text: str) -> tuple[list[int], list[float]]:
        counts = Counter(self.tokens(text))
        length = sum(counts.values())
        norm = self.k1 * (1 - self.b + self.b * length / self.avg_len)
        weights: dict[int, float] = {}
        for token, tf in counts.items():
            idx = self.index_of(token)
            weights[idx] = weights.get(idx, 0.0) + tf * (self.k1 + 1) / (tf + norm)
        return list(weights), list(weights.values())

    def query(self, text: str) -> tuple[list[int], list[float]]:
        indices = sorted({self.index_of(t) for t in self.tokens(text)})
        return indices, [1.0] * len(indices)

    def query_groups(self, groups: list[list[str]]) -> tuple[list[int], list[float]]:
        """A query whose words come as groups of alternatives (a Chinese word's English senses): a
        group's terms share its weight, so a word with many senses does not outweigh the others."""
        weights: dict[int, float] = {}
        for group in groups:
            terms = {self.index_of(t) for g in group for t in self.tokens(g)}
            for idx in terms:
                weights[idx] = max(weights.get(idx, 0.0), 1.0 / len(terms))
        indices = sorted(weights)
        return indices, [weights[i] for i in indices]
