"""Markdown (what the core and the model write) to Slack mrkdwn, with Slack's control characters escaped.

Slack parses `&`, `<` and `>` in every text it shows: `<!here>` pings a channel and `<url|x>` makes a
link. So every piece of text from users, sources or the model goes through `escape`, and only the links
built here keep their angle brackets. The parse is markdown-it's (HTML off, so `<!here>` stays text).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_INLINE_MARKS = {"strong": "*", "em": "_", "s": "~"}
_LINKABLE = re.compile(r"(?:https?://|mailto:)\S+$", re.I)


def escape(text: str) -> str:
    """Slack's three control characters as entities: the text shows as typed and triggers nothing."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link_target(url: str | None) -> str | None:
    """An http(s) or mailto URL made safe to sit inside `<…|…>`; None for anything else."""
    if not url or not _LINKABLE.match(url.strip()):
        return None
    url = url.strip().replace("|", "%7C").replace("<", "%3C").replace(">", "%3E")
    return url.replace("&", "&amp;")  # Slack decodes entities inside links as well


def link(url: str | None, label: str) -> str:
    """`<url|label>` from plain text; just the escaped label when the URL is not a web link."""
    return linked(url, escape(label))


def linked(url: str | None, label_mrkdwn: str) -> str:
    """Like `link`, for a label that is already mrkdwn."""
    target = link_target(url)
    label = label_mrkdwn.replace("|", "∣").strip() or escape(url or "")
    return f"<{target}|{label}>" if target else label


def to_mrkdwn(markdown: str) -> str:
    """**bold** -> *bold*, [t](u) -> <u|t>, headings -> bold lines; lists, quotes and code kept."""
    return _Renderer().render(_MD.parse(markdown))


def render_inline(children: list[Token]) -> str:
    out: list[str] = []
    links: list[tuple[str | None, list[str]]] = []  # open links and their label parts
    for t in children:
        target = links[-1][1] if links else out
        kind, _, edge = t.type.rpartition("_")
        if t.type == "text":
            target.append(escape(t.content))
        elif t.type in ("softbreak", "hardbreak"):
            target.append("\n")
        elif t.type == "code_inline":
            target.append(f"`{escape(t.content)}`")
        elif kind in _INLINE_MARKS and edge in ("open", "close"):
            target.append(_INLINE_MARKS[kind])
        elif t.type == "link_open":
            href = str(t.attrGet("href") or "")
            if t.markup == "autolink" and href.startswith("mailto:"):  # `<!subteam^S1|@x>` parses as an e-mail
                href = ""
            links.append((href, []))
        elif t.type == "link_close" and links:
            href, parts = links.pop()
            label = "".join(parts)
            shown = linked(href, label) if href else f"&lt;{label}&gt;" if t.markup == "autolink" else label
            (links[-1][1] if links else out).append(shown)
        elif t.type == "image":
            target.append(link(str(t.attrGet("src") or ""), t.content or "image"))
        else:
            target.append(escape(t.content))
    return "".join(out)


class _Renderer:
    """Walks markdown-it's block tokens and writes mrkdwn lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [ordered (0/1), next number]
        self.item_prefix: str | None = None
        self.quote = 0
        self.heading = False
        self.row: list[str] | None = None
        self.header_row = False

    def render(self, tokens: list[Token]) -> str:
        for t in tokens:
            self._token(t)
        return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in self.lines)).strip()

    def _token(self, t: Token) -> None:
        kind = t.type
        if kind == "inline":
            self._inline(render_inline(t.children or []))
        elif kind == "heading_open":
            self.heading = True
        elif kind == "heading_close":
            self.heading = False
            self._blank()
        elif kind == "paragraph_close" and not t.hidden:
            self._blank()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self.lists.append([int(kind == "ordered_list_open"), int(t.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
            if not self.lists:
                self._blank()
        elif kind == "list_item_open" and self.lists:
            ordered, number = self.lists[-1]
            self.item_prefix = f"{number}. " if ordered else "• "
            self.lists[-1][1] += 1
        elif kind in ("fence", "code_block"):
            self._emit("```\n" + escape(t.content.rstrip("\n")) + "\n```")
            self._blank()
        elif kind == "blockquote_open":
            self.quote += 1
        elif kind == "blockquote_close":
            self.quote -= 1
            self._blank()
        elif kind == "hr":
            self._emit("──────────")
            self._blank()
        elif kind == "tr_open":
            self.row = []
        elif kind == "thead_open":
            self.header_row = True
        elif kind == "thead_close":
            self.header_row = False
        elif kind == "tr_close" and self.row is not None:
            cells = [f"*{c}*" if self.header_row and c else c for c in self.row]
            self._emit(" | ".join(cells))
            self.row = None
        elif kind == "table_close":
            self._blank()

    def _inline(self, text: str) -> None:
        if self.row is not None:
            self.row.append(text.replace("\n", " "))
        elif self.heading:
            plain = text.replace("*", "").strip()
            self._emit(f"*{plain}*" if plain else "")
        else:
            self._emit(text)

    def _emit(self, text: str) -> None:
        depth = max(len(self.lists) - 1, 0)
        for i, line in enumerate(text.split("\n")):
            if i == 0 and self.item_prefix is not None:
                line = "    " * depth + self.item_prefix + line
                self.item_prefix = None
            elif self.lists:
                line = "    " * depth + "   " + line
            self.lines.append("> " + line if self.quote else line)

    def _blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
