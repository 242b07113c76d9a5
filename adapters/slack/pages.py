"""Blocks laid out as as many messages as Slack's limits need.

Slack refuses a message with more than 50 blocks (`invalid_blocks`) and one whose blocks hold more
than about 12,000 characters of text in all (`msg_blocks_too_long`, counted with some overhead per
block), so a long answer, outline or source list becomes several messages; the closing blocks
(notices, buttons) stay together at the end of the last one.
"""

from __future__ import annotations

from typing import Any

from adapters.slack.blocks import SlackMessage, text_length

MAX_BLOCKS = 50
TEXT_BUDGET = 10_000  # below Slack's ~12,000, which also counts each block's own overhead
BLOCK_OVERHEAD = 40


def weight(block: dict[str, Any]) -> int:
    return text_length(block) + BLOCK_OVERHEAD


def paginate(body: list[dict[str, Any]], tail: list[dict[str, Any]], fallback: str) -> list[SlackMessage]:
    """`body` then `tail` in messages within both limits; the first carries `fallback` as its text."""
    pages: list[list[dict[str, Any]]] = [[]]
    for block in body:
        if pages[-1] and not _fits(pages[-1], [block]):
            pages.append([])
        pages[-1].append(block)
    if tail:
        if pages[-1] and not _fits(pages[-1], tail):
            pages.append([])
        pages[-1].extend(tail)
    return [SlackMessage.of(fallback if i == 0 else "(continued)", page) for i, page in enumerate(pages)]


def fit(blocks: list[dict[str, Any]], reserve: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The leading `blocks` that fit in one message next to `reserve`."""
    kept: list[dict[str, Any]] = []
    for block in blocks:
        if not _fits(kept + reserve, [block]):
            break
        kept.append(block)
    return kept


def _fits(page: list[dict[str, Any]], more: list[dict[str, Any]]) -> bool:
    return (len(page) + len(more) <= MAX_BLOCKS
            and sum(weight(b) for b in page) + sum(weight(b) for b in more) <= TEXT_BUDGET)
