"""The bot never pings a crowd, whatever the question, the sources or the model say."""

from __future__ import annotations

import re

_ZWSP = "\u200b"
# Plain-text crowd mentions (Discord, Slack text) and Slack's special mention syntax.
_AT_CROWD = re.compile(r"@(?=(?:everyone|here|channel|group|all)\b)", re.I)
_SLACK_SPECIAL = re.compile(r"<!(everyone|here|channel|group|subteam\^[^>|]*)(\|[^>]*)?>", re.I)


def defuse_mass_mentions(text: str) -> str:
    """Make crowd mentions inert but readable: "@here" keeps its look, pings nobody."""
    text = _SLACK_SPECIAL.sub(lambda m: "@" + _ZWSP + m.group(1).split("^")[0], text)
    return _AT_CROWD.sub("@" + _ZWSP, text)
