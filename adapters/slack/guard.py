"""The last line of defence: nothing that leaves the adapter can ping a crowd.

Text from users, sources and the model is escaped long before it gets here; this catches whatever
slipped through (a `<!here>`, `<!channel>`, `<!everyone>` or `<!subteam^…>` anywhere in a payload).
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def guard(value: Any) -> Any:
    """`value` with every `<!` made inert, however deeply it sits in blocks."""
    if isinstance(value, str):
        if "<!" in value:
            log.warning("stripped a Slack special mention from outgoing text")
            return value.replace("<!", "&lt;!")
        return value
    if isinstance(value, list):
        return [guard(v) for v in value]
    if isinstance(value, dict):
        return {k: guard(v) for k, v in value.items()}
    return value
