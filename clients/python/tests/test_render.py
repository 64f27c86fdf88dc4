"""The HTML timeline: its structure on the seed data, spans that follow precision, the command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from seed import SEED_EVENTS, at

from timeline_client import Client, Event, EventPlace, PlaceRole, Precision, TimeSpan
from timeline_client.render import dump_events, load_events, render_html

RENDER = Path(sys.executable).with_name("timeline-render")


class Page(HTMLParser):
    """The elements of a page, with their attributes, and its text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def having(self, attribute: str, value: str | None = None) -> list[dict[str, str]]:
        return [
            a
            for _, a in self.elements
            if attribute in a and (value is None or a[attribute] == value)
        ]

    def events(self, placement: str) -> list[dict[str, str]]:
        return [a for a in self.having("data-event-name") if a["data-placement"] == placement]


def position(attributes: dict[str, str]) -> tuple[float, float]:
    found = re.search(r"left:([\d.]+)%;width:([\d.]+)%", attributes["style"])
    assert found, attributes["style"]
    return float(found.group(1)), float(found.group(2))


@pytest.fixture(scope="module")
def seed_events(client: Client) -> list[Event]:
    return list(client.events())


def test_seed_page_by_actor(seed_events: list[Event]) -> None:
    html = render_html(seed_events, group_by="actor", title="Seed <timeline>")
    page = Page(html)
    (bar,) = page.events("axis")
    assert bar["data-event-name"] == "events/bamako-attacks-2024-09"
    assert bar["data-group"] == "actors/malian-armed-forces"
    assert bar["data-precision"] == "MONTH" and "coarse" in bar["class"]
    assert (bar["data-start"], bar["data-end"]) == (
        "2024-09-01T00:00:00+00:00",
        "2024-10-01T00:00:00+00:00",
    )
    # The axis runs from August to October: September is 30 of its 92 days, after 31 of them.
    (chart,) = page.having("data-axis-unit")
    assert (chart["data-axis-unit"], chart["data-axis-start"], chart["data-axis-end"]) == (
        "month",
        "2024-08-01T00:00:00+00:00",
        "2024-11-01T00:00:00+00:00",
    )
    left, width = position(bar)
    assert left == pytest.approx(100 * 31 / 92, abs=1e-3)
    assert width == pytest.approx(100 * 30 / 92, abs=1e-3)
    assert [a["data-event-name"] for a in page.events("aside")] == [
        n for n in SEED_EVENTS if n != "events/bamako-attacks-2024-09"
    ]
    assert [
        a["data-group"] for a in page.having("data-group") if "grid-row" in a.get("class", "")
    ] == ["actors/malian-armed-forces"]
    assert {
        a["data-event-type"] for a in page.having("data-event-type") if a.get("class") == "key"
    } == {
        "visit",
        "attack",
        "air_drone_strike",
        "territory_change",
        "arms_transfer",
        "press_conference",
    }
    assert "<title>Seed &lt;timeline&gt;</title>" in html


def test_seed_page_by_place_has_a_row_per_place(seed_events: list[Event]) -> None:
    page = Page(render_html(seed_events, group_by="place"))
    assert [a["data-group"] for a in page.events("axis")] == [
        "places/ml-bamako",
        "places/ml-bamako-gendarmerie-school",
        "places/ml-bamako-military-airport",
    ]
    assert len(page.events("aside")) == 5


def test_arabic_words_are_right_to_left(seed_events: list[Event]) -> None:
    html = render_html(seed_events)
    assert '<div class="said" dir="rtl" lang="ar"><q>الخميس</q></div>' in html
    quote = re.search(r'<blockquote dir="(\w+)" lang="ar">وأسفرت هجمات', html)
    assert quote and quote.group(1) == "rtl"


def test_page_is_self_contained(seed_events: list[Event]) -> None:
    html = render_html(seed_events)
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert html.count("<style>") == 1 and html.count("<script>") == 1


def _span_events() -> list[Event]:
    here = [EventPlace("places/p", PlaceRole.LOCATION, "Somewhere")]
    return [
        Event(
            name="events/year",
            title="A year",
            event_type="protest",
            places=here,
            time=TimeSpan(at(2023), at(2024), Precision.YEAR),
        ),
        Event(
            name="events/day",
            title="A day",
            event_type="attack",
            places=here,
            time=TimeSpan(at(2023, 5, 17), at(2023, 5, 18), Precision.DAY),
        ),
        Event(
            name="events/month",
            title="A month",
            event_type="visit",
            places=here,
            time=TimeSpan(at(2024, 2), at(2024, 3), Precision.MONTH),
        ),
        Event(
            name="events/before",
            title="Before March",
            event_type="visit",
            places=here,
            time=TimeSpan(None, at(2024, 3), Precision.UNKNOWN),
        ),
        Event(
            name="events/unresolved",
            title="On Thursday",
            event_type="meeting",
            places=here,
            time=TimeSpan(precision=Precision.UNKNOWN, text="الخميس"),
        ),
    ]


