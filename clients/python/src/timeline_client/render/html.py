"""Writes events as one self-contained HTML page: a time axis with a row per actor or place,
each event a bar over the span its precision allows, coloured by type, and the events that
cannot be placed listed beside it. CSS and JS are inlined; the page fetches nothing.

Every event element carries ``data-event-name`` (and ``data-placement``: "axis" or "aside"), so
that tests and scripts can find them.
"""

from __future__ import annotations

import colorsys
import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from html import escape
from importlib import resources

from .._time import zone
from ..models import Event, Precision
from .layout import Axis, Band, Bar, Row, build_axis, build_rows

__all__ = ["EVENT_TYPE_COLORS", "render_html"]

#: The colour of each event type of the service's taxonomy: violence in reds and oranges,
#: territory and arms in purples, protest in teals, diplomacy in blues and greens.
EVENT_TYPE_COLORS: dict[str, str] = {
    "attack": "#d62839",
    "armed_clash": "#a4161a",
    "air_drone_strike": "#f77f00",
    "explosion": "#e9a23b",
    "territory_change": "#6a4c93",
    "violence_against_civilians": "#7b2d26",
    "protest": "#2a9d8f",
    "riot": "#e76f51",
    "visit": "#277da1",
    "meeting": "#4d908e",
    "press_conference": "#577590",
    "statement": "#6a994e",
    "agreement": "#43aa8b",
    "arms_transfer": "#9d4edd",
    "arrest": "#5c677d",
    "other": "#8d99ae",
}

_COARSE = {Precision.WEEK, Precision.MONTH, Precision.YEAR}
_MAX_QUOTES = 3


def render_html(
    events: Iterable[Event],
    *,
    group_by: str = "actor",
    title: str = "Timeline",
    query: str = "",
    time_zone: str = "UTC",
    source: str = "",
    generated_at: datetime | None = None,
) -> str:
    """Returns the page for these events.

    Args:
        events: The events, in the order the undated ones should be listed.
        group_by: "actor" or "place": one row per actor (place) of the dated events.
        title: The page's heading.
        query: A description of the selection, shown under the heading.
        time_zone: The IANA zone the axis's days, months and years are counted in.
        source: Where the events came from (a server address, a file), for the footer.
        generated_at: When the page was made (default: now), for the footer.
    """
    events = list(events)
    tz = zone(time_zone)
    axis = build_axis(events, tz)
    rows = build_rows(events, axis, group_by) if axis else ()
    undated = [e for e in events if not e.time.is_dated]
    generated_at = generated_at or datetime.now(timezone.utc)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="timeline-render">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{_asset('timeline.css')}</style>",
        "</head>",
        f'<body data-event-count="{len(events)}" data-group-by="{escape(group_by)}">',
        "<main>",
        _header(title, query, events, rows, undated),
        _legend(events),
        _chart(axis, rows, group_by),
        _undated(undated),
        _footer(source, generated_at, time_zone or "UTC"),
        "</main>",
        '<div id="tooltip" role="tooltip" hidden></div>',
        f"<script>\n{_asset('timeline.js')}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


# --- page sections ----------------------------------------------------------------------------


def _header(
    title: str, query: str, events: Sequence[Event], rows: Sequence[Row], undated: Sequence[Event]
) -> str:
    placed = len(events) - len(undated)
    stats = [
        _stat(len(events), "event" if len(events) == 1 else "events"),
        _stat(placed, "on the time axis"),
        _stat(len(undated), "without dates"),
        _stat(len(rows), "row" if len(rows) == 1 else "rows"),
    ]
    query_html = f'<p class="query">{query_markup(query)}</p>' if query else ""
    return (
        f'<header><h1 dir="auto">{escape(title)}</h1>{query_html}'
        f'<p class="stats">{"".join(stats)}</p></header>'
    )


def query_markup(query: str) -> str:
    """Escapes a query description, showing `quoted` parts as code."""
    pieces = escape(query).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))


def _stat(count: int, words: str) -> str:
    return f'<span class="stat"><b>{count}</b> {escape(words)}</span>'


