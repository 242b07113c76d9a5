"""The buttons under an answer: suggested follow-ups, 👍/👎 and "Save as note"; under flashcards and
reviews: Reveal, then Again / Good / Easy.

Each button carries what the core needs in its value (the question, the answer's id, the card's id), so a
click becomes an ordinary event: `ask QUESTION`, `vote up|down ANSWER_ID`, `note save ANSWER_ID`,
`review reveal|again|good|easy CARD_ID`.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.slack.blocks import actions, button
from bot.conversation import CardAction
from bot.language import message, tr

FOLLOWUP = "studybot_followup_{}"
VOTE = {"up": "studybot_vote_up", "down": "studybot_vote_down"}
SAVE_NOTE = "studybot_note_save"
FOLLOWUP_PATTERN = re.compile("^" + FOLLOWUP.format(r"\d+") + "$")
VOTE_PATTERN = re.compile("^(" + "|".join(VOTE.values()) + ")$")
FEEDBACK_BLOCK = "studybot_feedback"
MAX_FOLLOWUPS = 5
CARD = "studybot_card_{}_{}"  # choice, the card's number in the message
CARD_PATTERN = re.compile(r"^studybot_card_(reveal|again|good|easy)_\d+$")


def followups(questions: list[str]) -> dict[str, Any]:
    return actions("studybot_followups", [button(q, FOLLOWUP.format(i), q)
                                          for i, q in enumerate(questions[:MAX_FOLLOWUPS])])


def feedback(answer_id: str, lang: str = "en") -> dict[str, Any]:
    return actions(FEEDBACK_BLOCK, [button("👍 " + message(lang, "helpful"), VOTE["up"], answer_id),
                                    button("👎 " + message(lang, "not_helpful"), VOTE["down"], answer_id),
                                    button("📝 " + message(lang, "save_note"), SAVE_NOTE, answer_id)])


def vote_of(action_id: str) -> str:
    return "up" if action_id == VOTE["up"] else "down"


def card_label(choice: str) -> str:
    """A card button's label in the reply language."""
    return {"reveal": tr("👀 Reveal"), "again": tr("↺ Again"), "good": tr("✓ Good"),
            "easy": tr("★ Easy (knew it)")}[choice]


def card_buttons(card: CardAction) -> dict[str, Any]:
    label = f" {card.n}" if card.n and card.choices == ("reveal",) else ""
    return actions(f"studybot_card_{card.n}_{card.card_id}",
                   [button(card_label(c) + label, CARD.format(c, card.n), card.card_id) for c in card.choices])


def card_choice(action_id: str) -> str:
    m = CARD_PATTERN.match(action_id)
    return m.group(1) if m else "reveal"
