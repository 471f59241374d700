"""Dates and times in free text, found with patterns (not dateparser's slow ``search_dates``,
DESIGN.md §7) and resolved against the moment the account was reported.

Day/month order is British (``12/03`` is 12 March). A date with no year takes the year of
``reported_at`` (the year before when that would put it after the report).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from engines.narrative._internal.model import DateMention
from engines.narrative._internal.text import lower_same_length

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = "|".join(_DAYS)

# Patterns run on the lower-cased text without IGNORECASE and open with a look-ahead on the
# first character: both make Python's re engine skip most positions quickly (5-10x faster).
_NUMERIC = re.compile(
    r"(?=\d)(?<![\w/.\-])(\d{1,2})([/.\-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\w/]|[.\-/]\d)"
)
_DAY_MONTH = re.compile(
    rf"(?=\d)\b(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? ({_MONTH})\b\.?(?:,? (\d{{4}}))?"
)
_MONTH_DAY = re.compile(
    rf"(?=[adfjmnos])\b({_MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}}))?"
)
_THE_NTH = re.compile(r"(?=t)\bthe (\d{1,2})(?:st|nd|rd|th)\b")
_FIXED_DAYS = {
    "yesterday": 1,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "last night": 1,
    "the day before yesterday": 2,
}
_FIXED = re.compile(
    r"\b(?:the day before yesterday|yesterday|today|tonight|this morning|this afternoon|"
    r"this evening|last night)\b"
)
_WEEKDAY = re.compile(rf"(?=[mtwfs])\b({_DAY})\b")
_WEEKDAY_BEFORE = re.compile(r"\b(last|on|this|next) $")
_AGO = re.compile(r"(?=[\dofstza])\b(\d+|a|one|two|three|four|five|six|seven) (days?|weeks?) ago\b")
_TIME = re.compile(
    r"(?=[\dmn])(?<![\w:./])(?:([01]?\d|2[0-3])[:.]([0-5]\d)\s?(am|pm|hrs|hours)?|(1[0-2]|0?[1-9])\s?(am|pm)"
    r"|([01]\d|2[0-3])([0-5]\d) ?(?:hrs|hours)|(midnight|midday|noon))(?![\w:]|[.:]\d)"
)
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, anchor: date | None) -> date | None:
    if anchor is None:
        return None
    found = _valid(anchor.year, month, day)
    if found is not None and found > anchor:
        found = _valid(anchor.year - 1, month, day)
    return found


def _full_year(text: str | None) -> int | None:
    if text is None:
        return None
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _mention(m: re.Match[str], day: date | None, relative: bool, ok: bool) -> DateMention | None:
    if not ok:
        return None
    value = day.isoformat() if day else None
    return DateMention("date", m.group(), m.start(), m.end(), value, relative)


def _absolute(text: str, anchor: date | None) -> Iterator[DateMention | None]:
    for m in _NUMERIC.finditer(text):
        d, mo, year = int(m.group(1)), int(m.group(3)), _full_year(m.group(4))
        ok = 1 <= d <= 31 and 1 <= mo <= 12 and (year is None or 1900 <= year <= 2100)
        day = _valid(year, mo, d) if year else _year_for(mo, d, anchor) if ok else None
        yield _mention(m, day, year is None, ok and (year is None or day is not None))
    if not any(month in text for month in _MONTH_STEMS):
        return
    for m in _DAY_MONTH.finditer(text):
        d, mo, year = int(m.group(1)), _MONTHS[m.group(2).lower()], _full_year(m.group(3))
        day = _valid(year, mo, d) if year else _year_for(mo, d, anchor)
        yield _mention(m, day, year is None, 1 <= d <= 31)
    for m in _MONTH_DAY.finditer(text):
        mo, d, year = _MONTHS[m.group(1).lower()], int(m.group(2)), _full_year(m.group(3))
        day = _valid(year, mo, d) if year else _year_for(mo, d, anchor)
        yield _mention(m, day, year is None, 1 <= d <= 31)


def _nth(day_of_month: int, anchor: date | None) -> date | None:
    if anchor is None:
        return None
    found = _valid(anchor.year, anchor.month, day_of_month)
    if found is None or found > anchor:
        previous = anchor.replace(day=1) - timedelta(days=1)
        found = _valid(previous.year, previous.month, day_of_month)
    return found


def _weekday(which: str, name: str, anchor: date) -> date:
    target = _DAYS.index(name.lower())
    back = (anchor.weekday() - target) % 7
    if which == "last":
        back = back or 7
    elif which == "next":
        return anchor + timedelta(days=(target - anchor.weekday()) % 7 or 7)
    return anchor - timedelta(days=back)


def _relative(text: str, anchor: date | None) -> Iterator[DateMention | None]:
    for m in _THE_NTH.finditer(text):
        d = int(m.group(1))
        yield _mention(m, _nth(d, anchor), True, 1 <= d <= 31)
    found: list[tuple[int, int, date | None]] = []
    if any(word in text for word in ("yesterday", "today", "tonight", "this ", "last night")):
        for m in _FIXED.finditer(text):
            back = _FIXED_DAYS[m.group()]
            found.append((m.start(), m.end(), anchor - timedelta(days=back) if anchor else None))
    if "day" in text:
        for m in _WEEKDAY.finditer(text):
            before = _WEEKDAY_BEFORE.search(text, max(0, m.start() - 5), m.start())
            if before is not None:
                day = _weekday(before.group(1), m.group(1), anchor) if anchor else None
                found.append((before.start(), m.end(), day))
    if " ago" in text:
        for m in _AGO.finditer(text):
            count = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1)]
            days = count * (7 if m.group(2).startswith("week") else 1)
            found.append((m.start(), m.end(), _days_back(anchor, days)))
    for start, end, day in found:
        value = day.isoformat() if day else None
        yield DateMention("date", text[start:end], start, end, value, True)


def _days_back(anchor: date | None, days: int) -> date | None:
    if anchor is None:
        return None
    try:
        return anchor - timedelta(days=days)
    except OverflowError:
        return None


def _times(text: str) -> Iterator[DateMention]:
    for m in _TIME.finditer(text):
        g = m.groups()
        if g[7]:
            hour, minute = (0, 0) if g[7].lower() == "midnight" else (12, 0)
        elif g[5]:
            hour, minute = int(g[5]), int(g[6])
        else:
            hour, minute = int(g[0] or g[3]), int(g[1] or 0)
            suffix = (g[2] or g[4] or "").lower()
            if suffix == "pm" and hour < 12:
                hour += 12
            elif suffix == "am" and hour == 12:
                hour = 0
        yield DateMention("time", m.group(), m.start(), m.end(), f"{hour:02d}:{minute:02d}")


def extract(text: str, reported_at: datetime | None) -> list[DateMention]:
    """Dates and times in ``text``, in order, without overlaps (a date beats a time)."""
    anchor = reported_at.date() if reported_at else None
    low = lower_same_length(text)
    taken: list[DateMention] = []
    candidates = [*_absolute(low, anchor), *_relative(low, anchor), *_times(low)]
    for found in candidates:
        if found is None:
            continue
        if all(found.end <= t.start or found.start >= t.end for t in taken):
            taken.append(found)
    # The patterns ran on the lower-cased copy: give back the words as written.
    kept = [
        DateMention(d.kind, text[d.start : d.end], d.start, d.end, d.value, d.relative)
        for d in taken
    ]
    return sorted(kept, key=lambda d: (d.start, d.end))
