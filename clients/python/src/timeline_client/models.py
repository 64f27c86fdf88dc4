"""Plain Python values for what the Timeline service returns: events, histograms, changes,
ingest results, dates found in text, and the enums they share. Actors, places and sources are in
registry.py (still importable from here, for code written before they moved).

They are frozen dataclasses with aware datetimes, enums and tuples, built from the protobuf
messages (``from_pb``) and, for what can be written, turned back into them (``to_pb``). An unset
optional value is ``None``, not a zero value: an event without fatality figures has
``fatalities is None``, and a span known only to end before a date has ``start is None``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from . import _pb
from ._time import from_timestamp, require_aware, to_timestamp, zone

_E = TypeVar("_E", bound="ProtoEnum")


class ProtoEnum(enum.Enum):
    """An enum whose values are the numbers of a protobuf enum.

    A number this client does not know (a newer server) reads as the UNSPECIFIED member.
    ``parse`` accepts a member or its name in any case, with or without the proto prefix.
    """

    @property
    def number(self) -> Any:
        """The protobuf enum number, for building messages (typed loosely, as protobuf's
        generated stubs want their own enum types)."""
        return self.value

    @classmethod
    def _missing_(cls, value: object) -> Any:
        return cls(0) if isinstance(value, int) and value != 0 else None

    @classmethod
    def parse(cls: type[_E], value: _E | str) -> _E:
        """Returns the member for a member or a name ("month", "MONTH", "PRECISION_MONTH")."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            name = value.strip().upper().replace("-", "_").replace(" ", "_")
            for member in cls:
                if name == member.name:
                    return member
            for member in cls:  # with the proto prefix: "PRECISION_MONTH"
                if name.endswith("_" + member.name):
                    return member
        choices = ", ".join(m.name.lower() for m in cls if m.value != 0)
        raise ValueError(f"{cls.__name__}: {value!r} is not one of: {choices}")


class Precision(ProtoEnum):
    """How finely a time was stated (timeline.v1.Precision)."""

    UNSPECIFIED = 0
    INSTANT = 1
    MINUTE = 2
    HOUR = 3
    DAY = 4
    WEEK = 5
    MONTH = 6
    YEAR = 7
    UNKNOWN = 8


class ActorRole(ProtoEnum):
    """What an actor did in an event (timeline.v1.ActorRole)."""

    UNSPECIFIED = 0
    INITIATOR = 1
    TARGET = 2
    HOST = 3
    VISITOR = 4
    SPEAKER = 5
    ASSOCIATED = 6
    VICTIM = 7
    SUPPLIER = 8
    RECIPIENT = 9
    MENTIONED = 10


class PlaceRole(ProtoEnum):
    """What part a place played in an event (timeline.v1.PlaceRole)."""

    UNSPECIFIED = 0
    LOCATION = 1
    TARGET_SITE = 2
    ORIGIN = 3
    DESTINATION = 4


class ActorKind(ProtoEnum):
    """What kind of actor this is (timeline.v1.ActorKind)."""

    UNSPECIFIED = 0
    PERSON = 1
    STATE = 2
    GOVERNMENT = 3
    MILITARY = 4
    ARMED_GROUP = 5
    ORGANIZATION = 6
    DELEGATION = 7
    MEDIA = 8


class PlaceKind(ProtoEnum):
    """What kind of place this is (timeline.v1.PlaceKind)."""

    UNSPECIFIED = 0
    COUNTRY = 1
    ADMIN_REGION = 2
    ADMIN_DISTRICT = 3
    SETTLEMENT = 4
    AREA = 5
    SITE = 6


class LocationPrecision(ProtoEnum):
    """How precisely a place's coordinates locate it (timeline.v1.LocationPrecision)."""

    UNSPECIFIED = 0
    EXACT = 1
    SETTLEMENT_CENTROID = 2
    REGION_CENTROID = 3
    COUNTRY_CENTROID = 4


