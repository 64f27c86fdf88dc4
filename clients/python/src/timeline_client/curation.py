"""Curating the registry: updating, deleting, merging and splitting actors and places, updating
and deleting sources, and following the changes to actors and places.

The calls are methods of ``Client`` (which mixes in RegistryCuration). Each takes an optional
``reason``, recorded in the change log and shown to watchers. Write guards follow AIP-154: an
``etag`` given and stale raises Aborted; a tombstone, or a row still referenced (by events, or
places below it), raises FailedPrecondition whose message names what refers to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from google.protobuf import field_mask_pb2

from . import _pb
from ._time import to_timestamp
from ._timeout import DEFAULT_TIMEOUT, Timeout
from .registry import Actor, ActorChange, Place, PlaceChange, Source
from .streams import Backoff, WatchStream

__all__ = ["RegistryCuration"]

# A watch keeps trying to reconnect, as Client.watch() does.
_WATCH_BACKOFF = Backoff()


def _mask(fields: Iterable[str] | None) -> field_mask_pb2.FieldMask | None:
    if fields is None:
        return None
    if isinstance(fields, str):  # one path, not a string's characters
        fields = [fields]
    return field_mask_pb2.FieldMask(paths=list(fields))


def _without_output_only(message: Any, names: Iterable[str]) -> Any:
    for name in names:
        message.ClearField(name)
    return message


class RegistryCuration:
    """The curation calls of Client; see the module's documentation."""

    # Provided by Client.
    stubs: Any
    _metadata: tuple[tuple[str, str], ...]

    def _unary(self, method: Callable[..., Any], request: Any, timeout: Timeout) -> Any:
        raise NotImplementedError

    # --- actors ---------------------------------------------------------------------------

    def update_actor(
        self,
        actor: Actor,
        fields: Iterable[str] | None = None,
        *,
        reason: str = "",
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Actor:
        """Changes the given fields of ``actor`` (by its name) to its values and returns the
        actor as stored. With ``actor.etag`` set, raises Aborted if the actor changed since.

        ``fields`` are paths: display_name, names, kind, country_code, wikidata_id,
        description, roles ("*" for all); None means every field that is set. Typical use:
        ``update_actor(replace(actor, description=...), ["description"], reason=...)``.
        Events naming the actor show a new display name at once.
        """
        message = _without_output_only(
            actor.to_pb(), ("create_time", "update_time", "delete_time", "merged_into")
        )
        request = _pb.actor_pb2.UpdateActorRequest(
            actor=message, update_mask=_mask(fields), reason=reason
        )
        return Actor.from_pb(self._unary(self.stubs.actors.UpdateActor, request, timeout))

    def delete_actor(
        self, name: str, *, etag: str = "", reason: str = "", timeout: Timeout = DEFAULT_TIMEOUT
    ) -> Actor:
        """Deletes an actor no event and no other actor's role refers to, and returns its
        tombstone. Raises FailedPrecondition naming the events that still refer to it."""
        request = _pb.actor_pb2.DeleteActorRequest(name=name, etag=etag, reason=reason)
        return Actor.from_pb(self._unary(self.stubs.actors.DeleteActor, request, timeout))

    def merge_actors(
        self,
        name: str,
        into: str,
        *,
        etag: str = "",
        into_etag: str = "",
        reason: str = "",
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Actor:
        """Merges actor ``name`` (a duplicate) into ``into`` and returns the survivor, which
        gains its names and events; ``name`` becomes a tombstone with ``merged_into`` set."""
        request = _pb.actor_pb2.MergeActorsRequest(
            name=name, into=into, etag=etag, into_etag=into_etag, reason=reason
        )
        return Actor.from_pb(self._unary(self.stubs.actors.MergeActors, request, timeout))

    def split_actor(self, name: str, *, reason: str = "", timeout: Timeout = DEFAULT_TIMEOUT) -> Actor:
        """Undoes the merge of actor ``name``: it lives again with the names and events it had,
        and is returned."""
        request = _pb.actor_pb2.SplitActorRequest(name=name, reason=reason)
        return Actor.from_pb(self._unary(self.stubs.actors.SplitActor, request, timeout))

    def watch_actors(
        self,
        actors: Iterable[str] | str = (),
        *,
        cursor: str | int | None = None,
        start_time: datetime | None = None,
        reconnect: bool = True,
        backoff: Backoff = _WATCH_BACKOFF,
    ) -> WatchStream[ActorChange]:
        """Follows the changes to actors (all, or those named): creations, updates, deletions,
        merges and splits, each with its ``reason``. ``cursor``, ``start_time``, ``reconnect``
        and ``backoff`` mean what they mean in ``Client.watch()``; the cursors of all watches
        are positions in one change log."""
        request = _pb.actor_pb2.WatchActorsRequest(actors=_names(actors))
        return self._watch(
            request, self.stubs.actors.WatchActors, ActorChange.from_pb, cursor, start_time,
            reconnect, backoff,
        )  # fmt: skip

    # --- places ---------------------------------------------------------------------------

    def update_place(
        self,
        place: Place,
        fields: Iterable[str] | None = None,
        *,
        reason: str = "",
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Place:
        """Changes the given fields of ``place`` (by its name) and returns the place as stored;
        ``etag`` as in update_actor. Moving a place (``parent``) moves the places and events
        below it: a listing by the new parent finds them."""
        message = _without_output_only(
            place.to_pb(),
            ("create_time", "update_time", "delete_time", "merged_into", "ancestors"),
        )
        request = _pb.place_pb2.UpdatePlaceRequest(
            place=message, update_mask=_mask(fields), reason=reason
        )
        return Place.from_pb(self._unary(self.stubs.places.UpdatePlace, request, timeout))

    def delete_place(
        self, name: str, *, etag: str = "", reason: str = "", timeout: Timeout = DEFAULT_TIMEOUT
    ) -> Place:
        """Deletes a place no event and no other place refers to and returns its tombstone;
        FailedPrecondition naming what does otherwise."""
        request = _pb.place_pb2.DeletePlaceRequest(name=name, etag=etag, reason=reason)
        return Place.from_pb(self._unary(self.stubs.places.DeletePlace, request, timeout))

    def merge_places(
        self,
        name: str,
        into: str,
        *,
        etag: str = "",
        into_etag: str = "",
        reason: str = "",
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Place:
        """Merges place ``name`` into ``into`` and returns the survivor (as merge_actors)."""
        request = _pb.place_pb2.MergePlacesRequest(
            name=name, into=into, etag=etag, into_etag=into_etag, reason=reason
        )
        return Place.from_pb(self._unary(self.stubs.places.MergePlaces, request, timeout))

    def split_place(self, name: str, *, reason: str = "", timeout: Timeout = DEFAULT_TIMEOUT) -> Place:
        """Undoes the merge of place ``name`` and returns it (as split_actor)."""
        request = _pb.place_pb2.SplitPlaceRequest(name=name, reason=reason)
        return Place.from_pb(self._unary(self.stubs.places.SplitPlace, request, timeout))

    def watch_places(
        self,
        places: Iterable[str] | str = (),
        *,
        cursor: str | int | None = None,
        start_time: datetime | None = None,
        reconnect: bool = True,
        backoff: Backoff = _WATCH_BACKOFF,
    ) -> WatchStream[PlaceChange]:
        """Follows the changes to places (all, or those named), as watch_actors."""
        request = _pb.place_pb2.WatchPlacesRequest(places=_names(places))
        return self._watch(
            request, self.stubs.places.WatchPlaces, PlaceChange.from_pb, cursor, start_time,
            reconnect, backoff,
        )  # fmt: skip

    # --- sources --------------------------------------------------------------------------

    def update_source(
        self,
        source: Source,
        fields: Iterable[str] | None = None,
        *,
        reason: str = "",
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Source:
        """Changes the given fields of ``source`` (url, publisher, title, ...) and returns it as
        stored; events citing it show the change. ``etag`` as in update_actor."""
        message = _without_output_only(
            source.to_pb(), ("create_time", "update_time", "delete_time")
        )
        request = _pb.source_pb2.UpdateSourceRequest(
            source=message, update_mask=_mask(fields), reason=reason
        )
        return Source.from_pb(self._unary(self.stubs.sources.UpdateSource, request, timeout))

    def delete_source(
        self, name: str, *, etag: str = "", reason: str = "", timeout: Timeout = DEFAULT_TIMEOUT
    ) -> Source:
        """Deletes a source no event cites and returns its tombstone; FailedPrecondition
        naming the events that cite it otherwise."""
        request = _pb.source_pb2.DeleteSourceRequest(name=name, etag=etag, reason=reason)
        return Source.from_pb(self._unary(self.stubs.sources.DeleteSource, request, timeout))

    # --- plumbing -------------------------------------------------------------------------

    def _watch(
        self,
        request: Any,
        method: Callable[..., Any],
        convert: Callable[[Any], Any],
        cursor: str | int | None,
        start_time: datetime | None,
        reconnect: bool,
        backoff: Backoff,
    ) -> Any:
        if start_time is not None:
            to_timestamp(start_time, "start_time")  # refuse a naive datetime now, not later

        def open_call(from_cursor: str, from_time: datetime | None) -> Any:
            attempt = type(request)()
            attempt.CopyFrom(request)
            if from_cursor:
                attempt.cursor = from_cursor
            elif from_time is not None:
                attempt.start_time.CopyFrom(to_timestamp(from_time, "start_time"))
            return method(attempt, metadata=self._metadata)

        return WatchStream(
            open_call,
            convert,
            cursor="" if cursor is None else str(cursor),
            start_time=start_time,
            reconnect=reconnect,
            backoff=backoff,
        )


def _names(values: Iterable[str] | str) -> list[str]:
    return [values] if isinstance(values, str) else list(values)
