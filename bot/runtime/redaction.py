"""Secrets taken out of any text bound for logs or error messages: the one place that does it.

Patterns catch what a secret looks like (credentials in URLs, Slack, OpenAI and Discord
tokens, bearer and basic credentials, key=value pairs); `secrets` catches the exact
values the process was configured with, whatever they look like.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "***"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # scheme://user:password@host and scheme://token@host
    (re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@?#]+@"), rf"\1{MASK}@"),
    # Authorization values: Bearer/Basic <credential> (a credential has a digit, capital or base64 sign)
    (re.compile(r"\b((?i:bearer|basic))(\s+)(?=\S*[A-Z0-9+/=])[A-Za-z0-9._~+/=\-]{8,}"), rf"\1\2{MASK}"),
    # Slack tokens (bot, user, app-level, refresh, config)
    (re.compile(r"\bxox(?:e\.xox)?[a-z]-[A-Za-z0-9\-]+"), MASK),
    (re.compile(r"\bxapp-[A-Za-z0-9\-]+"), MASK),
    # OpenAI-style keys (sk-..., sk-proj-...)
    (re.compile(r"\bsk-[A-Za-z0-9_\-]{12,}"), MASK),
    # Discord bot tokens: base64 user id . timestamp . HMAC
    (re.compile(r"\b[A-Za-z0-9_\-]{23,28}\.[A-Za-z0-9_\-]{6,7}\.[A-Za-z0-9_\-]{27,45}\b"), MASK),
    # JSON web tokens
    (re.compile(r"\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+"), MASK),
    # key=value / "key": "value" for names that hold secrets, query strings included
    (re.compile(r"(?i)\b((?:[a-z0-9_\-]*(?:api[_\-]?key|secret|token|password|passwd|signature)|key|sig|"
                r"authorization|auth)[\"']?\s*[:=]\s*[\"']?)(?!\*\*\*)[^\s\"'&,;}\]]+"), rf"\1{MASK}"),
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every recognisable secret, and each of `secrets` (6+ characters), masked."""
    for value in sorted((s for s in secrets if len(s) >= 6), key=len, reverse=True):
        text = text.replace(value, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text