class Match(ProtoEnum):
    """How an event's time must relate to a queried range (TimeRange.Match)."""

    UNSPECIFIED = 0
    #: The event may have happened inside the range (its interval intersects it). The default.
    OVERLAPS = 1
    #: The event certainly happened inside the range (its interval lies inside it).
    WITHIN = 2


class Interval(ProtoEnum):
    """The width of a histogram bucket (CountEventsRequest.Interval)."""

    UNSPECIFIED = 0
    DAY = 1
    WEEK = 2
    MONTH = 3
    YEAR = 4


class GroupBy(ProtoEnum):
    """What to split histogram buckets by (CountEventsRequest.GroupBy)."""

    UNSPECIFIED = 0
    EVENT_TYPE = 1
    ACTOR = 2
    PLACE = 3


class ImpreciseEvents(ProtoEnum):
    """How to count events coarser than a bucket (CountEventsRequest.ImpreciseEvents)."""

    UNSPECIFIED = 0
    COUNT_AT_START = 1
    OMIT = 2


class ChangeKind(ProtoEnum):
    """What happened to an event, in a watch stream (WatchEventsResponse.Kind)."""

    UNSPECIFIED = 0
    CREATED = 1
    UPDATED = 2
    DELETED = 3
    MERGED = 4


class IngestOutcome(ProtoEnum):
    """What happened to an ingested record (IngestResult.Outcome)."""

    UNSPECIFIED = 0
    CREATED = 1
    UPDATED = 2
    UNCHANGED = 3
    REJECTED = 4


# --- time -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeSpan:
    """When an event happened: the interval ``[start, end)``, how precisely it was stated, the
    zone it was stated in and the original words.

    ``start`` or ``end`` is None when unknown: only ``end`` means "before end" (an undated event
    in a dated article); neither means unresolved. ``str(span)`` describes it for people
    ("September 2024", "before 12 October 2024, 11:16 GMT").
    """

    start: datetime | None = None
    end: datetime | None = None
    precision: Precision = Precision.UNKNOWN
    time_zone: str = "UTC"
    text: str = ""

    def __post_init__(self) -> None:
        if self.start is not None:
            require_aware(self.start, "TimeSpan.start")
        if self.end is not None:
            require_aware(self.end, "TimeSpan.end")

    @property
    def is_dated(self) -> bool:
        """Both bounds are known: the event can be placed on a time axis."""
        return self.start is not None and self.end is not None

    @property
    def is_unresolved(self) -> bool:
        """Neither bound is known: the source's words do not determine the time."""
        return self.start is None and self.end is None

    def describe(self) -> str:
        """A short description for people, in the span's own time zone."""
        tz = zone(self.time_zone)
        if self.is_unresolved:
            return "unresolved"
        if self.start is None:
            return "before " + _format_instant(self.end, tz)  # type: ignore[arg-type]
        if self.end is None:
            return "after " + _format_instant(self.start, tz)
        start, end = self.start.astimezone(tz), self.end.astimezone(tz)
        last_day = (end - timedelta(microseconds=1)).date()
        if self.precision is Precision.YEAR and start.year == last_day.year:
            return f"{start.year}"
        if self.precision is Precision.MONTH and (start.year, start.month) == (
            last_day.year,
            last_day.month,
        ):
            return start.strftime("%B %Y")
        if self.precision is Precision.WEEK:
            year, week, _ = start.isocalendar()
            return f"week {week} of {year} ({_day(start)} – {_day(last_day)})"
        if self.precision is Precision.DAY and start.date() == last_day:
            return _day(start)
        if self.precision in (Precision.HOUR, Precision.MINUTE, Precision.INSTANT):
            return _format_instant(self.start, tz)
        return f"between {_format_instant(self.start, tz)} and {_format_instant(self.end, tz)}"

    def __str__(self) -> str:
        return self.describe()

    @classmethod
    def from_pb(cls, message: Any) -> TimeSpan:
        """Builds a TimeSpan from a timeline.v1.TimeSpan."""
        return cls(
            start=from_timestamp(message, "start_time"),
            end=from_timestamp(message, "end_time"),
            precision=Precision(message.precision),
            time_zone=message.time_zone or "UTC",
            text=message.text,
        )

    def to_pb(self) -> Any:
        """Returns the timeline.v1.TimeSpan."""
        message = _pb.time_pb2.TimeSpan(
            precision=self.precision.number, time_zone=self.time_zone, text=self.text
        )
        if self.start is not None:
            message.start_time.CopyFrom(to_timestamp(self.start, "TimeSpan.start"))
        if self.end is not None:
            message.end_time.CopyFrom(to_timestamp(self.end, "TimeSpan.end"))
        return message


