"""Locators people read and deep links that open the exact moment or page."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit


def format_time(seconds: float) -> str:
    """754 -> '12:34'; 3723 -> '1:02:03'."""
    s = int(seconds)
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def time_range(start: float, end: float) -> str:
    return f"{format_time(start)}–{format_time(end)}"


def timestamp_link(url: str, seconds: float) -> str:
    """A link that starts playback at `seconds` (YouTube ?t=, Vimeo #t=, media fragment otherwise)."""
    t = int(seconds)
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if "youtube.com" in host or "youtu.be" in host:
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
        query.append(("t", f"{t}s"))
        return urlunsplit(parts._replace(query=urlencode(query), fragment=""))
    if "vimeo.com" in host:
        return urlunsplit(parts._replace(fragment=f"t={t}s"))
    return urlunsplit(parts._replace(fragment=f"t={t}"))


def page_link(url: str, page: int) -> str:
    return urlunsplit(urlsplit(url)._replace(fragment=f"page={page}"))


def anchor_link(url: str, anchor: str | None, heading: str | None) -> str:
    """Jump to a heading: its id when known, else a text fragment of its words."""
    parts = urlsplit(url)
    if anchor:
        return urlunsplit(parts._replace(fragment=anchor))
    if heading:
        return urlunsplit(parts._replace(fragment=":~:text=" + quote(heading, safe="")))
    return url


def link(url: str, label: str) -> str:
    """A link as the core writes it (Markdown); each adapter renders it its platform's way."""
    return f"[{label}]({url})"
