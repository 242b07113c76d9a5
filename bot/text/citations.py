"""Checking a model's citations in code: only numbers of real sources survive."""

from __future__ import annotations

import re

_BRACKET = re.compile(r"\[(\s*\d+(?:\s*[,;]\s*\d+)*\s*)\]")


def clean_citations(text: str, available: int) -> tuple[str, list[int]]:
    """Drop citation numbers outside 1..available; renumber the rest in order of first use.

    Returns the rewritten text and, for each new number, the original source number.
    """
    order: list[int] = []

    def replace(match: re.Match[str]) -> str:
        kept = []
        for part in re.split(r"[,;]", match.group(1)):
            n = int(part)
            if 1 <= n <= available:
                if n not in order:
                    order.append(n)
                kept.append(order.index(n) + 1)
        return "".join(f"[{k}]" for k in dict.fromkeys(kept))

    cleaned = _BRACKET.sub(replace, text)
    cleaned = re.sub(r"[ \t]+([.,;:!?])", r"\1", cleaned)
    cleaned = re.sub(r"[ \t]{2,}", " ", cleaned).strip()
    return cleaned, order
