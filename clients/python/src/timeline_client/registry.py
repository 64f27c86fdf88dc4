"""Plain Python values for the registry the events refer to: actors, places and sources, and
the changes to actors and places that ``Client.watch_actors()`` / ``watch_places()`` stream.

Like the event models (models.py) they are frozen dataclasses built from the protobuf messages
with ``from_pb`` and turned back into them with ``to_pb`` for the curation calls (curation.py).
A tombstone (deleted, or merged into another) has ``delete_time`` set; a merged one also
``merged_into``. ``etag`` guards an update, delete or merge against a change made in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import _pb
from ._time import from_timestamp, to_timestamp
from .models import ActorKind, LatLng, LocationPrecision, PlaceKind, ProtoEnum

__all__ = [
    "Actor",
    "ActorChange",
    "ActorName",
    "Place",
    "PlaceChange",
    "PlaceName",
    "RegistryChangeKind",
    "RoleTerm",
    "Source",
]

_TIMES = ("create_time", "update_time", "delete_time")


def _set_times(message: Any, value: Any, what: str) -> None:
    for name in _TIMES:
        when = getattr(value, name)
        if when is not None:
            getattr(message, name).CopyFrom(to_timestamp(when, f"{what}.{name}"))


@dataclass(frozen=True)
class ActorName:
    """One name of an actor as some source or language writes it. ``script`` (ISO 15924, such
    as "Arab" or "Latn") is found by the server from the name's letters."""

    name: str
    language: str = ""
    script: str = ""


@dataclass(frozen=True)
class RoleTerm:
    """A role an actor held for a time: "transitional president" of the government, from 2021.
    Dates are ISO 8601 calendar dates with the precision known ("2021", "2021-05-24")."""

    role: str
    organization: str = ""
    start_date: str = ""
    end_date: str = ""


@dataclass(frozen=True)
class Actor:
    """A person, state, government, armed force or group, organization, delegation or outlet."""

    name: str
    display_name: str
    kind: ActorKind
    country_code: str = ""
    wikidata_id: str = ""
    description: str = ""
    names: tuple[ActorName, ...] = ()
    roles: tuple[RoleTerm, ...] = ()
    create_time: datetime | None = None
    update_time: datetime | None = None
    delete_time: datetime | None = None
    #: Set when the actor was merged into another: that actor's resource name.
    merged_into: str = ""
    etag: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(self.names))
        object.__setattr__(self, "roles", tuple(self.roles))

    @property
    def is_deleted(self) -> bool:
        """The actor is a tombstone (deleted, or merged into another)."""
        return self.delete_time is not None

    @classmethod
    def from_pb(cls, message: Any) -> Actor:
        """Builds an Actor from a timeline.v1.Actor."""
        return cls(
            name=message.name,
            display_name=message.display_name,
            kind=ActorKind(message.kind),
            country_code=message.country_code,
            wikidata_id=message.wikidata_id,
            description=message.description,
            names=tuple(ActorName(n.name, n.language, n.script) for n in message.names),
            roles=tuple(
                RoleTerm(r.role, r.organization, r.start_date, r.end_date) for r in message.roles
            ),
            create_time=from_timestamp(message, "create_time"),
            update_time=from_timestamp(message, "update_time"),
            delete_time=from_timestamp(message, "delete_time"),
            merged_into=message.merged_into,
            etag=message.etag,
        )

    def to_pb(self) -> Any:
        """Returns the timeline.v1.Actor, output-only fields included."""
        message = _pb.actor_pb2.Actor(
            name=self.name,
            display_name=self.display_name,
            kind=self.kind.number,
            country_code=self.country_code,
            wikidata_id=self.wikidata_id,
            description=self.description,
            names=[
                _pb.actor_pb2.ActorName(name=n.name, language=n.language, script=n.script)
                for n in self.names
            ],
            roles=[
                _pb.actor_pb2.RoleTerm(
                    role=r.role,
                    organization=r.organization,
                    start_date=r.start_date,
                    end_date=r.end_date,
                )
                for r in self.roles
            ],
            merged_into=self.merged_into,
            etag=self.etag,
        )
        _set_times(message, self, "Actor")
        return message


@dataclass(frozen=True)
class PlaceName:
    """One name of a place as some source or language writes it (``script`` as ActorName's)."""

    name: str
    language: str = ""
    script: str = ""


