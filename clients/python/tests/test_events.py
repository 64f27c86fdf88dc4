"""Listing and reading events: paging, time ranges, selectors, order, and the values returned."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import grpc
import pytest
from seed import MALI_2024, SEED_EVENTS, at

from timeline_client import (
    ActorRole,
    Client,
    Count,
    DeadlineExceeded,
    Match,
    Near,
    PlaceRole,
    Precision,
)


class _PageRecorder(grpc.UnaryUnaryClientInterceptor):
    """Records the page_token of every ListEvents call made through a channel."""

    def __init__(self) -> None:
        self.tokens: list[str] = []

    def intercept_unary_unary(
        self, continuation: Callable[..., Any], client_call_details: Any, request: Any
    ) -> Any:
        if client_call_details.method.endswith("/ListEvents"):
            self.tokens.append(request.page_token)
        return continuation(client_call_details, request)


class _MetadataRecorder(grpc.UnaryUnaryClientInterceptor):
    """Records the metadata of every unary call made through a channel."""

    def __init__(self) -> None:
        self.metadata: list[dict[str, str]] = []

    def intercept_unary_unary(
        self, continuation: Callable[..., Any], client_call_details: Any, request: Any
    ) -> Any:
        self.metadata.append(dict(client_call_details.metadata or ()))
        return continuation(client_call_details, request)


def names(events: Any) -> list[str]:
    return [e.name for e in events]


def test_paging_follows_tokens_across_pages(address: str) -> None:
    recorder = _PageRecorder()
    channel = grpc.intercept_channel(grpc.insecure_channel(address), recorder)
    with Client.from_channel(channel) as client:
        assert names(client.events(page_size=2)) == SEED_EVENTS
    assert len(recorder.tokens) == 3  # 6 events, 2 a page
    assert recorder.tokens[0] == ""
    assert all(recorder.tokens[1:]) and recorder.tokens[1] != recorder.tokens[2]


def test_paging_is_lazy(client: Client) -> None:
    first_two = []
    for event in client.events(page_size=2):
        first_two.append(event.name)
        if len(first_two) == 2:
            break
    assert first_two == SEED_EVENTS[:2]


def test_what_happened_in_bamako_in_september_2024(client: Client) -> None:
    events = list(client.events(places=["places/ml-bamako"], start=at(2024, 9), end=at(2024, 10)))
    assert names(events) == [
        "events/goita-receives-turkish-parliamentary-delegation",
        "events/bamako-attacks-2024-09",
    ]
    visit, attacks = events
    assert visit.time.start is None
    assert visit.time.end == at(2024, 10, 12, 11, 16)
    assert visit.time.precision is Precision.UNKNOWN
    assert attacks.time.precision is Precision.MONTH
    assert (attacks.time.start, attacks.time.end) == (at(2024, 9), at(2024, 10))


def test_within_keeps_only_what_certainly_happened(client: Client) -> None:
    mid_september = client.events(
        places=["places/ml-bamako"], start=at(2024, 9, 10), end=at(2024, 9, 20), match="within"
    )
    assert names(mid_september) == []
    september = client.events(
        places=["places/ml-bamako"], start=at(2024, 9), end=at(2024, 10), match=Match.WITHIN
    )
    assert names(september) == ["events/bamako-attacks-2024-09"]


def test_a_place_includes_everything_below_it(client: Client) -> None:
    assert names(client.events(places=["places/ml"], start=at(2024), end=at(2025))) == MALI_2024
    # Without a range the unresolved press conference (in Moscow) is not in Mali either.
    assert names(client.events(places=["places/ml-kidal-region"])) == [
        "events/tinzaouaten-drone-strikes",
        "events/tessalit-retaken-by-malian-army",
    ]


def test_an_unbounded_side_of_the_range(client: Client) -> None:
    # Only events that may have happened from 1 October 2024 on: the four known to predate
    # 12 October, not the September attacks; the unresolved event never matches a range.
    assert names(client.events(start=at(2024, 10, 1))) == SEED_EVENTS[:4]


def test_what_did_assimi_goita_do(client: Client) -> None:
    (visit,) = client.events(actors=["actors/assimi-goita"])
    assert visit.name == "events/goita-receives-turkish-parliamentary-delegation"
    assert visit.event_type == "visit"
    assert [(a.actor, a.role) for a in visit.actors] == [
        ("actors/assimi-goita", ActorRole.HOST),
        ("actors/turkish-parliamentary-delegation-mali-2024", ActorRole.VISITOR),
        ("actors/orhan-diliguz", ActorRole.VISITOR),
    ]
    assert [(p.place, p.role) for p in visit.places] == [
        ("places/ml-bamako", PlaceRole.LOCATION),
        ("places/tr", PlaceRole.ORIGIN),
    ]


def test_actor_objects_and_event_types_select_too(client: Client) -> None:
    goita = client.get_actor("actors/assimi-goita")
    assert names(client.events(actors=[goita], event_types="visit")) == [
        "events/goita-receives-turkish-parliamentary-delegation"
    ]
    assert names(client.events(actors=[goita], event_types=["attack"])) == []


def test_filter_expression(client: Client) -> None:
    events = client.events(
        filter="time.precision = UNKNOWN -event_type = visit "
        '(actor = "actors/malian-armed-forces" OR title:drones)'
    )
    assert [(e.name, e.event_type) for e in events] == [
        ("events/tessalit-retaken-by-malian-army", "territory_change"),
        ("events/turkey-supplies-drones-to-mali", "arms_transfer"),
    ]


def test_order_by_start_time_desc(client: Client) -> None:
    in_mali = names(client.events(places=["places/ml"], order_by="start_time desc"))
    assert in_mali[0] == "events/bamako-attacks-2024-09"
    assert sorted(in_mali) == sorted(MALI_2024)


def test_near_bamako(client: Client) -> None:
    events = client.events(near=Near(latitude=12.65, longitude=-8.0, radius_meters=50_000))
    assert [(e.name, [p.place for p in e.places]) for e in events] == [
        (
            "events/goita-receives-turkish-parliamentary-delegation",
            ["places/ml-bamako", "places/tr"],
        ),
        (
            "events/bamako-attacks-2024-09",
            [
                "places/ml-bamako",
                "places/ml-bamako-gendarmerie-school",
                "places/ml-bamako-military-airport",
            ],
        ),
    ]


def test_get_event_returns_every_field(client: Client) -> None:
    event = client.get_event("events/bamako-attacks-2024-09")
    assert event.id == "bamako-attacks-2024-09"
    assert event.title == "Attacks on a gendarmerie school and a military airport in Bamako"
    assert event.event_type == "attack"
    assert event.time.time_zone == "Africa/Bamako"
    assert event.time.text == "سبتمبر/أيلول الماضي"
    assert str(event.time) == "September 2024"
    assert event.fatalities == Count(low=71)
    assert event.injured == Count(low=201)
    assert str(event.fatalities) == "at least 71"
    assert [(a.actor, a.role, a.display_name) for a in event.actors] == [
        ("actors/malian-armed-forces", ActorRole.TARGET, "Malian Armed Forces (FAMa)"),
        ("actors/malian-armed-forces", ActorRole.VICTIM, "Malian Armed Forces (FAMa)"),
    ]
    assert [(p.place, p.role) for p in event.places] == [
        ("places/ml-bamako", PlaceRole.LOCATION),
        ("places/ml-bamako-gendarmerie-school", PlaceRole.TARGET_SITE),
        ("places/ml-bamako-military-airport", PlaceRole.TARGET_SITE),
    ]
    quote = event.sources[0]
    assert quote.source == "sources/erem-news-2024-10-12-bamako-ankara"
    assert quote.publisher == "إرم نيوز (Erem News)"
    assert quote.published_time == at(2024, 10, 12, 11, 16)
    assert "أكثر من 70" in quote.quote
    assert "fatalities" in quote.claims
    assert event.etag and not event.is_deleted
    assert event.create_time is not None and event.create_time.tzinfo is not None


def test_the_unresolved_press_conference(client: Client) -> None:
    event = client.get_event("events/diop-lavrov-press-conference-moscow")
    assert event.time.is_unresolved
    assert event.time.text == "الخميس"
    assert event.time.time_zone == "Europe/Moscow"
    assert str(event.time) == "unresolved"
    assert event.fatalities is None


def test_times_are_aware_and_converted_from_any_zone(client: Client) -> None:
    bamako_evening = timezone(timedelta(hours=-2))
    start = datetime(2024, 8, 31, 22, 0, tzinfo=bamako_evening)  # = 2024-09-01T00:00Z
    events = client.events(
        places=["places/ml-bamako"], start=start, end=at(2024, 10), match="within"
    )
    assert names(events) == ["events/bamako-attacks-2024-09"]


def test_naive_datetimes_are_refused_before_any_call(client: Client) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        client.events(start=datetime(2024, 9, 1))
    with pytest.raises(ValueError, match="match"):
        client.events(match="within")


def test_token_and_metadata_go_with_every_call(address: str) -> None:
    recorder = _MetadataRecorder()
    channel = grpc.intercept_channel(grpc.insecure_channel(address), recorder)
    with Client.from_channel(channel, token="s3cret", metadata=[("x-team", "analysis")]) as client:
        client.get_event("events/bamako-attacks-2024-09")
        list(client.actors(page_size=5))
    assert len(recorder.metadata) == 4  # one get, three pages of actors
    assert all(
        m == {"authorization": "Bearer s3cret", "x-team": "analysis"} for m in recorder.metadata
    )


def test_per_call_timeout(client: Client) -> None:
    # A call the server cannot answer within the deadline: 90 KB of text holding 6,000 dates to
    # find, with one millisecond. (A cheap call is no test: get_event with timeout=1e-6 once came
    # back OK, the server's answer arriving before the client's deadline took effect.)
    text = "12 March 2024, " * 6000
    with pytest.raises(DeadlineExceeded):
        client.parse_dates(text, timeout=0.001)
