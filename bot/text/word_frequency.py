"""How common a word is in everyday English (wordfreq's Zipf scale), for telling a specific term
from an everyday word. The small word list (3 MB in memory, against 37 MB for the large one) holds
every word at Zipf 3 and above; below that every caller treats a word as rare alike."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=50_000)
def zipf(word: str) -> float:
    """0 (rarer than Zipf 3, or never seen) to about 8 ("the"), case-insensitive."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), "en", wordlist="small"))