@dataclass(frozen=True)
class Place:
    """A country, region, district, settlement, area or site, in one hierarchy."""

    name: str
    display_name: str
    kind: PlaceKind
    parent: str = ""
    country_code: str = ""
    geonames_id: int = 0
    location: LatLng | None = None
    location_precision: LocationPrecision = LocationPrecision.UNSPECIFIED
    time_zone: str = ""
    names: tuple[PlaceName, ...] = ()
    #: The places this one lies in, nearest first.
    ancestors: tuple[str, ...] = ()
    create_time: datetime | None = None
    update_time: datetime | None = None
    delete_time: datetime | None = None
    #: Set when the place was merged into another: that place's resource name.
    merged_into: str = ""
    etag: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(self.names))
        object.__setattr__(self, "ancestors", tuple(self.ancestors))

    @property
    def is_deleted(self) -> bool:
        """The place is a tombstone (deleted, or merged into another)."""
        return self.delete_time is not None

    @classmethod
    def from_pb(cls, message: Any) -> Place:
        """Builds a Place from a timeline.v1.Place."""
        return cls(
            name=message.name,
            display_name=message.display_name,
            kind=PlaceKind(message.kind),
            parent=message.parent,
            country_code=message.country_code,
            geonames_id=message.geonames_id,
            location=LatLng.from_pb(message.location) if message.HasField("location") else None,
            location_precision=LocationPrecision(message.location_precision),
            time_zone=message.time_zone,
            names=tuple(PlaceName(n.name, n.language, n.script) for n in message.names),
            ancestors=tuple(message.ancestors),
            create_time=from_timestamp(message, "create_time"),
            update_time=from_timestamp(message, "update_time"),
            delete_time=from_timestamp(message, "delete_time"),
            merged_into=message.merged_into,
            etag=message.etag,
        )

    def to_pb(self) -> Any:
        """Returns the timeline.v1.Place, output-only fields included."""
        message = _pb.place_pb2.Place(
            name=self.name,
            display_name=self.display_name,
            kind=self.kind.number,
            parent=self.parent,
            country_code=self.country_code,
            geonames_id=self.geonames_id,
            location_precision=self.location_precision.number,
            time_zone=self.time_zone,
            names=[
                _pb.place_pb2.PlaceName(name=n.name, language=n.language, script=n.script)
                for n in self.names
            ],
            ancestors=list(self.ancestors),
            merged_into=self.merged_into,
            etag=self.etag,
        )
        if self.location is not None:
            message.location.CopyFrom(self.location.to_pb())
        _set_times(message, self, "Place")
        return message


@dataclass(frozen=True)
class Source:
    """An article, report or dataset row that events are taken from."""

    name: str
    publisher: str = ""
    url: str = ""
    language: str = ""
    published_time: datetime | None = None
    title: str = ""
    create_time: datetime | None = None
    update_time: datetime | None = None
    delete_time: datetime | None = None
    etag: str = ""

    @property
    def is_deleted(self) -> bool:
        """The source is a tombstone."""
        return self.delete_time is not None

    @classmethod
    def from_pb(cls, message: Any) -> Source:
        """Builds a Source from a timeline.v1.Source."""
        return cls(
            name=message.name,
            publisher=message.publisher,
            url=message.url,
            language=message.language,
            published_time=from_timestamp(message, "published_time"),
            title=message.title,
            create_time=from_timestamp(message, "create_time"),
            update_time=from_timestamp(message, "update_time"),
            delete_time=from_timestamp(message, "delete_time"),
            etag=message.etag,
        )

    def to_pb(self) -> Any:
        """Returns the timeline.v1.Source, output-only fields included."""
        message = _pb.source_pb2.Source(
            name=self.name,
            publisher=self.publisher,
            url=self.url,
            language=self.language,
            title=self.title,
            etag=self.etag,
        )
        if self.published_time is not None:
            message.published_time.CopyFrom(
                to_timestamp(self.published_time, "Source.published_time")
            )
        _set_times(message, self, "Source")
        return message


# --- changes --------------------------------------------------------------------------------


class RegistryChangeKind(ProtoEnum):
    """What happened to an actor or place, in a watch stream (WatchActorsResponse.Kind)."""

    UNSPECIFIED = 0
    CREATED = 1
    UPDATED = 2
    DELETED = 3
    MERGED = 4
    SPLIT = 5


@dataclass(frozen=True)
class ActorChange:
    """One change to an actor, from ``Client.watch_actors()``. ``actor`` is the actor as it was
    when the change was sent; ``cursor`` continues a watch exactly after this change."""

    kind: RegistryChangeKind
    actor: Actor
    cursor: str
    change_time: datetime | None = None
    #: For MERGED: the actor this one was merged into.
    merged_into: str = ""
    principal: str = ""
    request_id: str = ""
    #: Why, as the request that made the change said.
    reason: str = ""

    @classmethod
    def from_pb(cls, message: Any) -> ActorChange:
        """Builds an ActorChange from a timeline.v1.WatchActorsResponse."""
        return cls(
            kind=RegistryChangeKind(message.kind),
            actor=Actor.from_pb(message.actor),
            cursor=message.cursor,
            change_time=from_timestamp(message, "change_time"),
            merged_into=message.merged_into,
            principal=message.principal,
            request_id=message.request_id,
            reason=message.reason,
        )


@dataclass(frozen=True)
class PlaceChange:
    """One change to a place, from ``Client.watch_places()``; as ActorChange."""

    kind: RegistryChangeKind
    place: Place
    cursor: str
    change_time: datetime | None = None
    #: For MERGED: the place this one was merged into.
    merged_into: str = ""
    principal: str = ""
    request_id: str = ""
    #: Why, as the request that made the change said.
    reason: str = ""

    @classmethod
    def from_pb(cls, message: Any) -> PlaceChange:
        """Builds a PlaceChange from a timeline.v1.WatchPlacesResponse."""
        return cls(
            kind=RegistryChangeKind(message.kind),
            place=Place.from_pb(message.place),
            cursor=message.cursor,
            change_time=from_timestamp(message, "change_time"),
            merged_into=message.merged_into,
            principal=message.principal,
            request_id=message.request_id,
            reason=message.reason,
        )