@dataclass(frozen=True)
class FoundDate:
    """A date expression found in running text by ``Client.parse_dates``.

    ``text[start_offset:end_offset]`` of the text searched is ``text``: the offsets count code
    points, which is what a Python ``str`` indexes. ``time`` is what the words mean, unresolved
    (``time.is_unresolved``) when they do not determine a time; ``warnings`` then say why, or
    otherwise what was assumed.
    """

    start_offset: int
    end_offset: int
    text: str
    time: TimeSpan
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "warnings", tuple(self.warnings))

    @classmethod
    def from_pb(cls, message: Any) -> FoundDate:
        """Builds a FoundDate from a timeline.v1.FoundDate."""
        return cls(
            start_offset=message.start_offset,
            end_offset=message.end_offset,
            text=message.text,
            time=TimeSpan.from_pb(message.time),
            warnings=tuple(message.warnings),
        )


def _day(value: Any) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def _format_instant(value: datetime, tz: Any) -> str:
    local = value.astimezone(tz)
    return f"{_day(local)}, {local.strftime('%H:%M')} {local.tzname() or ''}".rstrip()


@dataclass(frozen=True)
class Count:
    """A figure sources often give only as a range ("more than 70" is ``low=71``).
    Unset bounds are None."""

    low: int | None = None
    best: int | None = None
    high: int | None = None

    def __str__(self) -> str:
        span = ""
        if self.low is not None and self.high is not None:
            span = f"{self.low}–{self.high}"
        elif self.low is not None:
            span = f"at least {self.low}"
        elif self.high is not None:
            span = f"at most {self.high}"
        if self.best is not None:
            return f"{self.best} ({span})" if span else str(self.best)
        return span or "unknown"

    @classmethod
    def from_pb(cls, message: Any) -> Count:
        """Builds a Count from a timeline.v1.Count."""
        return cls(
            low=message.low if message.HasField("low") else None,
            best=message.best if message.HasField("best") else None,
            high=message.high if message.HasField("high") else None,
        )

    def to_pb(self) -> Any:
        """Returns the timeline.v1.Count."""
        message = _pb.event_pb2.Count()
        for name in ("low", "best", "high"):
            value = getattr(self, name)
            if value is not None:
                setattr(message, name, value)
        return message


# --- geography ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LatLng:
    """A point: degrees north and east (WGS84)."""

    latitude: float
    longitude: float

    @classmethod
    def from_pb(cls, message: Any) -> LatLng:
        """Builds a LatLng from a timeline.v1.LatLng."""
        return cls(message.latitude, message.longitude)

    def to_pb(self) -> Any:
        """Returns the timeline.v1.LatLng."""
        return _pb.place_pb2.LatLng(latitude=self.latitude, longitude=self.longitude)


@dataclass(frozen=True)
class Near:
    """A circle to select by: a centre and a radius in metres (geodesic)."""

    latitude: float
    longitude: float
    radius_meters: float

    def to_pb(self) -> Any:
        """Returns the timeline.v1.Near."""
        return _pb.place_pb2.Near(
            latitude=self.latitude, longitude=self.longitude, radius_meters=self.radius_meters
        )


@dataclass(frozen=True)
class BoundingBox:
    """A box of latitudes and longitudes, edges included. ``high.longitude`` below
    ``low.longitude`` crosses the antimeridian."""

    low: LatLng
    high: LatLng

    def to_pb(self) -> Any:
        """Returns the timeline.v1.BoundingBox."""
        return _pb.place_pb2.BoundingBox(low=self.low.to_pb(), high=self.high.to_pb())


