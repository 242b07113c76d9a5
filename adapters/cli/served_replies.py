"""Replies that a running `serve` gave over the local socket, back as the core's own types, so the
terminal prints them exactly as it prints its own."""

from __future__ import annotations

from typing import Any

from bot.conversation import CardAction, Reply
from bot.events import Outcome
from bot.models import Citation


def reply_from_json(data: dict[str, Any], tenant: str) -> Reply:
    return Reply(
        text=str(data.get("answer") or ""),
        citations=[Citation(int(c["n"]), str(c["source_id"]), str(c["title"]), str(c["locator"]), c.get("url"),
                            str(c.get("quote") or "")) for c in data.get("citations") or []],
        followups=[str(f) for f in data.get("followups") or []],
        abstained=bool(data.get("abstained")),
        mode=str(data.get("mode") or "extractive"),
        notices=[str(n) for n in data.get("notices") or []],
        question=data.get("question"),
        answer_id=data.get("answer_id"),
        not_covered=[str(w) for w in data.get("not_covered") or []],
        cards=[CardAction(tenant, str(c["card_id"]), int(c["n"]), tuple(c.get("choices") or ()))
               for c in data.get("cards") or []],
    )


def outcome_from_json(data: dict[str, Any], tenant: str) -> Outcome:
    reply = data.get("reply")
    return Outcome(str(data.get("command") or "ask"), reply_from_json(reply, tenant) if reply else None,
                   refused=bool(data.get("refused")))
