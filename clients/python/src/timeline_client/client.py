"""The Timeline client: one object for every call of the service, in Python terms.

Listings are iterators that follow page tokens; times are aware datetimes; failures raise the
TimelineError subclass of their status code; the export and the change feed resume by
themselves after a broken connection (see streams.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import grpc
from google.protobuf import field_mask_pb2, json_format

from . import _pb
from ._consistency import ConsistencyTokens
from ._time import to_timestamp
from ._timeout import DEFAULT_TIMEOUT, Timeout, _Default
from .curation import RegistryCuration
from .errors import error_from_rpc
from .models import (
    BoundingBox,
    Event,
    FoundDate,
    GroupBy,
    Histogram,
    ImpreciseEvents,
    IngestReport,
    Interval,
    Match,
    Near,
    PlaceKind,
    RelatedActor,
)
from .registry import Actor, Place, Source
from .streams import Backoff, ChangeStream, EventExport

__all__ = ["DEFAULT_TARGET", "DEFAULT_TIMEOUT", "Client", "Stubs"]

#: Where ``scripts/run`` serves.
DEFAULT_TARGET = "127.0.0.1:50051"

_T = TypeVar("_T")

# Reconnect quickly after a server restart: gRPC's own default waits up to two minutes.
_DEFAULT_CHANNEL_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.min_reconnect_backoff_ms", 200),
    ("grpc.max_reconnect_backoff_ms", 5000),
)


# An export gives up after a minute without the server; a watch keeps trying.
_EXPORT_BACKOFF = Backoff(give_up_after=60.0)
_WATCH_BACKOFF = Backoff()


Names = Iterable[str | Actor | Place] | str


@dataclass(frozen=True)
class Stubs:
    """The generated gRPC stubs, for calls this client does not wrap."""

    events: Any
    actors: Any
    places: Any
    sources: Any
    ingest: Any
    dates: Any


class Client(RegistryCuration):
    """A connection to a Timeline server.

    >>> with Client("127.0.0.1:50051") as client:
    ...     for event in client.events(places=["places/ml-bamako"]):
    ...         print(event.name, event.time)

    Args:
        target: ``host:port`` of the server.
        credentials: TLS channel credentials (``grpc.ssl_channel_credentials()``); without them
            the connection is plaintext.
        token: A bearer token, sent as ``authorization: Bearer <token>`` on every call.
        metadata: Other metadata (header) pairs to send on every call.
        timeout: Default deadline of each unary call, in seconds (None: no deadline). Every
            method takes ``timeout=`` to override it; streams have none unless given.
        options: gRPC channel options, added to (and overriding) the client's own.
    """

    def __init__(
        self,
        target: str = DEFAULT_TARGET,
        *,
        credentials: grpc.ChannelCredentials | None = None,
        token: str | None = None,
        metadata: Iterable[tuple[str, str]] = (),
        timeout: float | None = 30.0,
        options: Sequence[tuple[str, Any]] = (),
    ) -> None:
        merged = dict(_DEFAULT_CHANNEL_OPTIONS)
        merged.update(dict(options))
        if credentials is not None:
            channel = grpc.secure_channel(target, credentials, options=list(merged.items()))
        else:
            channel = grpc.insecure_channel(target, options=list(merged.items()))
        self._setup(channel, token=token, metadata=metadata, timeout=timeout)
        self.target = target

    @classmethod
    def from_channel(
        cls,
        channel: grpc.Channel,
        *,
        token: str | None = None,
        metadata: Iterable[tuple[str, str]] = (),
        timeout: float | None = 30.0,
    ) -> Client:
        """Wraps a channel made elsewhere (with interceptors, say). close() closes it."""
        client = cls.__new__(cls)
        client._setup(channel, token=token, metadata=metadata, timeout=timeout)
        client.target = ""
        return client

    def _setup(
        self,
        channel: grpc.Channel,
        *,
        token: str | None,
        metadata: Iterable[tuple[str, str]],
        timeout: float | None,
    ) -> None:
        self._channel = channel
        self._metadata = tuple(metadata) + (
            (("authorization", f"Bearer {token}"),) if token else ()
        )
        self._timeout = timeout
        self._consistency = ConsistencyTokens()
        self.stubs = Stubs(
            events=_pb.event_pb2_grpc.EventServiceStub(channel),
            actors=_pb.actor_pb2_grpc.ActorServiceStub(channel),
            places=_pb.place_pb2_grpc.PlaceServiceStub(channel),
            sources=_pb.source_pb2_grpc.SourceServiceStub(channel),
            ingest=_pb.ingest_pb2_grpc.IngestServiceStub(channel),
            dates=_pb.date_pb2_grpc.DateServiceStub(channel),
        )

    def close(self) -> None:
        """Closes the connection; streams still open on it end."""
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client({self.target!r})"

    # --- events ---------------------------------------------------------------------------

    def get_event(self, name: str, *, timeout: Timeout = DEFAULT_TIMEOUT) -> Event:
        """Returns one event by resource name ("events/bamako-attacks-2024-09"), including a
        deleted one (with ``delete_time`` set). Raises NotFound if there is none."""
        request = _pb.event_pb2.GetEventRequest(name=name)
        return Event.from_pb(self._unary(self.stubs.events.GetEvent, request, timeout))

    def events(
        self,
        *,
        actors: Names = (),
        places: Names = (),
        start: datetime | None = None,
        end: datetime | None = None,
        match: Match | str | None = None,
        event_types: Iterable[str] | str = (),
        filter: str = "",
        near: Near | None = None,
        bounding_box: BoundingBox | None = None,
        include_imprecise_locations: bool = False,
        order_by: str = "",
        show_deleted: bool = False,
        page_size: int = 0,
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Iterator[Event]:
        """Yields the events of a selection, following page tokens until the last page.

        Selectors combine with AND, the values of one selector with OR:

        Args:
            actors: Events in which any of these actors took part ("actors/assimi-goita").
            places: Events at any of these places or below them ("places/ml" includes Bamako).
            start: With ``end``, the time range (aware datetimes; either may be None for an
                unbounded side). Events with an unresolved time are left out when either is set.
            end: The exclusive end of the time range.
            match: "overlaps" (the default: the event may have happened in the range) or
                "within" (it certainly did).
            event_types: Events of any of these types ("attack", "visit", ...).
            filter: An AIP-160 filter expression (see the README's "Filters").
            near: Events at a place within this circle.
            bounding_box: Events at a place inside this box.
            include_imprecise_locations: Let near/bounding_box match places known only as a
                country, region or district centroid.
            order_by: "start_time" (default), "fatalities.best" or "update_time", optionally
                followed by " desc".
            show_deleted: Include deleted events.
            page_size: Events fetched per call (0: the server's default, 50).
            timeout: Deadline of each page's call.

        Raises InvalidArgument (naming the bad fields) or NotFound (an unknown actor or place in
        the filter) when the first page is fetched; a naive datetime raises ValueError at once.
        """
        request = _pb.event_pb2.ListEventsRequest(
            order_by=order_by, show_deleted=show_deleted, page_size=page_size
        )
        _select(
            request,
            actors=actors,
            places=places,
            start=start,
            end=end,
            match=match,
            event_types=event_types,
            filter=filter,
            near=near,
            bounding_box=bounding_box,
            include_imprecise_locations=include_imprecise_locations,
        )
        return self._paged(self.stubs.events.ListEvents, request, "events", Event.from_pb, timeout)

    def count_events(
        self,
        *,
        interval: Interval | str,
        time_zone: str = "UTC",
        group_by: GroupBy | str | None = None,
        group_place_kind: PlaceKind | str | None = None,
        group_limit: int = 0,
        imprecise_events: ImpreciseEvents | str | None = None,
        actors: Names = (),
        places: Names = (),
        start: datetime | None = None,
        end: datetime | None = None,
        match: Match | str | None = None,
        event_types: Iterable[str] | str = (),
        filter: str = "",
        near: Near | None = None,
        bounding_box: BoundingBox | None = None,
        include_imprecise_locations: bool = False,
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Histogram:
        """Counts the events of a selection (as in ``events()``) in time buckets, computed by
        the server.

        Args:
            interval: "day", "week" (ISO), "month" or "year".
            time_zone: IANA zone whose midnights bound the buckets ("Africa/Bamako").
            group_by: Split buckets by "event_type", "actor" or "place".
            group_place_kind: With group_by "place", group by the places of this kind events
                lie in ("admin_region", "country").
            group_limit: How many groups to report (0: 10); the rest are one remainder group.
            imprecise_events: "count_at_start" (the default: an event coarser than a bucket is
                counted where it starts, and in imprecise_count) or "omit".
        """
        request = _pb.event_pb2.CountEventsRequest(
            interval=Interval.parse(interval).number,
            time_zone=time_zone,
            group_limit=group_limit,
        )
        if group_by is not None:
            request.group_by = GroupBy.parse(group_by).number
        if group_place_kind is not None:
            request.group_place_kind = PlaceKind.parse(group_place_kind).number
        if imprecise_events is not None:
            request.imprecise_events = ImpreciseEvents.parse(imprecise_events).number
        _select(
            request,
            actors=actors,
            places=places,
            start=start,
            end=end,
            match=match,
            event_types=event_types,
            filter=filter,
            near=near,
            bounding_box=bounding_box,
            include_imprecise_locations=include_imprecise_locations,
        )
        return Histogram.from_pb(self._unary(self.stubs.events.CountEvents, request, timeout))

    def export(
        self,
        *,
        actors: Names = (),
        places: Names = (),
        start: datetime | None = None,
        end: datetime | None = None,
        match: Match | str | None = None,
        event_types: Iterable[str] | str = (),
        filter: str = "",
        near: Near | None = None,
        bounding_box: BoundingBox | None = None,
        include_imprecise_locations: bool = False,
        order_by: str = "",
        show_deleted: bool = False,
        resume_token: str = "",
        reconnect: bool = True,
        backoff: Backoff = _EXPORT_BACKOFF,
        timeout: float | None = None,
    ) -> EventExport:
        """Streams every event of a selection (as in ``events()``), in order, however many.

        Iterate the returned EventExport; its ``resume_token`` continues after the last event
        yielded, here (``resume_token=``) or in a later process. A broken connection is resumed
        from it (with ``reconnect``), waiting as ``backoff`` says.
        """
        request = _pb.event_pb2.ExportEventsRequest(order_by=order_by, show_deleted=show_deleted)
        _select(
            request,
            actors=actors,
            places=places,
            start=start,
            end=end,
            match=match,
            event_types=event_types,
            filter=filter,
            near=near,
            bounding_box=bounding_box,
            include_imprecise_locations=include_imprecise_locations,
        )

        def open_call(token: str) -> Any:
            attempt = _pb.event_pb2.ExportEventsRequest()
            attempt.CopyFrom(request)
            attempt.resume_token = token
            return self.stubs.events.ExportEvents(
                attempt, timeout=timeout, metadata=self._call_metadata()
            )

        return EventExport(
            open_call, resume_token=resume_token, reconnect=reconnect, backoff=backoff
        )

    def watch(
        self,
        *,
        actors: Names = (),
        places: Names = (),
        start: datetime | None = None,
        end: datetime | None = None,
        match: Match | str | None = None,
        event_types: Iterable[str] | str = (),
        filter: str = "",
        near: Near | None = None,
        bounding_box: BoundingBox | None = None,
        include_imprecise_locations: bool = False,
        cursor: str | int | None = None,
        start_time: datetime | None = None,
        reconnect: bool = True,
        backoff: Backoff = _WATCH_BACKOFF,
    ) -> ChangeStream:
        """Follows the changes to the events of a selection (as in ``events()``): creations,
        updates, deletions and merges, as they are committed.

        Args:
            cursor: Continue after the change with this cursor. ``0`` replays the whole change
                log. Takes precedence over ``start_time``.
            start_time: Replay the changes made at or after this time, then follow new ones.
                With neither, the stream starts at the next change.
            reconnect: Reopen the stream after UNAVAILABLE (a restarting or unreachable server)
                from the last cursor received, so that nothing is missed or repeated.
            backoff: How long to wait between attempts; by default it never gives up.

        Returns a ChangeStream: iterate it for Change objects, each with its ``cursor``;
        ``close()`` it (or use it in a ``with``) to stop.
        """
        request = _pb.event_pb2.WatchEventsRequest()
        _select(
            request,
            actors=actors,
            places=places,
            start=start,
            end=end,
            match=match,
            event_types=event_types,
            filter=filter,
            near=near,
            bounding_box=bounding_box,
            include_imprecise_locations=include_imprecise_locations,
        )
        if start_time is not None:
            to_timestamp(start_time, "start_time")  # refuse a naive datetime now, not later

        def open_call(from_cursor: str, from_time: datetime | None) -> Any:
            attempt = _pb.event_pb2.WatchEventsRequest()
            attempt.CopyFrom(request)
            if from_cursor:
                attempt.cursor = from_cursor
            elif from_time is not None:
                attempt.start_time.CopyFrom(to_timestamp(from_time, "start_time"))
            return self.stubs.events.WatchEvents(attempt, metadata=self._metadata)

        return ChangeStream(
            open_call,
            cursor="" if cursor is None else str(cursor),
            start_time=start_time,
            reconnect=reconnect,
            backoff=backoff,
        )

    # --- writing events -------------------------------------------------------------------

    def create_event(
        self,
        event: Event,
        *,
        event_id: str = "",
        request_id: str = "",
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Event:
        """Creates an event and returns it as stored. Its actors, places and sources must exist.

        ``event_id`` (or, when empty, the id in ``event.name``) names it "events/{event_id}";
        otherwise the server generates one. ``request_id`` (a UUID, say) makes a retry of the
        same call return the event the first one created instead of creating a second.
        """
        message = event.to_pb()
        event_id = event_id or event.id
        for output_only in ("name", "create_time", "update_time", "delete_time", "merged_into"):
            message.ClearField(output_only)
        request = _pb.event_pb2.CreateEventRequest(
            event=message, event_id=event_id, request_id=request_id
        )
        return Event.from_pb(self._unary(self.stubs.events.CreateEvent, request, timeout))

    def update_event(
        self,
        event: Event,
        fields: Iterable[str] | None = None,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Event:
        """Changes the given fields of ``event`` (by its name) to its values, and returns the
        event as stored. With ``event.etag`` set, fails with Aborted if the event changed since.

        ``fields`` are paths such as "title", "time", "fatalities" ("*" for all); None means
        every field that is set. Typical use: ``update_event(replace(event, title=...),
        ["title"])``.
        """
        request = _pb.event_pb2.UpdateEventRequest(event=event.to_pb())
        if fields is not None:
            request.update_mask.CopyFrom(field_mask_pb2.FieldMask(paths=list(fields)))
        return Event.from_pb(self._unary(self.stubs.events.UpdateEvent, request, timeout))

    def delete_event(
        self, name: str, *, etag: str = "", timeout: Timeout = DEFAULT_TIMEOUT
    ) -> Event:
        """Marks an event deleted and returns its tombstone (``delete_time`` set)."""
        request = _pb.event_pb2.DeleteEventRequest(name=name, etag=etag)
        return Event.from_pb(self._unary(self.stubs.events.DeleteEvent, request, timeout))

    def merge_events(
        self,
        name: str,
        into: str,
        *,
        etag: str = "",
        into_etag: str = "",
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Event:
        """Merges event ``name`` into ``into`` (two reports of one happening) and returns the
        surviving event; ``name`` becomes a tombstone with ``merged_into`` set."""
        request = _pb.event_pb2.MergeEventsRequest(
            name=name, into=into, etag=etag, into_etag=into_etag
        )
        return Event.from_pb(self._unary(self.stubs.events.MergeEvents, request, timeout))

    def ingest_events(
        self,
        records: Iterable[Mapping[str, Any] | Any],
        *,
        request_id: str = "",
        after_request_id: str = "",
        validate_only: bool = False,
        strict: bool = False,
        batch_size: int = 500,
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> IngestReport:
        """Sends raw records (dates in words, names in any script) to be normalized, resolved
        and written in one transaction, and returns one result per record.

        Records are dicts in the proto-JSON form of ``timeline.v1.IngestRecord`` (the README's
        grpcurl examples, as Python dicts) or IngestRecord messages. At most 10,000 per call.

        ``after_request_id`` names the ``request_id`` of an earlier call of the same import that
        may still be running (another thread's): this one decides its new names only once that
        one has committed, so names new to both are created in the order the calls were made.
        """
        parsed = [_ingest_record(record, i) for i, record in enumerate(records)]

        def messages() -> Iterator[Any]:
            first = True
            for begin in range(0, max(len(parsed), 1), batch_size):
                message = _pb.ingest_pb2.IngestEventsRequest(
                    records=parsed[begin : begin + batch_size]
                )
                if first:
                    message.request_id = request_id
                    message.after_request_id = after_request_id
                    message.validate_only = validate_only
                    message.strict = strict
                    first = False
                yield message

        response = self._unary(self.stubs.ingest.IngestEvents, messages(), timeout)
        return IngestReport.from_pb(response)

    # --- actors, places, sources ----------------------------------------------------------

    def get_actor(self, name: str, *, timeout: Timeout = DEFAULT_TIMEOUT) -> Actor:
        """Returns one actor by resource name ("actors/assimi-goita"). Raises NotFound."""
        request = _pb.actor_pb2.GetActorRequest(name=name)
        return Actor.from_pb(self._unary(self.stubs.actors.GetActor, request, timeout))

    def actors(
        self, query: str = "", *, page_size: int = 0, timeout: Timeout = DEFAULT_TIMEOUT
    ) -> Iterator[Actor]:
        """Yields actors: all of them in name order, or those whose names match ``query`` in
        any script or spelling ("Goita", "غويتا"), best match first."""
        request = _pb.actor_pb2.ListActorsRequest(query=query, page_size=page_size)
        return self._paged(self.stubs.actors.ListActors, request, "actors", Actor.from_pb, timeout)

    def related_actors(
        self,
        actor: str | Actor,
        *,
        actors: Names = (),
        places: Names = (),
        start: datetime | None = None,
        end: datetime | None = None,
        match: Match | str | None = None,
        event_types: Iterable[str] | str = (),
        filter: str = "",
        near: Near | None = None,
        bounding_box: BoundingBox | None = None,
        include_imprecise_locations: bool = False,
        page_size: int = 0,
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Iterator[RelatedActor]:
        """Yields the actors sharing events with ``actor`` (in a selection of events, as in
        ``events()``), most shared events first, with the roles each took."""
        request = _pb.actor_pb2.ListRelatedActorsRequest(
            actor=_resource_name(actor), page_size=page_size
        )
        _select(
            request,
            actors=actors,
            places=places,
            start=start,
            end=end,
            match=match,
            event_types=event_types,
            filter=filter,
            near=near,
            bounding_box=bounding_box,
            include_imprecise_locations=include_imprecise_locations,
        )
        return self._paged(
            self.stubs.actors.ListRelatedActors,
            request,
            "related_actors",
            RelatedActor.from_pb,
            timeout,
        )

    def get_place(self, name: str, *, timeout: Timeout = DEFAULT_TIMEOUT) -> Place:
        """Returns one place by resource name ("places/ml-bamako"). Raises NotFound."""
        request = _pb.place_pb2.GetPlaceRequest(name=name)
        return Place.from_pb(self._unary(self.stubs.places.GetPlace, request, timeout))

    def places(
        self,
        query: str = "",
        *,
        parent: str | Place = "",
        near: Near | None = None,
        bounding_box: BoundingBox | None = None,
        page_size: int = 0,
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Iterator[Place]:
        """Yields places: all in name order, those matching ``query`` in any script (best
        first), the direct children of ``parent``, or those ``near`` a point (nearest first)
        or inside ``bounding_box``."""
        request = _pb.place_pb2.ListPlacesRequest(
            query=query, parent=_resource_name(parent) if parent else "", page_size=page_size
        )
        if near is not None:
            request.near.CopyFrom(near.to_pb())
        if bounding_box is not None:
            request.bounding_box.CopyFrom(bounding_box.to_pb())
        return self._paged(self.stubs.places.ListPlaces, request, "places", Place.from_pb, timeout)

    def get_source(self, name: str, *, timeout: Timeout = DEFAULT_TIMEOUT) -> Source:
        """Returns one source by resource name. Raises NotFound."""
        request = _pb.source_pb2.GetSourceRequest(name=name)
        return Source.from_pb(self._unary(self.stubs.sources.GetSource, request, timeout))

    def sources(
        self, *, page_size: int = 0, timeout: Timeout = DEFAULT_TIMEOUT
    ) -> Iterator[Source]:
        """Yields every source, in resource-name order."""
        request = _pb.source_pb2.ListSourcesRequest(page_size=page_size)
        return self._paged(
            self.stubs.sources.ListSources, request, "sources", Source.from_pb, timeout
        )

    # --- dates in text --------------------------------------------------------------------

    def parse_dates(
        self,
        text: str,
        *,
        reference_time: datetime | None = None,
        time_zone: str = "UTC",
        language: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> list[FoundDate]:
        """Finds every date expression in ``text`` (Arabic, English or French, mixed or not),
        in the order written, and reads each to a span as ingestion reads a record's date.
        Stores nothing.

        ``text[d.start_offset:d.end_offset] == d.text`` for each date ``d`` found: the offsets
        count code points, as ``str`` does.

        Args:
            text: The text to search, at most 100,000 bytes of UTF-8.
            reference_time: What relative words ("last September", "on Thursday") count from,
                such as the article's publication time; an aware datetime (a naive one raises
                ValueError before any call). Without it such words are found but unresolved.
            time_zone: The IANA zone the words are read in ("Asia/Dubai").
            language: The text's BCP 47 language tag ("ar", "en", "fr-ML"), if known.

        Raises InvalidArgument naming ``time_zone`` or ``language`` when either is not one the
        server knows.
        """
        request = _pb.date_pb2.ParseDatesRequest(
            text=text, time_zone=time_zone, language=language or ""
        )
        if reference_time is not None:
            request.reference_time.CopyFrom(to_timestamp(reference_time, "reference_time"))
        response = self._unary(self.stubs.dates.ParseDates, request, timeout)
        return [FoundDate.from_pb(found) for found in response.dates]

    # --- plumbing -------------------------------------------------------------------------

    def _deadline(self, timeout: Timeout) -> float | None:
        return self._timeout if isinstance(timeout, _Default) else timeout

    @property
    def consistency_token(self) -> str | None:
        """The newest consistency token a write of this client returned (None before any, or
        when the server reads no replica): this client's reads send it by themselves; another
        client reads this one's writes with ``metadata=[("timeline-consistency-token", t)]``."""
        return self._consistency.token

    def _call_metadata(self) -> tuple[tuple[str, str], ...]:
        return self._metadata + self._consistency.metadata()

    def _unary(self, method: Callable[..., Any], request: Any, timeout: Timeout) -> Any:
        try:
            response, call = method.with_call(
                request, timeout=self._deadline(timeout), metadata=self._call_metadata()
            )
        except grpc.RpcError as err:
            raise error_from_rpc(err) from err
        self._consistency.remember(call.trailing_metadata())
        return response

    def _paged(
        self,
        method: Callable[..., Any],
        request: Any,
        field: str,
        convert: Callable[[Any], _T],
        timeout: Timeout,
    ) -> Iterator[_T]:
        def pages() -> Iterator[_T]:
            while True:
                response = self._unary(method, request, timeout)
                for message in getattr(response, field):
                    yield convert(message)
                if not response.next_page_token:
                    return
                request.page_token = response.next_page_token

        return pages()


def _select(
    request: Any,
    *,
    actors: Names,
    places: Names,
    start: datetime | None,
    end: datetime | None,
    match: Match | str | None,
    event_types: Iterable[str] | str,
    filter: str,
    near: Near | None,
    bounding_box: BoundingBox | None,
    include_imprecise_locations: bool,
) -> None:
    """Sets the selection fields, which every event-selecting request names alike."""
    request.actors.extend(_resource_names(actors))
    request.places.extend(_resource_names(places))
    request.event_types.extend([event_types] if isinstance(event_types, str) else event_types)
    request.filter = filter
    request.include_imprecise_locations = include_imprecise_locations
    if start is not None:
        request.time_range.start_time.CopyFrom(to_timestamp(start, "start"))
    if end is not None:
        request.time_range.end_time.CopyFrom(to_timestamp(end, "end"))
    if match is not None:
        if start is None and end is None:
            raise ValueError("match: only means something with start or end")
        request.time_range.match = Match.parse(match).number
    if near is not None:
        request.near.CopyFrom(near.to_pb())
    if bounding_box is not None:
        request.bounding_box.CopyFrom(bounding_box.to_pb())


def _resource_name(value: str | Actor | Place) -> str:
    return value if isinstance(value, str) else value.name


def _resource_names(values: Names) -> list[str]:
    if isinstance(values, str):  # one name, not a string's characters
        return [values]
    return [_resource_name(v) for v in values]


def _ingest_record(record: Mapping[str, Any] | Any, index: int) -> Any:
    if isinstance(record, _pb.ingest_pb2.IngestRecord):
        return record
    try:
        return json_format.ParseDict(dict(record), _pb.ingest_pb2.IngestRecord())
    except (json_format.ParseError, TypeError, ValueError) as err:
        raise ValueError(f"records[{index}]: {err}") from None
