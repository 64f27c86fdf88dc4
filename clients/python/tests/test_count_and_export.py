"""CountEvents histograms and the resumable export."""

from __future__ import annotations

import pytest
from seed import MALI_2024, SEED_EVENTS, at

from timeline_client import Client, EventExport, InvalidArgument


def test_monthly_histogram_of_mali_in_2024(client: Client) -> None:
    histogram = client.count_events(
        interval="month",
        places=["places/ml"],
        start=at(2024),
        end=at(2025),
        time_zone="Africa/Bamako",
    )
    assert histogram.time_zone == "Africa/Bamako"
    assert len(histogram.buckets) == 12
    assert [b.start for b in histogram.buckets] == [at(2024, m) for m in range(1, 13)]
    assert histogram.event_count == 1
    assert histogram.undated_count == 4  # known only to predate 12 October 2024
    (september,) = histogram.nonempty()
    assert (september.start, september.end) == (at(2024, 9), at(2024, 10))
    assert (september.event_count, september.imprecise_count) == (1, 0)
    assert september.fatalities_unknown_count == 1


def test_a_month_event_in_daily_buckets_is_imprecise(client: Client) -> None:
    histogram = client.count_events(
        interval="day", places=["places/ml"], start=at(2024, 9), end=at(2024, 10)
    )
    assert len(histogram.buckets) == 30
    (first,) = histogram.nonempty()
    assert (first.start, first.event_count, first.imprecise_count) == (at(2024, 9, 1), 1, 1)
    omitted = client.count_events(
        interval="day",
        places=["places/ml"],
        start=at(2024, 9),
        end=at(2024, 10),
        imprecise_events="omit",
    )
    assert omitted.nonempty() == ()
    assert omitted.imprecise_count == 1


def test_histogram_grouped_by_event_type(client: Client) -> None:
    histogram = client.count_events(
        interval="year", group_by="event_type", places=["places/ml"], start=at(2024), end=at(2025)
    )
    assert [(g.group, g.event_count) for g in histogram.groups] == [("attack", 1)]


def test_count_needs_a_valid_interval(client: Client) -> None:
    with pytest.raises(
        ValueError, match="Interval: .fortnight. is not one of: day, week, month, year"
    ):
        client.count_events(interval="fortnight")
    with pytest.raises(InvalidArgument) as caught:
        client.count_events(interval="unspecified")
    assert caught.value.fields == ("interval",)


def test_export_streams_in_listing_order(client: Client) -> None:
    export = client.export(places=["places/ml"], start=at(2024), end=at(2025))
    assert isinstance(export, EventExport)
    assert [e.name for e in export] == MALI_2024
    assert export.resume_token  # after the last event
    assert export.reconnects == 0


def test_export_resumes_after_the_last_event_received(client: Client) -> None:
    first = client.export()
    taken = [next(first).name, next(first).name]
    token = first.resume_token
    first.close()
    assert taken == SEED_EVENTS[:2]
    rest = client.export(resume_token=token)
    assert [e.name for e in rest] == SEED_EVENTS[2:]


def test_export_with_a_context_manager_and_an_error(client: Client) -> None:
    with client.export(places=["places/ml-kidal-region"]) as export:
        assert [e.name for e in export] == [
            "events/tinzaouaten-drone-strikes",
            "events/tessalit-retaken-by-malian-army",
        ]
    with pytest.raises(InvalidArgument) as caught:
        list(client.export(filter="event_type = massacre"))
    assert caught.value.fields == ("filter",)
