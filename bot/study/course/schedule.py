"""When a channel's digest is due: a local time of day, a time zone and weekdays.

Slots are computed per local calendar date with zoneinfo, so each chosen date has
exactly one slot: a time skipped by a spring-forward change is posted at the shifted
wall time (02:30 becomes 03:30), and a time repeated by a fall-back change is posted
once, at its first occurrence.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import UserError
from bot.language import sentences, tr
from bot.text.mentions import defuse_mass_mentions

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = frozenset(range(7))
_NAMED_SETS = {
    "daily": EVERY_DAY, "everyday": EVERY_DAY, "every-day": EVERY_DAY, "all": EVERY_DAY,
    "weekdays": frozenset(range(5)), "workdays": frozenset(range(5)), "weekends": frozenset({5, 6}),
    "weekend": frozenset({5, 6}),
}
_TIME = re.compile(r"^(?P<h>\d{1,2})(?:[:.h]?(?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$", re.I)
_DAYISH = re.compile(r"^[a-z]+(?:[-,–][a-z]+)*$", re.I)
MAX_SPAN_DAYS = 400


def _kind(text: str) -> str:
    return defuse_mass_mentions(text)


def parse_time(token: str) -> time:
    """"09:00", "9:30", "18:45", "9am", "6:30pm" -> a time; UserError for anything else."""
    m = _TIME.match(token.strip())
    hint = tr("Use a time like 09:00, 18:30 or 9am.")
    if not m:
        raise UserError(sentences(tr("“{text}” isn't a time I understand.").format(text=_kind(token)), hint))
    hour, minute = int(m.group("h")), int(m.group("m") or 0)
    ampm = (m.group("ampm") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise UserError(sentences(tr("“{text}” isn't a valid time: with am/pm the hour runs from 1 to 12.").format(
                text=_kind(token)), hint))
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UserError(sentences(tr("“{text}” isn't a valid time: hours run 00–23 and minutes 00–59.").format(
            text=_kind(token)), hint))
    return time(hour, minute)


@lru_cache(maxsize=1)
def zones() -> dict[str, str]:
    return {z.lower(): z for z in available_timezones()}


def looks_like_timezone(token: str) -> bool:
    return "/" in token or token.upper() in ("UTC", "GMT", "Z") or token.lower() in zones()


def parse_timezone(token: str) -> str:
    """An IANA time zone name (any letter case); UserError with close names otherwise."""
    name = token.strip()
    if name.upper() in ("UTC", "GMT", "Z"):
        return "UTC"
    canonical = zones().get(name.lower())
    if canonical:
        try:
            ZoneInfo(canonical)
            return canonical
        except (ZoneInfoNotFoundError, ValueError):
            pass
    close = difflib.get_close_matches(name.lower(), list(zones()), n=3, cutoff=0.6)
    hint = tr("Did you mean {zones}?").format(zones=", ".join(zones()[c] for c in close)) if close else ""
    raise UserError(sentences(tr("I don't know the time zone “{name}”.").format(name=_kind(name)), hint,
                              tr("Use a name like Europe/Berlin, America/New_York or Asia/Shanghai.")))


def _day(word: str) -> int | None:
    w = word.lower().rstrip("s") if len(word) > 3 else word.lower()
    for i, d in enumerate(DAYS):
        full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[i]
        if len(w) >= 2 and full.startswith(w) and (len(w) >= 3 or w in ("mo", "tu", "we", "th", "fr", "sa", "su")):
            return i
    return None


def looks_like_weekdays(token: str) -> bool:
    """Day names or ranges ("mon-fri", "tue,thu", "weekdays"), even misspelt ("mon-fry")."""
    t = token.lower()
    if t in _NAMED_SETS:
        return True
    if not _DAYISH.match(t):
        return False
    parts = re.split(r"[-,–]", t)
    return any(_day(p) is not None for p in parts) and (len(parts) > 1 or _day(parts[0]) is not None)


def parse_weekdays(token: str) -> frozenset[int]:
    """"mon-fri", "sat,sun", "tue", "weekdays", "daily" -> weekday numbers (Mon = 0)."""
    t = token.lower().replace("–", "-")
    if t in _NAMED_SETS:
        return _NAMED_SETS[t]
    hint = tr("Use day names and ranges such as mon-fri, tue,thu, weekends or daily.")
    days: set[int] = set()
    for part in t.split(","):
        ends = part.split("-")
        numbers = [_day(e) for e in ends]
        if len(ends) > 2 or not all(e for e in ends) or any(n is None for n in numbers):
            raise UserError(sentences(tr("“{text}” aren't weekdays I understand.").format(text=_kind(token)), hint))
        if len(numbers) == 1:
            days.add(numbers[0])  # type: ignore[arg-type]
        else:
            a, b = numbers[0], numbers[1]
            assert a is not None and b is not None
            days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])  # fri-mon wraps
    return frozenset(days)


def weekday_name(day: int) -> str:
    """"Mon" for 0, in the reply language."""
    return (tr("Mon"), tr("Tue"), tr("Wed"), tr("Thu"), tr("Fri"), tr("Sat"), tr("Sun"))[day]


def month_name(month: int) -> str:
    """"May" for 5, in the reply language."""
    return (tr("Jan"), tr("Feb"), tr("Mar"), tr("Apr"), tr("May"), tr("Jun"), tr("Jul"), tr("Aug"), tr("Sep"),
            tr("Oct"), tr("Nov"), tr("Dec"))[month - 1]


def date_text(day: date, padded: bool = False) -> str:
    """"Fri 17 May" ("Fri 07 Jun" when `padded`), in the reply language."""
    template = tr("{weekday} {day:02d} {month}") if padded else tr("{weekday} {day} {month}")
    return template.format(weekday=weekday_name(day.weekday()), day=day.day, month=month_name(day.month))


def describe_days(days: frozenset[int]) -> str:
    if days == EVERY_DAY:
        return tr("every day")
    if days == frozenset(range(5)):
        return tr("Mon–Fri")
    if days == frozenset({5, 6}):
        return tr("Sat–Sun")
    return tr(", ").join(weekday_name(d) for d in sorted(days))


@dataclass(frozen=True)
class Schedule:
    at: time
    tz: str
    weekdays: frozenset[int] = EVERY_DAY

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def slot_on(self, day: date) -> datetime:
        """The UTC instant of the slot on a local date (fold=0: the first 01:30, and 02:30 read as 03:30)."""
        return datetime.combine(day, self.at, tzinfo=self.zone).astimezone(timezone.utc)

    def slots_between(self, start: datetime, end: datetime) -> list[datetime]:
        """Slots in (start, end], oldest first, as aware UTC datetimes."""
        if end <= start:
            return []
        first = start.astimezone(self.zone).date() - timedelta(days=1)
        last = end.astimezone(self.zone).date() + timedelta(days=1)
        if (last - first).days > MAX_SPAN_DAYS:
            first = last - timedelta(days=MAX_SPAN_DAYS)
        out = []
        day = first
        while day <= last:
            if day.weekday() in self.weekdays:
                slot = self.slot_on(day)
                if start < slot <= end:
                    out.append(slot)
            day += timedelta(days=1)
        return out

    def next_after(self, moment: datetime) -> datetime:
        slots = self.slots_between(moment, moment + timedelta(days=8))
        return slots[0]

    def describe(self) -> str:
        """"Mon–Fri at 09:00 (Asia/Shanghai)"."""
        return tr("{days} at {time} ({zone})").format(days=describe_days(self.weekdays), time=self.at.strftime("%H:%M"),
                                                      zone=self.tz)

    def as_json(self) -> dict[str, object]:
        return {"at": self.at.strftime("%H:%M"), "tz": self.tz, "weekdays": sorted(self.weekdays)}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Schedule:
        hour, minute = str(data["at"]).split(":")
        return cls(time(int(hour), int(minute)), str(data["tz"]), frozenset(int(d) for d in data["weekdays"]))  # type: ignore[attr-defined]


def local_time(moment: datetime, tz: str) -> str:
    """"Mon 13 May, 09:00 CST" in the subscription's zone."""
    local = moment.astimezone(ZoneInfo(tz))
    return tr("{date}, {time} {zone}").format(date=date_text(local), time=f"{local:%H:%M}", zone=local.tzname() or tz)
