"""A web page's main text: the article, without navigation, cookie banners, sidebars and footers.

trafilatura decides what the main content is (it is built and tuned for exactly this) and
returns it as plain HTML with its headings kept, which the HTML loader then walks as usual.
"""

from __future__ import annotations

import logging

import trafilatura

logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it logs every page it finds too short at WARNING


def main_content_html(page: str) -> str | None:
    """The page's main content as simple HTML (headings, paragraphs, lists, tables), or None when it finds none."""
    try:
        return trafilatura.extract(page, output_format="html", include_tables=True, include_links=False,
                                   include_images=False, include_comments=False, with_metadata=False)
    except (ValueError, TypeError):  # an odd page it cannot parse: the caller reads it whole
        return None
