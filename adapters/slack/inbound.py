"""What a Slack user typed, as plain text the core understands, and whether it names someone else.

Slack sends `<@U123>`, `<#C1|general>`, `<https://x|x>`, `<!here>` and `&lt;`; the core wants words
and links. Crowd mentions become plain `@here`, which the core then makes inert.
"""

from __future__ import annotations

import re

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!([^>|]+)(?:\|([^>]*))?>")
_CROWD = re.compile(r"<!(?:here|channel|everyone|group|subteam\^)", re.I)
_LINK = re.compile(r"<((?:https?|mailto):[^>|]+)(?:\|([^>]*))?>", re.I)


def plain_text(text: str, bot_user_id: str | None = None) -> str:
    """Slack markup removed; the bot's own @mention dropped; links kept as bare URLs."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    text = _USER.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(2) or m.group(1)), text)
    text = _SPECIAL.sub(lambda m: "@" + (m.group(2) or m.group(1).split("^")[0]).lstrip("@"), text)
    text = _LINK.sub(_link_text, text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()


def _link_text(m: re.Match[str]) -> str:
    url, label = m.group(1), m.group(2)
    if not label or label == url or url.split("://", 1)[-1].startswith(label) or url == f"mailto:{label}":
        return url
    return f"{label} {url}"


def names_others(text: str, bot_user_id: str | None = None) -> bool:
    """The raw Slack text mentions someone other than the bot, or a crowd: then it is for them."""
    users = {m.group(1) for m in _USER.finditer(text)} - {bot_user_id}
    return bool(users) or bool(_CROWD.search(text))
