"""Cut long answers into pieces a platform accepts without breaking what the reader needs whole.

Discord refuses message content over 2,000 characters, Slack a section over 3,000. A cut prefers a
paragraph break, then a line break, then the end of a sentence, then a space, and never falls inside
a link (Markdown, Slack's `<url|label>` or bare), a mention, an `&…;` entity, inline code or a code
block. Only a code block that alone exceeds the limit is split, along its lines, and each part is
re-fenced (with its language) so every piece still renders as code.
"""

from __future__ import annotations

import re

# Spans that must stay in one message.
_WHOLE = re.compile(
    r"```.*?(?:```|\Z)"  # fenced code block; an unterminated one runs to the end
    r"|`[^`\n]+`"  # inline code
    r"|\[[^\]\n]*\]\([^)\s]*\)"  # markdown link [text](url)
    r"|<[^<>\n]+>"  # <https://...>, <url|label>, <@123>, <#123>, <t:1700000000:R>, <:emoji:123>
    r"|&#?\w+;"  # an HTML entity, as Slack escapes & < >
    r"|https?://\S+",  # bare link
    re.S,
)
# Where a cut may go, best first; a cut goes right after a match.
_BOUNDARIES = (
    re.compile(r"\n[ \t]*\n"),  # paragraph
    re.compile(r"\n"),  # line
    re.compile(r"[.!?…][\"'”’)\]]*(?=\s)|[。！？][”’」』）]*"),  # sentence (CJK stops need no space)
    re.compile(r"\s"),  # word
)
_FENCE = re.compile(r"```[\w.+#-]*")
_CLOSE = "\n```"


def split_message(text: str, limit: int) -> list[str]:
    """Parts of `text`, each at most `limit` characters; empty text gives no parts."""
    if limit < 40:
        raise ValueError("limit too small to split sensibly")
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        head, rest = _cut(rest, limit)
        if head.strip():
            parts.append(head.rstrip())
        rest = rest.strip()
    if rest:
        parts.append(rest)
    return parts


def _cut(text: str, limit: int) -> tuple[str, str]:
    spans = [(m.start(), m.end()) for m in _WHOLE.finditer(text, 0, len(text))]

    def free(i: int) -> bool:
        return not any(start < i < end for start, end in spans)

    for floor in (limit // 3, 1):
        for boundary in _BOUNDARIES:
            cuts = [m.end() for m in boundary.finditer(text, 0, limit + 1) if floor <= m.end() <= limit]
            cuts = [i for i in cuts if free(i)]
            if cuts:
                return text[: cuts[-1]], text[cuts[-1]:]
    # Nothing is free before the limit: one span starts the text and runs past it.
    if text.startswith("```"):
        return _split_code_block(text, limit)
    return text[:limit], text[limit:]  # a single link or word longer than a message: nothing better exists


def _split_code_block(text: str, limit: int) -> tuple[str, str]:
    """Close the block before the limit at a line end and reopen it, same language, in the next part."""
    fence = _FENCE.match(text).group(0)  # type: ignore[union-attr]
    room = limit - len(_CLOSE)
    cut = text.rfind("\n", len(fence) + 2, room)
    if cut == -1:
        cut = room
    return text[:cut].rstrip("\n") + _CLOSE, fence + "\n" + text[cut:].lstrip("\n")


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
