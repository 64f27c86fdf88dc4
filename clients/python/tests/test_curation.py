"""Curating the registry: an actor's etag guards its update, a merge re-links events and a split
restores them, a referenced actor cannot be deleted, watch_actors reports merges with their
reason, a moved place takes its events along, and a source's new url shows in the events
citing it. Every row here is the test's own; its events are at places/dz (no seed event there),
and everything is deleted afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from timeline_client import (
    Aborted,
    Actor,
    ActorRole,
    Client,
    Event,
    EventActor,
    EventPlace,
    EventSource,
    FailedPrecondition,
    Place,
    PlaceRole,
    Precision,
    RegistryChangeKind,
    Source,
    TimelineError,
    TimeSpan,
)
from timeline_client._pb import actor_pb2, place_pb2, source_pb2


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class Fixture:
    """Creates the test's actors, places, sources and events, and deletes them at the end: the
    events first, then the rest newest first, so that listings see the seed's rows only."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.events: list[str] = []
        self.registry: list[str] = []

    def actor(self, display_name: str) -> Actor:
        request = actor_pb2.CreateActorRequest(
            actor_id=unique("py-actor"),
            actor=actor_pb2.Actor(
                display_name=display_name, kind=actor_pb2.ARMED_GROUP, country_code="DZ"
            ),
        )
        actor = Actor.from_pb(self.client.stubs.actors.CreateActor(request))
        self.registry.append(actor.name)
        return actor

    def place(self, display_name: str) -> Place:
        request = place_pb2.CreatePlaceRequest(
            place_id=unique("py-place"),
            place=place_pb2.Place(
                display_name=display_name,
                kind=place_pb2.ADMIN_REGION,
                parent="places/dz",
                country_code="DZ",
                time_zone="Africa/Algiers",
            ),
        )
        place = Place.from_pb(self.client.stubs.places.CreatePlace(request))
        self.registry.append(place.name)
        return place

    def source(self, url: str) -> Source:
        request = source_pb2.CreateSourceRequest(
            source_id=unique("py-source"),
            source=source_pb2.Source(url=url, publisher="Example", language="en"),
        )
        source = Source.from_pb(self.client.stubs.sources.CreateSource(request))
        self.registry.append(source.name)
        return source

    def event(
        self,
        title: str,
        *,
        actors: Sequence[str] = (),
        place: str = "places/dz",
        sources: Sequence[str] = (),
    ) -> Event:
        event = Event(
            title=title,
            event_type="attack",
            time=TimeSpan(
                start=datetime(2023, 5, 17, tzinfo=timezone.utc), precision=Precision.DAY
            ),
            actors=[EventActor(a, ActorRole.INITIATOR) for a in actors],
            places=[EventPlace(place, PlaceRole.LOCATION)],
            sources=[EventSource(source=s, quote="As the article says.") for s in sources],
        )
        made = self.client.create_event(event, event_id=unique("py-curation"))
        self.events.append(made.name)
        return made

    def cleanup(self) -> None:
        deletes = {
            "actors": self.client.delete_actor,
            "places": self.client.delete_place,
            "sources": self.client.delete_source,
        }
        for name in self.events:
            try:
                self.client.delete_event(name)
            except TimelineError:
                pass
        for name in reversed(self.registry):
            try:
                deletes[name.partition("/")[0]](name)
            except TimelineError:  # a test failed half-way, leaving it merged, say
                pass


@pytest.fixture
def make(client: Client) -> Iterator[Fixture]:
    fixture = Fixture(client)
    yield fixture
    fixture.cleanup()


def actors_of(client: Client, event: str) -> list[tuple[str, str]]:
    return sorted((a.role.name, a.actor) for a in client.get_event(event).actors)


def test_update_actor_checks_the_etag(client: Client, make: Fixture) -> None:
    actor = make.actor("Etag Brigade")
    updated = client.update_actor(
        replace(actor, description="first"), ["description"], reason="a description"
    )
    assert updated.description == "first"
    assert updated.etag != actor.etag
    assert updated.update_time is not None

    with pytest.raises(Aborted):
        client.update_actor(replace(actor, description="second"), ["description"])


def test_merge_relinks_events_and_split_restores_them(client: Client, make: Fixture) -> None:
    since = datetime.now(timezone.utc)
    duplicate = make.actor("AQIM")
    survivor = make.actor("Al Qaeda in the Islamic Maghreb")
    both = make.event("Both named", actors=[duplicate.name, survivor.name])
    one = make.event("The duplicate named", actors=[duplicate.name])

    reason = "the same group under its acronym"
    merged = client.merge_actors(duplicate.name, survivor.name, etag=duplicate.etag, reason=reason)
    assert merged.name == survivor.name
    assert actors_of(client, both.name) == [("INITIATOR", survivor.name)]
    assert actors_of(client, one.name) == [("INITIATOR", survivor.name)]
    tombstone = client.get_actor(duplicate.name)
    assert tombstone.is_deleted
    assert tombstone.merged_into == survivor.name

    seen = []
    with client.watch_actors([duplicate.name, survivor.name], start_time=since) as changes:
        for change in changes:
            seen.append((change.kind, change.actor.name))
            if change.kind is RegistryChangeKind.MERGED:
                assert change.reason == reason
                assert change.merged_into == survivor.name
                break
    assert (RegistryChangeKind.CREATED, duplicate.name) in seen
    assert (RegistryChangeKind.CREATED, survivor.name) in seen
    assert seen[-1] == (RegistryChangeKind.MERGED, duplicate.name)

    restored = client.split_actor(duplicate.name, reason="not the same after all")
    assert not restored.is_deleted
    assert restored.merged_into == ""
    assert actors_of(client, both.name) == sorted(
        [("INITIATOR", duplicate.name), ("INITIATOR", survivor.name)]
    )
    assert actors_of(client, one.name) == [("INITIATOR", duplicate.name)]


def test_deleting_a_referenced_actor_fails_its_precondition(
    client: Client, make: Fixture
) -> None:
    actor = make.actor("Referenced Front")
    event = make.event("Names the front", actors=[actor.name])
    with pytest.raises(FailedPrecondition) as caught:
        client.delete_actor(actor.name)
    assert event.name in str(caught.value)


def test_update_place_moves_its_events_under_the_new_parent(
    client: Client, make: Fixture
) -> None:
    region = make.place("New Region")
    town = make.place("Moving Town")
    event = make.event("In the town", place=town.name)
    assert [e.name for e in client.events(places=[region.name])] == []

    moved = client.update_place(
        replace(town, parent=region.name), ["parent"], reason="the town lies in the new region"
    )
    assert moved.parent == region.name
    assert "places/dz" in moved.ancestors
    assert [e.name for e in client.events(places=[region.name])] == [event.name]


def test_update_source_shows_in_the_events_citing_it(client: Client, make: Fixture) -> None:
    source = make.source("https://example.org/first")
    event = make.event("Cited", sources=[source.name])
    moved = "https://example.org/moved"
    updated = client.update_source(replace(source, url=moved), ["url"], reason="the article moved")
    assert updated.url == moved
    assert [s.url for s in client.get_event(event.name).sources] == [moved]
