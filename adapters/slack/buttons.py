"""The buttons under an answer: suggested follow-ups, 👍/👎 and "Save as note".

Each button carries what the core needs in its value (the question, or the answer's id), so a click
becomes an ordinary event: `ask QUESTION`, `vote up|down ANSWER_ID`, `note save ANSWER_ID`.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.slack.blocks import actions, button

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
