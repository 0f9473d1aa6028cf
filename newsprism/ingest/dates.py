"""Dates: normalise a metadata date to ISO, and find a publication-like date in article text.

Only full dates (day, month and year) count; a date without a year ("Sept. 26",
"on Friday") is never completed by guessing. Calendar names are facts of the
language, not a tunable word list, so they live here.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["normalise_date", "find_text_date", "TEXT_DATE_WINDOW"]

#: Characters from the start of the text searched for a date (headline, dateline, lede).
TEXT_DATE_WINDOW = 1500
#: Years accepted as publication years.
MIN_YEAR, MAX_YEAR = 1900, date.today().year + 1

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

#: Patterns tried at every position; the earliest plausible match wins.
_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),          # Feb. 10, 2017
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # 10 February 2017
    re.compile(rf"\b{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),                # 2017-02-10
]
_YEAR_ONLY = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: The month-name patterns anchored at the end, to test the text just before a year.
_ENDING_AT_YEAR = [re.compile(p.pattern + "$", re.IGNORECASE) for p in _PATTERNS[:2]]
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASHED = re.compile(r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})")


def _valid(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_number(token: str) -> int:
    return int(token) if token.isdigit() else _MONTHS[token.lower().rstrip(".")]


def _from_match(match: re.Match) -> str | None:
    return _valid(int(match["year"]), _month_number(match["month"]), int(match["day"]))


def normalise_date(value: object) -> str | None:
    """ISO ``YYYY-MM-DD`` for a metadata date ('2017-02-10T09:00Z', 'Feb 10, 2017', …), else None."""
    if value is None:
        return None
    text = str(value).strip()
    for pattern in (_ISO_PREFIX, _SLASHED):
        if m := pattern.match(text):
            return _valid(int(m[1]), int(m[2]), int(m[3]))
    for pattern in _PATTERNS:
        if m := pattern.search(text):
            return _from_match(m)
    return None


def find_text_date(text: str, *, window: int = TEXT_DATE_WINDOW) -> str | None:
    """The first plausible full date near the start of ``text`` (dateline, lede), as ISO, else None.

    Only the neighbourhood of each four-digit year is searched, which keeps this
    cheap on texts without dates.
    """
    head = text[:window]
    for year in _YEAR_ONLY.finditer(head):
        before = head[max(0, year.start() - 30):year.end()]
        for pattern in _ENDING_AT_YEAR:
            if (match := pattern.search(before)) and (iso := _from_match(match)):
                return iso
        if (match := _PATTERNS[2].match(head, year.start())) and (iso := _from_match(match)):
            return iso
    return None
