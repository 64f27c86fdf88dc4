"""Where things go on the rendered timeline: the time axis, the rows and the bars in them.

Pure computation, no HTML: positions are percentages of the axis width, so the page stays
fluid. An event is drawn over its whole span ``[start, end)``: a MONTH-precision event covers
its month, never a point on the 1st. Events without both bounds are not placed at all.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from ..models import Event

__all__ = ["Axis", "Bar", "Band", "Row", "build_axis", "build_rows", "GROUPINGS"]

#: How events can be grouped into rows.
GROUPINGS = ("actor", "place")

# The coarsest band count the axis aims for, and the finest grid it still draws.
_MAX_BANDS = 18
_MAX_GRID_LINES = 120
# Bars narrower than this (percent of the axis) carry their title beside them.
_LABEL_INSIDE_MIN = 9.0
# Rough width of one label character, as a percentage of a typical axis (about 900 px).
_CHAR_WIDTH = 0.75
_UNITS = ("day", "month", "year", "decade", "century")


@dataclass(frozen=True)
class Band:
    """One unit of the axis (a day, month, year...) between two ticks."""

    start: datetime
    end: datetime
    left: float
    width: float
    label: str
    #: A second, coarser line of label (the year under a month), shown where it changes.
    sublabel: str = ""


@dataclass(frozen=True)
class Axis:
    """The time axis: the instants it spans (in ``tz``) and its labelled bands."""

    start: datetime
    end: datetime
    unit: str
    bands: tuple[Band, ...]
    #: Fainter lines at the next finer unit (the days of a month axis), as percentages.
    grid: tuple[float, ...]
    tz: tzinfo

    def x(self, when: datetime) -> float:
        """The position of an instant, in percent of the axis width."""
        # Through timestamps: subtracting datetimes of one zone ignores a DST change between.
        total = self.end.timestamp() - self.start.timestamp()
        return 100.0 * (when.timestamp() - self.start.timestamp()) / total


@dataclass(frozen=True)
class Bar:
    """One event drawn in one row."""

    event: Event
    left: float
    width: float
    lane: int
    #: Where the title goes: "inside" the bar, or beside it, "after" (right) or "before" (left).
    label: str


@dataclass(frozen=True)
class Row:
    """The events of one actor or place (or of none), in lanes that do not overlap."""

    key: str
    label: str
    bars: tuple[Bar, ...]
    lanes: int


def build_axis(events: Sequence[Event], tz: tzinfo) -> Axis | None:
    """Chooses the unit and extent of the axis for the dated events; None when there are none.

    The unit is the finest (day, month, year, decade, century) that needs at most _MAX_BANDS
    bands once a unit of margin is added on each side.
    """
    starts = [e.time.start for e in events if e.time.start and e.time.end]
    ends = [e.time.end for e in events if e.time.start and e.time.end]
    if not starts or not ends:
        return None
    first, last = min(starts).astimezone(tz), max(ends).astimezone(tz)
    for unit in _UNITS:
        start = _add(_floor(first, unit), unit, -1)
        end = _add(_ceil(last, unit), unit, 1)
        edges = _edges(start, end, unit)
        if len(edges) - 1 <= _MAX_BANDS or unit == _UNITS[-1]:
            break
    axis = Axis(start=start, end=end, unit=unit, bands=(), grid=(), tz=tz)
    bands = tuple(
        _band(axis, a, b, unit, i == 0)
        for i, (a, b) in enumerate(zip(edges, edges[1:], strict=False))
    )
    return Axis(start, end, unit, bands, _grid(axis, unit), tz)


def build_rows(events: Iterable[Event], axis: Axis, group_by: str) -> tuple[Row, ...]:
    """Places each dated event in the row of each of its actors (or places), once per row."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by: {group_by!r} is not one of {', '.join(GROUPINGS)}")
    members: dict[str, list[Event]] = {}
    labels: dict[str, str] = {}
    for event in events:
        if not event.time.is_dated:
            continue
        for key, label in _groups_of(event, group_by):
            if event not in members.setdefault(key, []):
                members[key].append(event)
            labels.setdefault(key, label)
    rows = [_row(key, labels[key], group, axis) for key, group in members.items()]
    rows.sort(key=lambda r: (min(b.left for b in r.bars), r.key == "", r.label.casefold()))
    return tuple(rows)


