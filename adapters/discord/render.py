"""The core's Reply as Discord messages: the answer text, then a sources embed and the answer's buttons.

Citations become numbered deep links (the exact moment of a video, the page of a
paper) in the embed, so the [n] markers in the answer can be followed with one click.
Limits: content 2,000 (see split.py); embed description 4,096, field 1,024, footer
2,048 and 6,000 in all, so everything here is clipped well inside them.
"""

from __future__ import annotations

import re

from discord import Colour, Embed
from discord.utils import escape_markdown

from adapters.discord.buttons import answer_view
from adapters.discord.send import Outgoing
from adapters.text_split import split_message
from bot.conversation import Reply
from bot.language import message, replying_in, tr
from bot.models import Citation
from bot.text.mentions import defuse_mass_mentions

LIMIT = 1990  # characters in a message: below Discord's 2,000 with a little room to spare

DESCRIPTION_MAX = 4000
FIELD_MAX = 1024
FOOTER_MAX = 500
QUOTE_MAX = 160
COLOUR = Colour.blurple()
_CODE = re.compile(r"(```.*?(?:```|\Z)|`[^`\n]+`)", re.S)
_BARE_URL = re.compile(r"(?<![<(\w])https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")


def render_reply(reply: Reply, *, buttons: bool = True, header: str | None = None) -> list[Outgoing]:
    """Messages to send in order; the last carries the sources embed and the answer's buttons.

    `header` (who asked what, when that is not visible otherwise) opens the first message. Written in the
    reply's language.
    """
    with replying_in(reply.lang):
        return _rendered(reply, buttons, header)


def _rendered(reply: Reply, buttons: bool, header: str | None) -> list[Outgoing]:
    text = without_previews(defuse_mass_mentions(reply.text))
    parts = split_message(f"{header}\n{text}" if header else text, LIMIT) or ["…"]
    view = answer_view(reply) if buttons else None  # abstentions too: "it IS covered" matters
    embed = sources_embed(reply, followups=view is None)
    if embed is None and reply.notices:
        parts = _with_small_print(parts, reply.notices)
    out = [Outgoing(p) for p in parts[:-1]]
    out.append(Outgoing(parts[-1], embed, view))
    return out


def sources_embed(reply: Reply, followups: bool = True) -> Embed | None:
    """Numbered citations with deep links, follow-up suggestions (unless buttons offer them), and how the
    answer was made."""
    followups = followups and bool(reply.followups)
    if not (reply.citations or followups):
        return None
    embed = Embed(colour=COLOUR)
    if reply.citations:
        embed.title = message(reply.lang, "sources")
        embed.description = _clip_lines([citation_line(c, quote=reply.mode == "llm") for c in reply.citations],
                                        DESCRIPTION_MAX)
    if followups:
        lines = [f"• {_clip(defuse_mass_mentions(f), 200)}" for f in reply.followups]
        embed.add_field(name=message(reply.lang, "also_ask"), value=_clip_lines(lines, FIELD_MAX), inline=False)
    if reply.notices:
        embed.set_footer(text=_clip(" · ".join(defuse_mass_mentions(n) for n in reply.notices), FOOTER_MAX))
    return embed


def citation_line(c: Citation, quote: bool = False) -> str:
    """`**[1]** [Title · 12:34–13:10](deep link)`, with the quoted sentence when asked."""
    label = escape_markdown(defuse_mass_mentions(f"{c.title} · {c.locator}" if c.locator else c.title))
    label = _clip(label.replace("[", "(").replace("]", ")"), 200)
    link = _safe_url(c.url)
    line = f"**[{c.n}]** [{label}]({link})" if link else f"**[{c.n}]** {label}"
    if quote and c.quote.strip():
        line += "\n> " + _clip(escape_markdown(" ".join(defuse_mass_mentions(c.quote).split())), QUOTE_MAX)
    return line


def without_previews(text: str) -> str:
    """`<url>` for bare links outside code, so a list of sources doesn't unfold into video previews."""
    pieces = _CODE.split(text)
    for i in range(0, len(pieces), 2):
        pieces[i] = _BARE_URL.sub(lambda m: f"<{m.group(0)}>", pieces[i])
    return "".join(pieces)


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links, with the characters that would end a markdown link escaped."""
    if not url or not url.startswith(("https://", "http://")) or len(url) > 1000:
        return None
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _with_small_print(parts: list[str], notices: list[str]) -> list[str]:
    """Notices as Discord's small text (`-# `) under the answer, in a part of their own if need be."""
    small = "\n".join(f"-# {_clip(defuse_mass_mentions(n), 300)}" for n in notices)
    if len(parts[-1]) + 2 + len(small) <= 1990:
        return parts[:-1] + [parts[-1] + "\n\n" + small]
    return parts + [small]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clip_lines(lines: list[str], limit: int) -> str:
    """Whole lines up to `limit` characters, then a count of what was left out."""
    kept: list[str] = []
    size = 0
    for i, line in enumerate(lines):
        more = tr("… and {n} more").format(n=len(lines) - i)
        if size + len(line) + 1 + len(more) > limit and i < len(lines) - 1 or size + len(line) > limit:
            kept.append(more)
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept)
