"""👍/👎 buttons under each answer, stored through the core's feedback.

The buttons are `DynamicItem`s: the answer id and the vote live in the custom_id, and
the class is registered once in `setup_hook`, so clicks on answers sent before a
restart still reach `StudyService.feedback`.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.send import NO_PINGS, tell_privately

if TYPE_CHECKING:
    from adapters.discord.client import StudyClient

log = logging.getLogger(__name__)

VOTE_ID = "studybot:vote:{vote}:{answer_id}"
_EMOJI = {"up": "👍", "down": "👎"}


class VoteButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                 template=r"studybot:vote:(?P<vote>up|down):(?P<answer_id>[0-9A-Za-z_-]{1,64})"):
    def __init__(self, vote: str, answer_id: str) -> None:
        super().__init__(discord.ui.Button(style=discord.ButtonStyle.secondary, emoji=_EMOJI[vote],
                                           custom_id=VOTE_ID.format(vote=vote, answer_id=answer_id)))
        self.vote, self.answer_id = vote, answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> VoteButton:
        return cls(match["vote"], match["answer_id"])

    async def callback(self, interaction: discord.Interaction[StudyClient]) -> None:  # type: ignore[override]
        """Acknowledge at once (no visible change), store the vote, then thank the voter privately."""
        service = interaction.client.service
        try:
            await interaction.response.defer()
            stored = await service.feedback(str(interaction.guild_id), str(interaction.user.id),
                                            self.answer_id, self.vote)
            await interaction.followup.send(service.vote_reply(self.vote, stored).text, ephemeral=True,
                                            allowed_mentions=NO_PINGS)
        except Exception as exc:  # never a silent click
            await tell_privately(interaction, service.failure(exc).text)


def feedback_view(answer_id: str) -> discord.ui.View:
    """The buttons for one answer; persistent (no timeout), identified by the answer id."""
    view = discord.ui.View(timeout=None)
    for vote in ("up", "down"):
        view.add_item(VoteButton(vote, answer_id))
    return view