def _legend(events: Sequence[Event]) -> str:
    if not events:
        return ""
    counts = Counter(e.event_type for e in events)
    keys = [
        f'<span class="key" data-event-type="{escape(t)}">'
        f'<span class="swatch" style="{_color_vars(t)}"></span>{escape(_words(t))} '
        f"<small>({n})</small></span>"
        for t, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    precision_keys = [
        '<span class="sep"></span>',
        '<span class="key"><span class="swatch" style="--c:#5b6475"></span>'
        "known to the day or finer</span>",
        '<span class="key"><span class="swatch span" style="--c:#5b6475"></span>'
        "known to the week, month or year: somewhere in the span</span>",
    ]
    return f'<section class="legend" aria-label="Legend">{"".join(keys + precision_keys)}</section>'


def _chart(axis: Axis | None, rows: Sequence[Row], group_by: str) -> str:
    if axis is None:
        return (
            '<section class="chart card"><p class="empty">No event here has a start and an end '
            "known, so none can be placed on a time axis.</p></section>"
        )
    head = (
        f'<div class="grid-row axis-head"><div class="row-label">{escape(group_by.title())}</div>'
        f'<div class="track axis">{"".join(_band(b) for b in axis.bands)}</div></div>'
    )
    lines = "".join(f'<span class="gridline" style="left:{x:.4f}%"></span>' for x in axis.grid)
    lines += "".join(
        f'<span class="tickline" style="left:{b.left:.4f}%"></span>' for b in axis.bands[1:]
    )
    body = "".join(_row(row, lines) for row in rows)
    return (
        f'<section class="chart card" data-axis-start="{axis.start.isoformat()}" '
        f'data-axis-end="{axis.end.isoformat()}" data-axis-unit="{axis.unit}">'
        f"{head}{body}</section>"
    )


def _band(band: Band) -> str:
    sub = f"<small>{escape(band.sublabel)}</small>" if band.sublabel else "<small>&nbsp;</small>"
    return (
        f'<div class="band" style="left:{band.left:.4f}%;width:{band.width:.4f}%">'
        f"{escape(band.label)}{sub}</div>"
    )


def _row(row: Row, lines: str) -> str:
    count = len(row.bars)
    label = (
        f'<div class="row-label" dir="auto">{escape(row.label)}'
        f"<small>{count} event{'s' if count != 1 else ''}</small></div>"
    )
    height = f"calc({row.lanes} * var(--lane) + 16px)"
    bars = "".join(_bar(bar, row.key) for bar in row.bars)
    return (
        f'<div class="grid-row" data-group="{escape(row.key)}">{label}'
        f'<div class="track lanes" style="min-height:{height}">{lines}{bars}</div></div>'
    )


def _bar(bar: Bar, group: str) -> str:
    event = bar.event
    span = event.time
    classes = ["bar"]
    if span.precision in _COARSE:
        classes.append("coarse")
    elif span.precision in (Precision.UNKNOWN, Precision.UNSPECIFIED):
        classes.append("unknown")
    label = f'<span class="{bar.label}" dir="auto">{escape(event.title)}</span>'
    return (
        f'<div class="{" ".join(classes)}" tabindex="0" {_event_attributes(event, "axis")} '
        f'data-group="{escape(group)}" data-start="{span.start.isoformat()}" '  # type: ignore[union-attr]
        f'data-end="{span.end.isoformat()}" '  # type: ignore[union-attr]
        f'style="{_color_vars(event.event_type)};left:{bar.left:.4f}%;width:{bar.width:.4f}%;'
        f'top:calc({bar.lane} * var(--lane) + 11px)" title="{escape(_plain_summary(event))}">'
        f"{label}{_tip(event)}</div>"
    )


def _undated(events: Sequence[Event]) -> str:
    if not events:
        return ""
    items = "".join(_undated_item(e) for e in events)
    return (
        f'<section class="undated"><h2>Not on the axis ({len(events)})</h2>'
        "<p>Their sources do not give both a start and an end: they are listed, not placed. "
        "“Before …” means only that they happened before that moment (often an article's "
        "publication); “unresolved” means the words do not determine the time.</p>"
        f"<ul>{items}</ul></section>"
    )


def _undated_item(event: Event) -> str:
    who = ", ".join(dict.fromkeys(a.display_name or a.actor for a in event.actors))
    where = ", ".join(dict.fromkeys(p.display_name or p.place for p in event.places))
    return (
        f'<li class="card" tabindex="0" {_event_attributes(event, "aside")} '
        f'style="{_color_vars(event.event_type)}" title="{escape(_plain_summary(event))}">'
        f'<div class="title" dir="auto">{escape(event.title)}</div>'
        f'<div class="when"><span class="type-chip">{escape(_words(event.event_type))}</span> '
        f"{escape(event.time.describe())}</div>"
        f"{_said(event.time.text, 'div')}"
        f'<div class="who">{_labelled("who", who)}{_labelled("where", where)}</div>'
        f"{_tip(event)}</li>"
    )


def _labelled(label: str, value: str) -> str:
    if not value:
        return ""
    return f'<span class="k">{label}</span> <bdi>{escape(value)}</bdi> '


def _footer(source: str, generated_at: datetime, time_zone: str) -> str:
    origin = f" from {escape(source)}" if source else ""
    return (
        f"<footer>Rendered by timeline-render{origin} on "
        f"{generated_at.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC. The axis counts days, months "
        f"and years in {escape(time_zone)}; each event keeps the zone it was stated in. Hover or "
        "focus an event for its sources' own words.</footer>"
    )


# --- the details shown on hover ----------------------------------------------------------------


def _tip(event: Event) -> str:
    span = event.time
    meta = (
        f'<span class="type-chip" style="{_color_vars(event.event_type)}">'
        f"{escape(_words(event.event_type))}</span> {escape(span.describe())} · "
        f"{escape(span.precision.name.lower())} precision"
        + (f" · {escape(span.time_zone)}" if span.time_zone else "")
    )
    rows = []
    if event.actors:
        rows.append(
            ("Actors", _roles((a.display_name or a.actor, a.role.name) for a in event.actors))
        )
    if event.places:
        rows.append(
            ("Places", _roles((p.display_name or p.place, p.role.name) for p in event.places))
        )
    if event.fatalities is not None:
        rows.append(("Killed", escape(str(event.fatalities))))
    if event.injured is not None:
        rows.append(("Injured", escape(str(event.injured))))
    details = "".join(f'<dt>{k}</dt><dd dir="auto">{v}</dd>' for k, v in rows)
    quotes = "".join(
        _quote(s.quote, s.publisher, s.published_time) for s in event.sources[:_MAX_QUOTES]
    )
    more = len(event.sources) - _MAX_QUOTES
    more_html = (
        f'<div class="more">and {more} more quote{"s" if more > 1 else ""}</div>'
        if more > 0
        else ""
    )
    words = f'<div class="t-words">Time as stated: {_said(span.text)}</div>' if span.text else ""
    return (
        f'<div class="tip"><div class="t-title" dir="auto">{escape(event.title)}</div>'
        f'<div class="t-meta">{meta}</div>{words}<dl>{details}</dl>{quotes}{more_html}'
        f'<div class="more">{escape(event.name)}</div></div>'
    )


def _roles(pairs: Iterable[tuple[str, str]]) -> str:
    grouped: dict[str, list[str]] = {}
    for name, role in pairs:
        grouped.setdefault(name, []).append(role.lower().replace("_", " "))
    return "; ".join(
        f"<bdi>{escape(name)}</bdi> ({escape(', '.join(roles))})" for name, roles in grouped.items()
    )


def _quote(text: str, publisher: str, published: datetime | None) -> str:
    direction = _direction(text)
    lang = ' lang="ar"' if direction == "rtl" and _has_arabic(text) else ""
    cite = " · ".join(
        x for x in (publisher, published.strftime("%d %b %Y") if published else "") if x
    )
    cite_html = f'<cite dir="auto">{escape(cite)}</cite>' if cite else ""
    return f'<blockquote dir="{direction}"{lang}>{escape(text)}</blockquote>{cite_html}'


def _said(text: str, element: str = "span") -> str:
    """The source's own words for the time, quoted, isolated in their own direction."""
    if not text:
        return ""
    direction = _direction(text)
    lang = ' lang="ar"' if direction == "rtl" and _has_arabic(text) else ""
    return f'<{element} class="said" dir="{direction}"{lang}><q>{escape(text)}</q></{element}>'


def _direction(text: str) -> str:
    """'rtl' when the first strongly directional character is right-to-left, else 'ltr'."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in text)


def _plain_summary(event: Event) -> str:
    return f"{event.title} — {_words(event.event_type)}, {event.time.describe()}"


def _event_attributes(event: Event, placement: str) -> str:
    return (
        f'data-event-name="{escape(event.name)}" data-placement="{placement}" '
        f'data-event-type="{escape(event.event_type)}" '
        f'data-precision="{escape(event.time.precision.name)}"'
    )


# --- colours ------------------------------------------------------------------------------------


def _words(event_type: str) -> str:
    return event_type.replace("_", " ")


def type_color(event_type: str) -> str:
    """The colour of an event type; a stable made-up one for a type outside the taxonomy."""
    if event_type in EVENT_TYPE_COLORS:
        return EVENT_TYPE_COLORS[event_type]
    hue = int(hashlib.sha256(event_type.encode()).hexdigest()[:4], 16) / 0xFFFF
    r, g, b = colorsys.hls_to_rgb(hue, 0.45, 0.55)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


def _color_vars(event_type: str) -> str:
    color = type_color(event_type)
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
    on = "#1d2433" if luminance > 0.6 else "#ffffff"
    return (
        f"--c:{color};--on-c:{on};--c-soft:rgba({r},{g},{b},.30);--c-softer:rgba({r},{g},{b},.14)"
    )
