"""Buttons under an answer: 👍/👎, "Save as note", and one per suggested follow-up question; under
flashcards and reviews: Reveal, then Again / Good / Easy.

Each is a `DynamicItem`: what it means lives in its custom_id (Discord allows 100 characters), so
clicks on answers posted before a restart still work once the classes are registered in setup_hook.
A follow-up is referred to by the answer id and its number; the core keeps the question itself.
What a click does is the client's business (`on_click`): this module only knows the buttons.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.conversation import Reply
from bot.language import message, tr

ANSWER_ID = r"(?P<answer_id>[0-9A-Za-z_-]{1,64})"
Button = discord.ui.DynamicItem[discord.ui.Button[Any]]
LABEL_MAX = 80  # Discord's limit for a button label
FOLLOWUPS_SHOWN = 3
_EMOJI = {"up": "👍", "down": "👎"}
_VOTED = {"up": discord.ButtonStyle.success, "down": discord.ButtonStyle.danger}


class _HandsOver:
    """A click goes to the client, which turns it into an event for the core."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.client.on_click(interaction, self)


class VoteButton(_HandsOver, Button, template=rf"studybot:vote:(?P<vote>up|down):{ANSWER_ID}"):
    def __init__(self, vote: str, answer_id: str, voted: bool = False) -> None:
        style = _VOTED[vote] if voted else discord.ButtonStyle.secondary
        super().__init__(discord.ui.Button(style=style, emoji=_EMOJI[vote], row=0,
                                           custom_id=f"studybot:vote:{vote}:{answer_id}"))
        self.vote, self.answer_id = vote, answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> VoteButton:
        return cls(match["vote"], match["answer_id"])


class SaveButton(_HandsOver, Button, template=rf"studybot:note:{ANSWER_ID}"):
    def __init__(self, answer_id: str, lang: str = "en") -> None:
        super().__init__(discord.ui.Button(style=discord.ButtonStyle.secondary, label=message(lang, "save_note"),
                                           emoji="📝",
                                           row=0, custom_id=f"studybot:note:{answer_id}"))
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> SaveButton:
        return cls(match["answer_id"])


class AskButton(_HandsOver, Button, template=rf"studybot:ask:{ANSWER_ID}:(?P<n>[0-9])"):
    """Asks the answer's n-th suggested follow-up; the label shows it (shortened when long)."""

    def __init__(self, answer_id: str, n: int, label: str) -> None:
        super().__init__(discord.ui.Button(style=discord.ButtonStyle.primary, label=_clip(label, LABEL_MAX), row=1,
                                           custom_id=f"studybot:ask:{answer_id}:{n}"))
        self.answer_id, self.n = answer_id, n

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> AskButton:
        label = getattr(item, "label", None) or "…"
        return cls(match["answer_id"], int(match["n"]), label)


_CARD_STYLES = {"reveal": discord.ButtonStyle.primary, "again": discord.ButtonStyle.danger,
                "good": discord.ButtonStyle.success, "easy": discord.ButtonStyle.secondary}


class CardButton(_HandsOver, Button,
                 template=r"studybot:card:(?P<tenant>[0-9A-Za-z_-]{1,30}):(?P<choice>reveal|again|good|easy):"
                          r"(?P<card>[0-9a-f]{12})"):
    """Reveal a card, or rate it. The team travels in the id: a click in a direct message has no server."""

    def __init__(self, tenant: str, choice: str, card: str, n: int = 0, row: int | None = None) -> None:
        label = card_label(choice) + (f" {n}" if n and choice == "reveal" else "")
        super().__init__(discord.ui.Button(style=_CARD_STYLES[choice], label=label, row=row,
                                           custom_id=f"studybot:card:{tenant}:{choice}:{card}"))
        self.tenant, self.choice, self.card = tenant, choice, card

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> CardButton:
        return cls(match["tenant"], match["choice"], match["card"])


def card_label(choice: str) -> str:
    """A card button's label in the reply language."""
    return {"reveal": tr("Reveal"), "again": tr("Again"), "good": tr("Good"), "easy": tr("Easy (knew it)")}[choice]


BUTTONS = (VoteButton, SaveButton, AskButton, CardButton)
CARD_ROWS = 5  # Discord's limit of rows in a message


def answer_view(reply: Reply) -> discord.ui.View | None:
    """The buttons for one answer (votes and saving need an answer id), or for its cards."""
    if reply.cards and not reply.answer_id:
        view = discord.ui.View(timeout=None)
        for row, card in enumerate(reply.cards[:CARD_ROWS]):
            for choice in card.choices:
                view.add_item(CardButton(card.tenant, choice, card.card_id, card.n, row=row))
        return view
    if not reply.answer_id:
        return None
    view = discord.ui.View(timeout=None)
    for vote in ("up", "down"):
        view.add_item(VoteButton(vote, reply.answer_id))
    view.add_item(SaveButton(reply.answer_id, reply.lang))
    for n, question in enumerate(reply.followups[:FOLLOWUPS_SHOWN]):
        view.add_item(AskButton(reply.answer_id, n, question))
    return view


def voted_view(message: discord.Message, vote: str) -> discord.ui.View:
    """The message's buttons again, the vote just taken coloured (green 👍, red 👎), the other plain."""
    view = discord.ui.View(timeout=None)
    for row in message.components:
        for component in getattr(row, "children", ()):
            item = _rebuilt(component, vote)
            if item is not None:
                view.add_item(item)
    return view


def _rebuilt(component: Any, vote: str) -> discord.ui.Item[Any] | None:
    custom_id = getattr(component, "custom_id", None) or ""
    if m := VoteButton.__discord_ui_compiled_template__.fullmatch(custom_id):
        return VoteButton(m["vote"], m["answer_id"], voted=m["vote"] == vote)
    if m := SaveButton.__discord_ui_compiled_template__.fullmatch(custom_id):
        return SaveButton(m["answer_id"])
    if m := AskButton.__discord_ui_compiled_template__.fullmatch(custom_id):
        return AskButton(m["answer_id"], int(m["n"]), component.label or "…")
    return None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
