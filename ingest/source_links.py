"""A source's public link must be an absolute http(s) URL; anything else is left out, with a warning.

The link is printed by the CLI and rendered as a citation target in chat, so a
`javascript:` or `file:` link from front matter or an option would become a click away.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f<>\"`]")


def http_link(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) link with a host and nothing that could break out of markup."""
    if not url or _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and host else None


def checked_link(url: str | None, where: str, warnings: list[str]) -> str | None:
    """`http_link(url)`; a link that was given but is not http(s) is noted in `warnings`."""
    link = http_link(url)
    if url and link is None:
        shown = url if len(url) <= 60 else url[:57] + "..."
        warnings.append(f"{where} {shown!r} is not an http(s) link and was ignored")
    return link