def _groups_of(event: Event, group_by: str) -> list[tuple[str, str]]:
    if group_by == "actor":
        found = [(a.actor, a.display_name or a.actor) for a in event.actors]
        none = ("", "No actor named")
    else:
        found = [(p.place, p.display_name or p.place) for p in event.places]
        none = ("", "No place named")
    unique = list(dict.fromkeys(found))
    return unique or [none]


def _row(key: str, label: str, events: list[Event], axis: Axis) -> Row:
    placed = []
    for event in events:
        left = axis.x(event.time.start)  # type: ignore[arg-type]
        width = axis.x(event.time.end) - left  # type: ignore[arg-type]
        text = _CHAR_WIDTH * min(len(event.title), 48) + 1.0
        if width >= _LABEL_INSIDE_MIN:
            where, begin, end = "inside", left, left + width
        elif left + width + text <= 100.0 or left - text < 0.0:
            where, begin, end = "after", left, left + max(width, 0.8) + text
        else:  # no room on the right: the title goes on the left of the bar
            where, begin, end = "before", left - text, left + max(width, 0.8)
        placed.append((begin, end, left, width, where, event))
    placed.sort(key=lambda p: (p[0], p[1], p[5].name))
    lane_ends: list[float] = []
    bars = []
    for begin, end, left, width, where, event in placed:
        lane = next((i for i, last in enumerate(lane_ends) if last <= begin), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        bars.append(Bar(event, left, width, lane, where))
    return Row(key, label, tuple(bars), max(len(lane_ends), 1))


# --- calendar arithmetic in the axis's zone ----------------------------------------------------


def _floor(when: datetime, unit: str) -> datetime:
    tz = when.tzinfo
    if unit == "day":
        return datetime(when.year, when.month, when.day, tzinfo=tz)
    if unit == "month":
        return datetime(when.year, when.month, 1, tzinfo=tz)
    span = {"year": 1, "decade": 10, "century": 100}[unit]
    return datetime(when.year - when.year % span, 1, 1, tzinfo=tz)


def _ceil(when: datetime, unit: str) -> datetime:
    floor = _floor(when, unit)
    return floor if floor == when else _add(floor, unit, 1)


def _add(when: datetime, unit: str, count: int) -> datetime:
    tz = when.tzinfo
    if unit == "day":
        day = (datetime(when.year, when.month, when.day) + timedelta(days=count)).date()
        return datetime(day.year, day.month, day.day, tzinfo=tz)
    if unit == "month":
        months = when.year * 12 + when.month - 1 + count
        return datetime(months // 12, months % 12 + 1, 1, tzinfo=tz)
    years = {"year": 1, "decade": 10, "century": 100}[unit] * count
    return datetime(when.year + years, 1, 1, tzinfo=tz)


def _edges(start: datetime, end: datetime, unit: str) -> list[datetime]:
    edges = [start]
    while edges[-1] < end:
        edges.append(_add(edges[-1], unit, 1))
    return edges


def _band(axis: Axis, start: datetime, end: datetime, unit: str, first: bool) -> Band:
    left, right = axis.x(start), axis.x(end)
    if unit == "day":
        label, sub = f"{start.day} {calendar.month_abbr[start.month]}", ""
        if first or start.day == 1:
            sub = f"{calendar.month_name[start.month]} {start.year}"
    elif unit == "month":
        label = calendar.month_abbr[start.month]
        sub = str(start.year) if first or start.month == 1 else ""
    elif unit == "year":
        label, sub = str(start.year), ""
    elif unit == "decade":
        label, sub = f"{start.year}s", ""
    else:
        label, sub = f"{start.year}–{start.year + 99}", ""
    return Band(start, end, left, right - left, label, sub)


def _grid(axis: Axis, unit: str) -> tuple[float, ...]:
    finer = {"month": "day", "year": "month", "decade": "year", "century": "decade"}.get(unit)
    if finer is None:
        return ()
    lines = _edges(axis.start, axis.end, finer)
    if len(lines) > _MAX_GRID_LINES:
        return ()
    majors = {b.start for b in axis.bands}
    return tuple(axis.x(t) for t in lines if t not in majors and axis.start < t < axis.end)
