"""A replica's bound on answers: questions past it wait their turn in order, give up after a while or
when too many wait, and a question that stops waiting never takes a slot with it."""

from __future__ import annotations

import asyncio

from bot.chat.admission import AnswerSlots


async def test_questions_past_the_bound_wait_their_turn_in_order() -> None:
    slots = AnswerSlots(1, wait_seconds=600)
    assert await slots.take()
    order: list[str] = []

    async def ask(name: str) -> None:
        assert await slots.take()
        order.append(name)
        slots.give_back()

    waiting = [asyncio.create_task(ask(n)) for n in ("second", "third")]
    await asyncio.sleep(0)
    slots.give_back()
    await asyncio.gather(*waiting)
    assert order == ["second", "third"] and slots.taken == 0


async def test_too_many_waiting_or_no_wait_is_busy_at_once() -> None:
    assert await AnswerSlots(1).take()
    full = AnswerSlots(1, wait_seconds=0)
    assert await full.take() and not await full.take()
    crowded = AnswerSlots(1, wait_seconds=600, max_waiting=1)
    assert await crowded.take()
    waiter = asyncio.create_task(crowded.take())
    await asyncio.sleep(0)
    assert not await crowded.take()  # one already waits
    crowded.give_back()
    assert await waiter


async def test_a_question_that_stops_waiting_leaves_no_slot_taken() -> None:
    slots = AnswerSlots(1, wait_seconds=600)
    assert await slots.take()
    waiter = asyncio.create_task(slots.take())
    await asyncio.sleep(0)
    waiter.cancel()  # e.g. serve stopping
    await asyncio.gather(waiter, return_exceptions=True)
    slots.give_back()
    assert slots.taken == 0 and await slots.take()
