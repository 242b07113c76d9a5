"""The yardstick's hit rule: a passage hits when it shares a long run with the gold answer.

Same rule as the public dev set's score.py, so numbers compare.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher


def norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", s.lower())


def hit(passage: str, gold: str) -> bool:
    p, g = norm(passage), norm(gold)
    need = min(100, len(g) // 2)
    m = SequenceMatcher(None, p, g, autojunk=False).find_longest_match(0, len(p), 0, len(g))
    return m.size >= need


def score(gold: dict[str, str], results: dict[str, list[str]]) -> dict[str, float]:
    h1 = h5 = mrr = 0.0
    for qid, answer in gold.items():
        ps = results.get(qid, [])[:10]
        rank = next((i for i, p in enumerate(ps) if hit(p, answer)), None)
        if rank is not None:
            mrr += 1 / (rank + 1)
            h1 += rank == 0
            h5 += rank < 5
    n = len(gold) or 1
    return {"hit@1": round(h1 / n, 3), "hit@5": round(h5 / n, 3), "mrr@10": round(mrr / n, 3), "n": len(gold)}
