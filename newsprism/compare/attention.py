"""Attention over time: counts per day binned by day, week, month or year, chosen by the span, so a chart
is readable at any date range (up to two months: days; up to two years: weeks; ten years: months; longer: years).

Pure functions over ISO dates; the store counts (``store.outlets.attention_counts``), the web draws.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

__all__ = ["UNITS", "bin_unit", "bin_start", "bins_between", "binned_series"]

UNITS = ("day", "week", "month", "year")
#: Longest span (days) drawn with each unit; past the last, years. About 30 to 150 bars at most per chart.
MAX_SPAN = {"day": 62, "week": 2 * 366, "month": 12 * 366}


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def bin_unit(first: str | None, last: str | None) -> str:
    """The bin for dates from ``first`` to ``last`` (ISO): day up to 2 months, week up to 2 years,
    month up to 12 years, else year. Day when either date is missing."""
    a, b = _day(first), _day(last)
    if a is None or b is None:
        return "day"
    span = abs((b - a).days)
    return next((unit for unit, most in MAX_SPAN.items() if span <= most), "year")


def bin_start(value: str, unit: str) -> str:
    """The first day (ISO) of the bin holding ``value``: the day, its week's Monday, the 1st of its month or
    of its year. ValueError for a value that is not an ISO date or an unknown unit."""
    day = _day(value)
    if day is None:
        raise ValueError(f"not an ISO date: {value!r}")
    if unit == "day":
        return day.isoformat()
    if unit == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if unit == "month":
        return day.replace(day=1).isoformat()
    if unit == "year":
        return day.replace(month=1, day=1).isoformat()
    raise ValueError(f"unknown unit {unit!r}; one of {', '.join(UNITS)}")


def _next(start: date, unit: str) -> date:
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def bins_between(first: str, last: str, unit: str) -> list[str]:
    """Every bin start from the bin of ``first`` to the bin of ``last``, empty ones included (so a quiet
    week shows as zero, not as nothing)."""
    start, end = date.fromisoformat(bin_start(first, unit)), date.fromisoformat(bin_start(last, unit))
    out = []
    while start <= end:
        out.append(start.isoformat())
        start = _next(start, unit)
    return out


def binned_series(rows: Iterable[Mapping], unit: str | None = None, *, key: str = "outlet",
                  date_from: str | None = None, date_to: str | None = None) -> dict:
    """Rows ``{published, <key>, n}`` as one series per ``key`` value over the same bins.

    Returns ``unit``, ``bins`` (bin starts, empty ones included), ``series`` ({name: counts per bin}, names
    sorted, None named "outlet not known"), ``undated`` (rows without a date, per name: counted, not drawn).
    ``date_from``/``date_to`` widen (or set) the range drawn; ``unit`` None chooses by the span.
    """
    rows = list(rows)
    dated = [r for r in rows if _day(r.get("published"))]
    undated: dict[str, int] = defaultdict(int)
    for r in rows:
        if not _day(r.get("published")):
            undated[_name(r.get(key))] += r["n"]
    days = sorted(r["published"][:10] for r in dated)
    first = min([d for d in (date_from, days[0] if days else None) if _day(d)], default=None)
    last = max([d for d in (date_to, days[-1] if days else None) if _day(d)], default=None)
    if first is None or last is None:
        return {"unit": unit or "day", "bins": [], "series": {}, "undated": dict(undated)}
    unit = unit or bin_unit(first, last)
    bins = bins_between(first, last, unit)
    position = {b: i for i, b in enumerate(bins)}
    series: dict[str, list[int]] = {}
    for r in dated:
        counts = series.setdefault(_name(r.get(key)), [0] * len(bins))
        where = position.get(bin_start(r["published"], unit))
        if where is not None:
            counts[where] += r["n"]
    return {"unit": unit, "bins": bins, "series": dict(sorted(series.items())), "undated": dict(undated)}


def _name(value) -> str:
    return str(value) if value not in (None, "") else "outlet not known"
