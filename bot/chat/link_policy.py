"""Links in an answer: only those the cited material holds, each showing where it really goes.

A poisoned passage can tell the model to write `<http://evil.example/phish|Click here to
verify your account>`, a model can dress a made-up link as a citation (`[1](http://...)`),
and an extractive answer can quote a link out of a poisoned source. `enforce_link_policy`
rewrites answer text so that:

- a link stays clickable only if it is http(s) and is a cited source's link or a URL written
  in a cited passage (a cited link minus some of its query parameters also counts);
- a masked link that stays shows its real host after its label (`label (evil.example)`), unless
  its label is how studybot labels a deep link into a cited source (ending with a time or a page,
  or a citation's locator);
  one that may not stay keeps only its label;
- `[n](url)` becomes `[n]`: citation markers come from the citations, never from the model;
- a bare URL that may not stay is defanged (`evil[.]example/login`), so no client links it.

Links come out in one form, `[label](url)`, whatever form they came in (Markdown, Slack's `<url|label>`);
each adapter renders that form its own way. Code spans and blocks are left as they are: chat clients
do not link inside them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Protocol
from urllib.parse import parse_qsl, urlsplit

from bot.conversation import Reply
from bot.text.links import link


class CitedSource(Protocol):
    """What a citation offers the policy (bot.models.Citation fits)."""

    @property
    def url(self) -> str | None: ...

    @property
    def quote(self) -> str: ...


_TOKEN = re.compile(
    r"(?P<code>```.*?```|`[^`\n]+`)"
    r"|<(?P<s_url>[A-Za-z][A-Za-z0-9+.\-]*:[^<>|\s]*)(?:\|(?P<s_label>[^<>]*))?>"
    r"|!?\[(?P<m_label>[^\[\]]*)\]\(\s*<?(?P<m_url>[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
    r"|(?P<bare>(?<![\w@.\-])(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[^\s<>\"'`]+)",
    re.S,
)
_BARE = re.compile(r"(?<![\w@.\-])(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[^\s<>\"'`]+")
_OWN_LABEL = re.compile(  # how studybot labels a deep link: ends with a time, a time range or a page
    r"(?:^|.*\W)(?:(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*[–-]\s*(?:\d{1,2}:)?\d{1,2}:\d{2})?|p(?:age|\.)\s*\d+)\s*$"
    r"|^link$", re.S)
_CITATION_LABEL = re.compile(r"^\s*\[?\s*(\d{1,3})\s*\]?\s*$")
_TRAILING = ".,;:!?*'\""


def _trim(url: str) -> tuple[str, str]:
    """A bare URL without the punctuation that ends the sentence around it: (url, trailing text)."""
    end = len(url)
    while end:
        ch = url[end - 1]
        if ch in _TRAILING or (ch == ")" and url[:end].count("(") < url[:end].count(")")) or (
                ch == "]" and url[:end].count("[") < url[:end].count("]")):
            end -= 1
            continue
        break
    return url[:end], url[end:]


def _parts(url: str) -> tuple[str, str, str, frozenset[tuple[str, str]]] | None:
    """scheme, host[:port], path, query pairs of an http(s) URL; None for anything else."""
    if url.lower().startswith("www."):
        url = "http://" + url
    try:
        p = urlsplit(url)
        host = p.hostname
    except ValueError:
        return None
    if p.scheme.lower() not in ("http", "https") or not host:
        return None
    netloc = p.netloc.rsplit("@", 1)[-1].lower()
    return p.scheme.lower(), netloc, p.path or "/", frozenset(parse_qsl(p.query, keep_blank_values=True))


def _untimed(query: frozenset[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset(pair for pair in query if pair[0] != "t")


def host_of(url: str) -> str:
    """The host a link really opens, internationalised names in their ASCII (punycode) form."""
    host = urlsplit(url if "://" in url else "http://" + url).hostname or url
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


class LinkPolicy:
    """The links one answer may carry: its cited sources' links and the URLs in their passages."""

    def __init__(self, cited: Iterable[CitedSource]) -> None:
        self.allowed: list[tuple[str, str, str, frozenset[tuple[str, str]]]] = []
        self.labels: set[str] = set()  # how studybot itself labels a cited moment or page
        for source in cited:
            self.labels.add(str(getattr(source, "locator", "")).strip().lower())
            candidates = [source.url] if source.url else []
            candidates += [_trim(m.group(0))[0] for m in _BARE.finditer(source.quote or "")]
            self.allowed += [p for p in map(_parts, candidates) if p]

    def allows(self, url: str) -> bool:
        """http(s), and a cited link or passage URL (fragments ignored; query a subset of the cited one,
        a start time aside: another moment of a cited video is still that video)."""
        mine = _parts(url)
        return mine is not None and any(
            mine[:3] == known[:3] and _untimed(mine[3]) <= _untimed(known[3]) for known in self.allowed
        )

    def labelled_by_studybot(self, label: str) -> bool:
        """A label ending with a time or a page, or a citation's own locator: how studybot labels deep links."""
        plain = label.strip().lower()
        return bool(_OWN_LABEL.match(plain)) or plain in self.labels

    def apply(self, text: str) -> str:
        return _TOKEN.sub(self._replace, text)

    def _replace(self, m: re.Match[str]) -> str:
        if m.group("code") is not None:
            return m.group(0)
        if m.group("bare") is not None:
            url, trailing = _trim(m.group("bare"))
            return (url if self.allows(url) else defang(url)) + trailing
        slack = m.group("s_url") is not None  # Slack's <url|label>, read (a model or a passage may write it)
        url = m.group("s_url") if slack else m.group("m_url")
        label = (m.group("s_label") if slack else m.group("m_label")) or ""
        number = _CITATION_LABEL.match(label)
        if number:
            return f"[{number.group(1)}]"
        if not self.allows(url):
            return self.apply(label) if label.strip() else defang(url)
        host = host_of(url)
        if self.labelled_by_studybot(label) and host == (urlsplit(url).hostname or ""):
            return link(url, label)  # a deep link to a cited moment or page (no look-alike host to reveal)
        if not label.strip() or _BARE.search(label):
            label = url  # no label, or one that names some other address: show the real one
        elif host not in label.lower():
            label = f"{label.strip()} ({host})"
        return link(url, label)


def defang(url: str) -> str:
    """`http://evil.example/login` -> `evil[.]example/login`: readable, never turned into a link."""
    rest = re.sub(r"^[A-Za-z][A-Za-z0-9+.\-]*://", "", url)
    return rest.replace("://", "[://]").replace(".", "[.]")


def enforce_link_policy(text: str, cited: Iterable[CitedSource]) -> str:
    """`text` with every link made safe against the cited sources (see the module docstring)."""
    return LinkPolicy(cited).apply(text)


def with_safe_links(reply: Reply) -> Reply:
    """The reply as it may be posted anywhere: its text, notices and follow-ups under the policy."""
    policy = LinkPolicy(reply.citations)
    return dataclasses.replace(reply, text=policy.apply(reply.text), notices=[policy.apply(n) for n in reply.notices],
                               followups=[policy.apply(f) for f in reply.followups])