# --- events ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventActor:
    """An actor's part in an event."""

    actor: str
    role: ActorRole
    display_name: str = ""

    @classmethod
    def from_pb(cls, message: Any) -> EventActor:
        """Builds an EventActor from a timeline.v1.EventActor."""
        return cls(message.actor, ActorRole(message.role), message.display_name)

    def to_pb(self) -> Any:
        """Returns the timeline.v1.EventActor."""
        return _pb.event_pb2.EventActor(
            actor=self.actor, role=self.role.number, display_name=self.display_name
        )


@dataclass(frozen=True)
class EventPlace:
    """A place's part in an event."""

    place: str
    role: PlaceRole
    display_name: str = ""

    @classmethod
    def from_pb(cls, message: Any) -> EventPlace:
        """Builds an EventPlace from a timeline.v1.EventPlace."""
        return cls(message.place, PlaceRole(message.role), message.display_name)

    def to_pb(self) -> Any:
        """Returns the timeline.v1.EventPlace."""
        return _pb.event_pb2.EventPlace(
            place=self.place, role=self.role.number, display_name=self.display_name
        )


@dataclass(frozen=True)
class EventSource:
    """What one source says about an event: its exact words and the fields they support."""

    source: str
    quote: str
    claims: tuple[str, ...] = ()
    url: str = ""
    publisher: str = ""
    published_time: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "claims", tuple(self.claims))

    @classmethod
    def from_pb(cls, message: Any) -> EventSource:
        """Builds an EventSource from a timeline.v1.EventSource."""
        return cls(
            source=message.source,
            quote=message.quote,
            claims=tuple(message.claims),
            url=message.url,
            publisher=message.publisher,
            published_time=from_timestamp(message, "published_time"),
        )

    def to_pb(self) -> Any:
        """Returns the timeline.v1.EventSource."""
        message = _pb.event_pb2.EventSource(
            source=self.source,
            quote=self.quote,
            claims=list(self.claims),
            url=self.url,
            publisher=self.publisher,
        )
        if self.published_time is not None:
            message.published_time.CopyFrom(
                to_timestamp(self.published_time, "EventSource.published_time")
            )
        return message


@dataclass(frozen=True)
class ExternalId:
    """An identifier of an event in another system (ACLED, UCDP, a job's key)."""

    system: str
    id: str


