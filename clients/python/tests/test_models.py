"""The plain values: enums in step with the .proto files, time spans, counts, conversions.
No server needed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from seed import at

from timeline_client import (
    ActorKind,
    ActorRole,
    ChangeKind,
    Count,
    Event,
    EventActor,
    EventPlace,
    EventSource,
    ExternalId,
    GroupBy,
    ImpreciseEvents,
    IngestOutcome,
    Interval,
    LocationPrecision,
    Match,
    PlaceKind,
    PlaceRole,
    Precision,
    TimeSpan,
    _pb,
)
from timeline_client._time import parse_when
from timeline_client.models import ProtoEnum


@pytest.mark.parametrize(
    ("enum", "proto_enum", "prefix"),
    [
        (Precision, _pb.time_pb2.Precision, "PRECISION_"),
        (ActorRole, _pb.event_pb2.ActorRole, "ACTOR_ROLE_"),
        (PlaceRole, _pb.event_pb2.PlaceRole, "PLACE_ROLE_"),
        (ActorKind, _pb.actor_pb2.ActorKind, "ACTOR_KIND_"),
        (PlaceKind, _pb.place_pb2.PlaceKind, "PLACE_KIND_"),
        (LocationPrecision, _pb.place_pb2.LocationPrecision, "LOCATION_PRECISION_"),
        (Match, _pb.time_pb2.TimeRange.Match, "MATCH_"),
        (Interval, _pb.event_pb2.CountEventsRequest.Interval, "INTERVAL_"),
        (GroupBy, _pb.event_pb2.CountEventsRequest.GroupBy, "GROUP_BY_"),
        (ImpreciseEvents, _pb.event_pb2.CountEventsRequest.ImpreciseEvents, "IMPRECISE_EVENTS_"),
        (ChangeKind, _pb.event_pb2.WatchEventsResponse.Kind, "KIND_"),
        (IngestOutcome, _pb.ingest_pb2.IngestResult.Outcome, "OUTCOME_"),
    ],
)
def test_enums_match_the_proto(enum: type[ProtoEnum], proto_enum: object, prefix: str) -> None:
    from_proto = {
        name.removeprefix(prefix) if name.startswith(prefix) else name: number
        for name, number in proto_enum.items()  # type: ignore[attr-defined]
    }
    assert {m.name: m.value for m in enum} == from_proto


def test_enum_parse_and_unknown_numbers() -> None:
    assert Precision.parse("month") is Precision.MONTH
    assert Precision.parse("PRECISION_MONTH") is Precision.MONTH
    assert PlaceKind.parse("admin-region") is PlaceKind.ADMIN_REGION
    assert Precision(42) is Precision.UNSPECIFIED  # a newer server's value
    with pytest.raises(ValueError, match="Match: 'inside' is not one of: overlaps, within"):
        Match.parse("inside")


def test_time_span_descriptions() -> None:
    month = TimeSpan(at(2024, 9), at(2024, 10), Precision.MONTH, "Africa/Bamako")
    assert str(month) == "September 2024"
    assert str(TimeSpan(at(2023), at(2024), Precision.YEAR)) == "2023"
    # A day in Algiers (UTC+1) starts at 23:00 UTC the evening before.
    algiers_day = TimeSpan(
        at(2024, 9, 16, 23), at(2024, 9, 17, 23), Precision.DAY, "Africa/Algiers"
    )
    assert str(algiers_day) == "17 September 2024"
    before = TimeSpan(None, at(2024, 10, 12, 11, 16), Precision.UNKNOWN, "Africa/Bamako")
    assert str(before) == "before 12 October 2024, 11:16 GMT"
    assert not before.is_dated and not before.is_unresolved
    assert str(TimeSpan(precision=Precision.UNKNOWN, time_zone="Europe/Moscow")) == "unresolved"
    week = TimeSpan(at(2024, 9, 16), at(2024, 9, 23), Precision.WEEK)
    assert str(week) == "week 38 of 2024 (16 September 2024 – 22 September 2024)"


def test_time_span_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        TimeSpan(start=datetime(2024, 9, 1), precision=Precision.DAY)


def test_counts_read_like_the_sources() -> None:
    assert str(Count(low=71)) == "at least 71"
    assert str(Count(best=77, low=71, high=90)) == "77 (71–90)"
    assert str(Count(high=10)) == "at most 10"
    assert str(Count()) == "unknown"


def test_event_round_trips_through_protobuf() -> None:
    event = Event(
        name="events/x",
        title="Attacks",
        event_type="attack",
        time=TimeSpan(at(2024, 9), at(2024, 10), Precision.MONTH, "Africa/Bamako", "سبتمبر"),
        actors=[EventActor("actors/a", ActorRole.TARGET, "A")],
        places=[EventPlace("places/p", PlaceRole.LOCATION, "P")],
        fatalities=Count(low=71),
        sources=[EventSource("sources/s", "quote", ["time"], published_time=at(2024, 10, 12))],
        external_ids=[ExternalId("acled", "MLI1")],
        create_time=at(2024, 10, 12, 12),
    )
    assert Event.from_pb(event.to_pb()) == event
    assert event.actors[0].role is ActorRole.TARGET and isinstance(event.actors, tuple)
    assert event.injured is None and event.to_pb().HasField("injured") is False


def test_parse_when_for_people() -> None:
    assert parse_when("2024") == at(2024)
    assert parse_when("2024-09") == at(2024, 9)
    assert parse_when("2024-09-17") == at(2024, 9, 17)
    assert parse_when("2024-09-17T08:30:00Z") == at(2024, 9, 17, 8, 30)
    plus_three = timezone(timedelta(hours=3))
    assert parse_when("2024-09-17T08:30", plus_three) == datetime(
        2024, 9, 17, 8, 30, tzinfo=plus_three
    )
    with pytest.raises(ValueError, match="not a date"):
        parse_when("last Tuesday")
