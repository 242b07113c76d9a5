"""Markdown, HTML and plain text as paragraphs under their heading path."""

from __future__ import annotations

import re
from typing import Any

import yaml
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ingest.chapters import front_matter_chapters
from ingest.document import LoadedDocument, Segment
from ingest.main_text import main_content_html
from ingest.source_links import checked_link

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n(?:---|\.\.\.)\s*\n", re.S)
_UNDERLINE = re.compile(r"^\s*([=\-~*^#])\1{2,}\s*$")
_WS = re.compile(r"[ \t\u00a0]+")


def github_slug(heading: str) -> str:
    """The anchor GitHub and most Markdown renderers give a heading."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


class _Outline:
    """Tracks the heading path while walking a document in order."""

    def __init__(self) -> None:
        self.levels: list[tuple[int, str]] = []
        self.anchor: str | None = None

    def enter(self, level: int, text: str, anchor: str | None) -> None:
        self.levels = [(lv, t) for lv, t in self.levels if lv < level] + [(level, text)]
        self.anchor = anchor

    def segment(self, text: str) -> Segment:
        return Segment(text, heading=tuple(t for _, t in self.levels), anchor=self.anchor)


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    return {str(k): v for k, v in meta.items() if v is not None}, text[match.end():]


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content or "")
    return " ".join("".join(parts).split())


def load_markdown(text: str) -> LoadedDocument:
    raw, body = _front_matter(text)
    meta = {k: str(v) for k, v in raw.items() if k != "chapters"}
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    outline, segments = _Outline(), []
    title: str | None = meta.get("title")
    heading_level: int | None = None
    row: list[str] | None = None
    for tok in tokens:
        if tok.type == "heading_open":
            heading_level = int(tok.tag[1])
        elif tok.type == "heading_close":
            heading_level = None
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and row is not None:
            if any(row):
                segments.append(outline.segment(" | ".join(row)))
            row = None
        elif tok.type == "inline":
            content = _inline_text(tok)
            if heading_level is not None:
                if heading_level == 1 and title is None:
                    title = content
                outline.enter(heading_level, content, github_slug(content))
            elif row is not None:
                row.append(content)
            elif content:
                segments.append(outline.segment(content))
        elif tok.type in ("fence", "code_block") and tok.content.strip():
            segments.append(outline.segment(tok.content.rstrip()))
    warnings: list[str] = []
    url = checked_link(meta.get("url"), "front matter url", warnings)
    return LoadedDocument(kind="markdown", segments=segments, title=title, url=url, meta=meta, warnings=warnings,
                          chapters=front_matter_chapters(raw.get("chapters")))


_BLOCKS = ("p", "li", "pre", "blockquote", "tr", "dt", "dd", "figcaption", "td", "th")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_NOISE = ("script", "style", "noscript", "nav", "footer", "header", "aside", "form", "svg", "template")


def _heading_ids(soup: BeautifulSoup) -> dict[str, str]:
    """Each heading's text -> its fragment id, so headings of the extracted main text keep their anchors."""
    ids: dict[str, str] = {}
    for el in soup.find_all(_HEADINGS):
        anchor = el.get("id") or (el.find(id=True) or {}).get("id")  # type: ignore[union-attr]
        text = el.get_text(" ", strip=True)
        if anchor and text:
            ids.setdefault(text, str(anchor))
    return ids


def load_html(text: str) -> LoadedDocument:
    """A page's main text (ingest/main_text.py) under its headings; the whole body when none is found."""
    soup = BeautifulSoup(text, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup.find_all(_NOISE):  # what is never the article, whatever the page's size
        tag.decompose()
    main = main_content_html(str(soup))
    if main:
        extracted = BeautifulSoup(main, "lxml")
        # On a page too small to judge, trafilatura falls back to flat text: the headings are worth more then.
        if extracted.find(_HEADINGS) or not soup.find(_HEADINGS):
            doc = _walk(extracted, title, _heading_ids(soup))
            if doc.segments:
                return doc
    return _walk(soup.find("main") or soup.find("article") or soup.body or soup, title, {})


def _walk(root: Tag | BeautifulSoup, title: str | None, anchors: dict[str, str]) -> LoadedDocument:
    outline, segments = _Outline(), []
    for el in root.find_all(_HEADINGS + _BLOCKS):
        if not isinstance(el, Tag):
            continue
        if el.name in _HEADINGS:
            heading = el.get_text(" ", strip=True)
            if heading:
                if el.name == "h1" and not title:
                    title = heading
                anchor = el.get("id") or (el.find(id=True) or {}).get("id") or anchors.get(heading)  # type: ignore[union-attr]
                outline.enter(int(el.name[1]), heading, str(anchor) if anchor else None)
            continue
        if el.find_parent(_BLOCKS):
            continue  # its text is taken with the enclosing block
        sep = " | " if el.name == "tr" else " "
        content = " ".join(el.get_text(sep, strip=True).split())
        if content:
            segments.append(outline.segment(content))
    if not segments:  # pages that put text straight into divs
        for para in re.split(r"\n\s*\n", root.get_text("\n")):
            para = " ".join(para.split())
            if para:
                segments.append(Segment(para))
    return LoadedDocument(kind="html", segments=segments, title=title or None)


def load_text(text: str) -> LoadedDocument:
    """Paragraphs separated by blank lines; underlined lines become headings."""
    lines = [_WS.sub(" ", line).rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    outline, segments, para = _Outline(), [], []  # type: ignore[var-annotated]
    levels: dict[str, int] = {}

    def flush() -> None:
        if para:
            segments.append(outline.segment("\n".join(para).strip()))
            para.clear()

    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and _UNDERLINE.match(nxt) and len(line.strip()) <= 80 and not _UNDERLINE.match(line):
            flush()
            level = levels.setdefault(nxt.strip()[0], len(levels) + 1)
            outline.enter(level, line.strip(), github_slug(line.strip()))
            continue
        if _UNDERLINE.match(line) or not line.strip():
            flush()
            continue
        para.append(line.strip())
    flush()
    return LoadedDocument(kind="text", segments=[s for s in segments if s.text])