@dataclass(frozen=True)
class Event:
    """A dated event: an attack, a visit, a press conference, a strike.

    Build one to create it (``name``, the times and ``etag`` are filled in by the server), or
    read them from ``Client.events()``. Lists given for the repeated fields are kept as tuples.
    """

    title: str
    event_type: str
    time: TimeSpan
    name: str = ""
    summary: str = ""
    actors: tuple[EventActor, ...] = ()
    places: tuple[EventPlace, ...] = ()
    fatalities: Count | None = None
    injured: Count | None = None
    sources: tuple[EventSource, ...] = ()
    external_ids: tuple[ExternalId, ...] = ()
    create_time: datetime | None = None
    update_time: datetime | None = None
    delete_time: datetime | None = None
    etag: str = ""
    merged_into: str = ""

    def __post_init__(self) -> None:
        for name in ("actors", "places", "sources", "external_ids"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def id(self) -> str:
        """The id part of the resource name ("bamako-attacks-2024-09")."""
        return self.name.partition("/")[2]

    @property
    def is_deleted(self) -> bool:
        """The event is a tombstone (deleted, or merged into another)."""
        return self.delete_time is not None

    @classmethod
    def from_pb(cls, message: Any) -> Event:
        """Builds an Event from a timeline.v1.Event."""
        return cls(
            name=message.name,
            title=message.title,
            summary=message.summary,
            event_type=message.event_type,
            time=TimeSpan.from_pb(message.time),
            actors=tuple(EventActor.from_pb(a) for a in message.actors),
            places=tuple(EventPlace.from_pb(p) for p in message.places),
            fatalities=Count.from_pb(message.fatalities)
            if message.HasField("fatalities")
            else None,
            injured=Count.from_pb(message.injured) if message.HasField("injured") else None,
            sources=tuple(EventSource.from_pb(s) for s in message.sources),
            external_ids=tuple(ExternalId(e.system, e.id) for e in message.external_ids),
            create_time=from_timestamp(message, "create_time"),
            update_time=from_timestamp(message, "update_time"),
            delete_time=from_timestamp(message, "delete_time"),
            etag=message.etag,
            merged_into=message.merged_into,
        )

    def to_pb(self) -> Any:
        """Returns the timeline.v1.Event, output-only fields included."""
        message = _pb.event_pb2.Event(
            name=self.name,
            title=self.title,
            summary=self.summary,
            event_type=self.event_type,
            time=self.time.to_pb(),
            actors=[a.to_pb() for a in self.actors],
            places=[p.to_pb() for p in self.places],
            sources=[s.to_pb() for s in self.sources],
            external_ids=[
                _pb.event_pb2.ExternalId(system=e.system, id=e.id) for e in self.external_ids
            ],
            etag=self.etag,
            merged_into=self.merged_into,
        )
        if self.fatalities is not None:
            message.fatalities.CopyFrom(self.fatalities.to_pb())
        if self.injured is not None:
            message.injured.CopyFrom(self.injured.to_pb())
        for name in ("create_time", "update_time", "delete_time"):
            value = getattr(self, name)
            if value is not None:
                getattr(message, name).CopyFrom(to_timestamp(value, f"Event.{name}"))
        return message


# --- aggregates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCount:
    """The counts of one group (an event type, actor or place) in a bucket or overall.
    ``group`` is empty for the remainder of the groups beyond the limit."""

    group: str
    display_name: str
    event_count: int
    imprecise_count: int = 0
    fatalities: int = 0

    @classmethod
    def from_pb(cls, message: Any) -> GroupCount:
        """Builds a GroupCount from a timeline.v1.GroupCount."""
        return cls(
            message.group,
            message.display_name,
            message.event_count,
            message.imprecise_count,
            message.fatalities,
        )


@dataclass(frozen=True)
class HistogramBucket:
    """One time bucket ``[start, end)`` of a histogram."""

    start: datetime
    end: datetime
    event_count: int
    #: Of event_count, events whose span is longer than the bucket (counted where they start).
    imprecise_count: int = 0
    fatalities: int = 0
    fatalities_unknown_count: int = 0
    groups: tuple[GroupCount, ...] = ()

    @classmethod
    def from_pb(cls, message: Any) -> HistogramBucket:
        """Builds a HistogramBucket from a timeline.v1.HistogramBucket."""
        return cls(
            start=from_timestamp(message, "start_time"),  # type: ignore[arg-type]
            end=from_timestamp(message, "end_time"),  # type: ignore[arg-type]
            event_count=message.event_count,
            imprecise_count=message.imprecise_count,
            fatalities=message.fatalities,
            fatalities_unknown_count=message.fatalities_unknown_count,
            groups=tuple(GroupCount.from_pb(g) for g in message.groups),
        )


@dataclass(frozen=True)
class Histogram:
    """Counts of events in time buckets (CountEvents)."""

    buckets: tuple[HistogramBucket, ...]
    event_count: int
    imprecise_count: int
    #: Selected events in no bucket because their start is not known.
    undated_count: int
    time_zone: str
    groups: tuple[GroupCount, ...] = ()

    @classmethod
    def from_pb(cls, message: Any) -> Histogram:
        """Builds a Histogram from a timeline.v1.CountEventsResponse."""
        return cls(
            buckets=tuple(HistogramBucket.from_pb(b) for b in message.buckets),
            event_count=message.event_count,
            imprecise_count=message.imprecise_count,
            undated_count=message.undated_count,
            time_zone=message.time_zone,
            groups=tuple(GroupCount.from_pb(g) for g in message.groups),
        )

    def nonempty(self) -> tuple[HistogramBucket, ...]:
        """The buckets that counted at least one event."""
        return tuple(b for b in self.buckets if b.event_count)


@dataclass(frozen=True)
class RolePair:
    """How often two actors met in one pair of roles (HOST / VISITOR)."""

    role: ActorRole
    related_role: ActorRole
    event_count: int


@dataclass(frozen=True)
class RelatedActor:
    """An actor sharing events with the one asked about (ListRelatedActors)."""

    actor: str
    display_name: str
    kind: ActorKind
    event_count: int
    roles: tuple[RolePair, ...]
    first_start: datetime | None = None
    last_start: datetime | None = None
    fatalities: int = 0

    @classmethod
    def from_pb(cls, message: Any) -> RelatedActor:
        """Builds a RelatedActor from a timeline.v1.RelatedActor."""
        return cls(
            actor=message.actor,
            display_name=message.display_name,
            kind=ActorKind(message.kind),
            event_count=message.event_count,
            roles=tuple(
                RolePair(ActorRole(r.role), ActorRole(r.related_role), r.event_count)
                for r in message.roles
            ),
            first_start=from_timestamp(message, "first_start_time"),
            last_start=from_timestamp(message, "last_start_time"),
            fatalities=message.fatalities,
        )


# --- streams and ingestion --------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change to an event, from ``Client.watch()``.

    ``cursor`` continues a watch exactly after this change (``watch(cursor=change.cursor)``);
    ``event`` is the event as it was when the change was sent.
    """

    kind: ChangeKind
    event: Event
    cursor: str
    change_time: datetime | None = None
    #: For MERGED: the event this one was merged into.
    merged_into: str = ""

    @classmethod
    def from_pb(cls, message: Any) -> Change:
        """Builds a Change from a timeline.v1.WatchEventsResponse."""
        return cls(
            kind=ChangeKind(message.kind),
            event=Event.from_pb(message.event),
            cursor=message.cursor,
            change_time=from_timestamp(message, "change_time"),
            merged_into=message.merged_into,
        )


@dataclass(frozen=True)
class IngestNote:
    """A problem or remark about one field of one ingested record."""

    field: str
    code: str
    message: str


@dataclass(frozen=True)
class IngestResult:
    """The outcome of one ingested record."""

    index: int
    outcome: IngestOutcome
    event: str = ""
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    source: str = ""
    time: TimeSpan | None = None
    errors: tuple[IngestNote, ...] = ()
    warnings: tuple[IngestNote, ...] = ()

    @classmethod
    def from_pb(cls, message: Any) -> IngestResult:
        """Builds an IngestResult from a timeline.v1.IngestResult."""

        def notes(items: Iterable[Any]) -> tuple[IngestNote, ...]:
            return tuple(IngestNote(n.field, n.code, n.message) for n in items)

        return cls(
            index=message.index,
            outcome=IngestOutcome(message.outcome),
            event=message.event,
            actors=tuple(message.actors),
            places=tuple(message.places),
            source=message.source,
            time=TimeSpan.from_pb(message.time) if message.HasField("time") else None,
            errors=notes(message.errors),
            warnings=notes(message.warnings),
        )


@dataclass(frozen=True)
class IngestReport:
    """The result of ``Client.ingest_events()``: one result per record, in the order sent."""

    results: tuple[IngestResult, ...] = field(default_factory=tuple)
    created_count: int = 0
    updated_count: int = 0
    unchanged_count: int = 0
    rejected_count: int = 0

    @classmethod
    def from_pb(cls, message: Any) -> IngestReport:
        """Builds an IngestReport from a timeline.v1.IngestEventsResponse."""
        return cls(
            results=tuple(IngestResult.from_pb(r) for r in message.results),
            created_count=message.created_count,
            updated_count=message.updated_count,
            unchanged_count=message.unchanged_count,
            rejected_count=message.rejected_count,
        )


_MOVED_TO_REGISTRY = frozenset({"Actor", "ActorName", "Place", "PlaceName", "Source"})


def __getattr__(name: str) -> Any:
    # The registry models import this module, so they are looked up when asked for, not imported.
    if name in _MOVED_TO_REGISTRY:
        from . import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
