"""The buttons under an answer: suggested follow-ups, 👍/👎 and "Save as note".

Bug 7: the buttons of an answer only one person sees always failed (`not_in_channel`), and their
dedup key was None, which dropped every later click for an hour.
"""

from __future__ import annotations

from redis.asyncio import Redis

from tests.slack_harness import Harness, buttons, h, slack, texts  # noqa: F401
from tests.slack_requests import mention

NOT_IN = ("chat.postMessage", "chat.postEphemeral", "chat.update")
MORE = b"""# Training notes

## Supervised fine-tuning
Supervised fine-tuning trains the base model on labelled conversations written by people.

## RLHF
RLHF trains a reward model on human rankings, then optimises the policy against that reward model.

## Distillation
Distillation trains a small student model to imitate a large teacher model.
"""


async def material(h: Harness) -> None:
    """Enough material that answers come with suggested follow-ups."""
    await h.notes()
    await h.services.ingestor.ingest_bytes(MORE, "training-notes.md", "T1", origin="training")


async def test_buttons_of_an_answer_only_you_see_work_and_every_click_counts(h: Harness, redis: Redis) -> None:
    await material(h)
    for method in NOT_IN:  # a channel the bot was never invited to
        h.slack.fail(method, "not_in_channel", when=lambda a: a.get("channel") == "CPRIV")
    await h.send.command("ask --only-me How big is the GPT-4 tokenizer vocabulary?", user="U1", channel="CPRIV")
    await h.settle()
    [private] = h.slack.private_to("U1")
    assert "100,277" in texts(private)
    followup = next(k for k in buttons(private) if k.startswith("studybot_followup_"))
    question = buttons(private)[followup]
    for _ in range(2):  # the same button twice: two clicks, two answers
        await h.send.click(private, followup, user="U1")
        await h.settle()
    clicked = h.slack.private_to("U1")[1:]
    assert len(clicked) == 2 and all(p.via == "response_url" and "*Sources*" in texts(p) for p in clicked)
    assert all(question in texts(p) for p in clicked)

    # 👎 on it: stored, and the voter sees it was taken (Slack sends an ephemeral's click without its content)
    await h.send.click(private, "studybot_vote_down", user="U1")
    await h.settle()
    assert await redis.hgetall(f"studybot:votes:{buttons(private)['studybot_vote_down']}") == {"U1": "down"}
    assert h.slack.private_to("U1")[-1].text.startswith("Thanks for the 👎")
    assert h.slack.visible() == []


async def test_votes_show_they_were_taken_and_an_answer_can_be_saved_as_a_note(h: Harness, redis: Redis) -> None:
    await material(h)
    q = mention("What is reward hacking?", ts="1700000400.000100")
    await h.send.event(q)
    await h.settle()
    [answer] = h.slack.visible("C1", thread_ts=q["ts"])
    answer_id = buttons(answer)["studybot_vote_up"]

    await h.send.click(answer, "studybot_vote_up", user="U2")
    await h.settle()
    assert h.slack.private_to("U2")[-1].text.startswith("Thanks for the 👍")  # the voter sees it was taken
    [answer] = h.slack.visible("C1", thread_ts=q["ts"])
    assert "studybot_vote_up" in buttons(answer) and "reward model" in texts(answer)  # teammates can vote too
    await h.send.click(answer, "studybot_vote_down", user="U5")
    await h.settle()
    assert h.slack.private_to("U5")[-1].text.startswith("Thanks for the 👎")
    assert await redis.hgetall(f"studybot:votes:{answer_id}") == {"U2": "up", "U5": "down"}

    await h.send.click(answer, "studybot_note_save", user="U3")
    await h.settle()
    [saved] = h.slack.private_to("U3")
    assert saved.text.startswith("Saved the answer to “What is reward hacking?” as note #1")
    await h.send.command("note list", user="U3")
    await h.settle()
    assert "saved answer) Q: What is reward hacking?" in h.slack.private_to("U3")[-1].text

    # a suggested follow-up, clicked by a teammate, is asked in the same thread, headed by who asked
    followup = next(k for k in buttons(answer) if k.startswith("studybot_followup_"))
    await h.send.click(answer, followup, user="U4")
    await h.settle()
    asked = h.slack.visible("C1", thread_ts=q["ts"])[-1]
    assert asked.blocks[0]["text"]["text"] == f"<@U4> asked:\n> {buttons(answer)[followup]}"
    assert "*Sources*" in texts(asked) and "hourglass" not in texts(asked)