def test_each_event_spans_what_its_precision_allows() -> None:
    page = Page(render_html(_span_events(), group_by="place"))
    bars = {a["data-event-name"]: a for a in page.events("axis")}
    assert set(bars) == {"events/year", "events/day", "events/month"}
    (chart,) = page.having("data-axis-unit")
    assert chart["data-axis-start"] == "2022-12-01T00:00:00+00:00"  # a month of margin
    assert chart["data-axis-end"] == "2024-04-01T00:00:00+00:00"
    total = 31 + 365 + 31 + 29 + 31  # December 2022 to March 2024, in days

    def pct(days: float) -> float:
        return pytest.approx(100 * days / total, abs=1e-3)

    assert position(bars["events/year"]) == (pct(31), pct(365))  # the whole of 2023
    assert position(bars["events/day"]) == (pct(31 + 136), pct(1))  # 17 May 2023
    assert position(bars["events/month"]) == (pct(31 + 365 + 31), pct(29))  # February 2024
    assert "coarse" in bars["events/year"]["class"] and "coarse" in bars["events/month"]["class"]
    assert "coarse" not in bars["events/day"]["class"]
    # The day falls inside the year's bar, so it goes in a second lane.
    assert "top:calc(1 * var(--lane)" in bars["events/day"]["style"]
    assert "top:calc(0 * var(--lane)" in bars["events/month"]["style"]
    assert [a["data-event-name"] for a in page.events("aside")] == [
        "events/before",
        "events/unresolved",
    ]


def test_a_page_without_dated_events() -> None:
    page = Page(render_html(_span_events()[3:]))
    assert page.events("axis") == []
    assert "No event here has a start and an end known" in "".join(page.text)


def test_json_round_trip_and_grpcurl_streams(seed_events: list[Event], tmp_path: Path) -> None:
    saved = tmp_path / "events.json"
    with saved.open("w", encoding="utf-8") as out:
        dump_events(seed_events, out)
    assert load_events(saved.read_text(encoding="utf-8")) == seed_events
    # grpcurl prints a stream as pretty JSON objects one after another.
    stream = "\n".join(
        json.dumps({"event": value, "resume_token": "x"}, indent=2, ensure_ascii=False)
        for value in json.loads(saved.read_text(encoding="utf-8"))[:2]
    )
    assert [e.name for e in load_events(stream)] == SEED_EVENTS[:2]
    assert [e.name for e in load_events(json.dumps({"events": []}))] == []
    with pytest.raises(ValueError, match="not JSON"):
        load_events("{")


def test_command_from_server_then_offline(address: str, tmp_path: Path) -> None:
    page, saved = tmp_path / "bamako.html", tmp_path / "bamako.json"
    ran = subprocess.run(
        [
            str(RENDER),
            "--server",
            address,
            "--place",
            "ml-bamako",
            "--start",
            "2024-09",
            "--end",
            "2024-10",
            "--group-by",
            "place",
            "-o",
            str(page),
            "--save-json",
            str(saved),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr.strip() == (
        f"timeline-render: wrote {page} (2 events: 1 on the time axis, 1 listed aside)"
    )
    online = Page(page.read_text(encoding="utf-8"))
    assert len(online.events("axis")) == 3 and len(online.events("aside")) == 1
    assert "places/ml-bamako" in "".join(online.text)  # the query is described

    offline_page = tmp_path / "offline.html"
    ran = subprocess.run(
        [str(RENDER), "--input", str(saved), "--group-by", "place", "-o", str(offline_page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    offline = Page(offline_page.read_text(encoding="utf-8"))
    assert offline.events("axis") == online.events("axis")


def test_command_reports_bad_fields(address: str, tmp_path: Path) -> None:
    ran = subprocess.run(
        [
            str(RENDER),
            "--server",
            address,
            "--start",
            "2025",
            "--end",
            "2024",
            "-o",
            str(tmp_path / "x.html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 1
    assert "timeline-render: INVALID_ARGUMENT" in ran.stderr
    assert "  time_range.end_time: must be after start_time" in ran.stderr
    assert not (tmp_path / "x.html").exists()
    ran = subprocess.run(
        [str(RENDER), "--start", "soon"], capture_output=True, text=True, check=False
    )
    assert ran.returncode == 2 and "not a date or time" in ran.stderr
