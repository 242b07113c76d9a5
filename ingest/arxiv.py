"""arXiv abstract links: the paper is the PDF, so its passages link to `#page=N`."""

from __future__ import annotations

import re

_ABS = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/abs/([A-Za-z0-9.\-/]+?)/?(?:[?#].*)?$", re.I)


def arxiv_pdf(url: str) -> str | None:
    """`https://arxiv.org/abs/2303.08774v2` -> `https://arxiv.org/pdf/2303.08774v2`; None for other links."""
    m = _ABS.match(url.strip())
    return f"https://arxiv.org/pdf/{m.group(1)}" if m else None
