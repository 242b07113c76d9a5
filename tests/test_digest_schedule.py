"""Digest schedules: parsing what people type, and slots across time zones and DST changes."""

from __future__ import annotations

from datetime import datetime, time, timezone

import pytest

from bot.errors import UserError
from bot.study.course.schedule import (
    Schedule,
    looks_like_timezone,
    looks_like_weekdays,
    parse_time,
    parse_timezone,
    parse_weekdays,
)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)  # type: ignore[misc]


def test_times_zones_and_weekdays_people_type() -> None:
    assert [parse_time(t) for t in ("09:00", "9:05", "18:30", "9am", "6:30pm", "12am", "0930")] == [
        time(9), time(9, 5), time(18, 30), time(9), time(18, 30), time(0), time(9, 30)]
    for bad, why in (("25:00", "hours run 00–23"), ("9:75", "minutes 00–59"), ("13pm", "1 to 12"),
                     ("noon-ish", "isn't a time")):
        with pytest.raises(UserError, match=why):
            parse_time(bad)
    assert parse_timezone("asia/shanghai") == "Asia/Shanghai" and parse_timezone("utc") == "UTC"
    with pytest.raises(UserError, match="Did you mean Asia/Shanghai"):
        parse_timezone("Asia/Shangai")
    with pytest.raises(UserError, match="I don't know the time zone “Mars/Olympus”"):
        parse_timezone("Mars/Olympus")
    assert looks_like_timezone("Europe/Berlin") and not looks_like_timezone("lecture")
    assert parse_weekdays("mon-fri") == frozenset(range(5)) and parse_weekdays("Weekends") == frozenset({5, 6})
    assert parse_weekdays("tue,thu") == frozenset({1, 3}) and parse_weekdays("fri-mon") == frozenset({4, 5, 6, 0})
    assert parse_weekdays("mondays") == frozenset({0}) and parse_weekdays("daily") == frozenset(range(7))
    assert looks_like_weekdays("mon-fry") and not looks_like_weekdays("lecture")
    with pytest.raises(UserError, match="“mon-fry” aren't weekdays"):
        parse_weekdays("mon-fry")
    assert Schedule(time(9), "Asia/Shanghai", frozenset(range(5))).describe() == "Mon–Fri at 09:00 (Asia/Shanghai)"


def test_spring_forward_slot_is_posted_once_at_the_shifted_time() -> None:
    new_york = Schedule(time(2, 30), "America/New_York")
    slots = new_york.slots_between(utc(2024, 3, 8, 12), utc(2024, 3, 12))
    # 2024-03-10 02:30 does not exist in New York: the slot is 03:30 EDT, once.
    assert slots == [utc(2024, 3, 9, 7, 30), utc(2024, 3, 10, 7, 30), utc(2024, 3, 11, 6, 30)]
    assert [s.astimezone(new_york.zone).strftime("%d %H:%M %Z") for s in slots] == [
        "09 02:30 EST", "10 03:30 EDT", "11 02:30 EDT"]


def test_fall_back_slot_is_posted_once_at_its_first_occurrence() -> None:
    new_york = Schedule(time(1, 30), "America/New_York")
    slots = new_york.slots_between(utc(2024, 11, 2), utc(2024, 11, 5))
    # 2024-11-03 01:30 happens twice (EDT, then EST): only the first is a slot.
    assert slots == [utc(2024, 11, 2, 5, 30), utc(2024, 11, 3, 5, 30), utc(2024, 11, 4, 6, 30)]
    assert utc(2024, 11, 3, 6, 30) not in slots


def test_shanghai_has_no_dst_and_weekdays_are_local() -> None:
    shanghai = Schedule(time(9), "Asia/Shanghai", frozenset(range(5)))
    slots = shanghai.slots_between(utc(2024, 3, 8), utc(2024, 3, 16))  # Fri 8 .. Sat 16 March
    assert all(s.hour == 1 and s.minute == 0 for s in slots)  # 09:00 CST is always 01:00 UTC
    assert [s.day for s in slots] == [8, 11, 12, 13, 14, 15]  # no Saturday or Sunday, local days
    # Monday 00:30 in Shanghai is still Sunday in UTC: the weekday is the local one.
    early = Schedule(time(0, 30), "Asia/Shanghai", frozenset({0}))
    assert early.slots_between(utc(2024, 3, 9), utc(2024, 3, 12)) == [utc(2024, 3, 10, 16, 30)]
    assert shanghai.next_after(utc(2024, 3, 8, 2)) == utc(2024, 3, 11, 1)
