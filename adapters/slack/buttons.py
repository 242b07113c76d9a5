"""The buttons under an answer: suggested follow-ups, 👍/👎 and "Save as note", and how a vote shows.

Each button carries what the core needs in its value (the question, or the answer's id), so a click
becomes an ordinary event: `ask QUESTION`, `vote up|down ANSWER_ID`, `note save ANSWER_ID`.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.slack.blocks import actions, button, context

FOLLOWUP = "studybot_followup_{}"
VOTE = {"up": "studybot_vote_up", "down": "studybot_vote_down"}
SAVE_NOTE = "studybot_note_save"
FOLLOWUP_PATTERN = re.compile("^" + FOLLOWUP.format(r"\d+") + "$")
VOTE_PATTERN = re.compile("^(" + "|".join(VOTE.values()) + ")$")
FEEDBACK_BLOCK = "studybot_feedback"
MAX_FOLLOWUPS = 5


def followups(questions: list[str]) -> dict[str, Any]:
    return actions("studybot_followups", [button(q, FOLLOWUP.format(i), q)
                                          for i, q in enumerate(questions[:MAX_FOLLOWUPS])])


def feedback(answer_id: str) -> dict[str, Any]:
    return actions(FEEDBACK_BLOCK, [button("👍 Helpful", VOTE["up"], answer_id),
                                    button("👎 Not helpful", VOTE["down"], answer_id),
                                    button("📝 Save as note", SAVE_NOTE, answer_id)])


def vote_of(action_id: str) -> str:
    return "up" if action_id == VOTE["up"] else "down"


def noted(blocks: list[dict[str, Any]], thanks: str) -> list[dict[str, Any]]:
    """The message's blocks with its 👍/👎 replaced by `thanks` (other buttons stay)."""
    out: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("block_id") != FEEDBACK_BLOCK:
            out.append(block)
            continue
        out.append(context([thanks]))
        rest = [e for e in block.get("elements", []) if e.get("action_id") not in VOTE.values()]
        if rest:
            out.append(actions(FEEDBACK_BLOCK, rest))
    return out
