// The registry's curating calls: updating, deleting, merging and splitting actors and places,
// updating and deleting sources, and watching the changes to actors and places. TimelineClient
// extends this class, so these are its methods like any other.
//
// Each write takes an optional `reason`, recorded in the change log and shown to watchers. A
// stale `etag` rejects with ConflictError (ABORTED); a tombstone, an unmerged row to split or a
// row something still refers to rejects with FailedPreconditionError, whose message names what.

import {
  ActorServiceService,
  DeleteActorRequest,
  MergeActorsRequest,
  SplitActorRequest,
  UpdateActorRequest,
  WatchActorsRequest,
  type Actor,
  type WatchActorsResponse,
} from "./gen/timeline/v1/actor.js";
import {
  DeletePlaceRequest,
  MergePlacesRequest,
  PlaceServiceService,
  SplitPlaceRequest,
  UpdatePlaceRequest,
  WatchPlacesRequest,
  type Place,
  type WatchPlacesResponse,
} from "./gen/timeline/v1/place.js";
import {
  DeleteSourceRequest,
  SourceServiceService,
  UpdateSourceRequest,
  type Source,
} from "./gen/timeline/v1/source.js";
import type {
  DeleteQuery,
  MergeQuery,
  SplitQuery,
  StreamOptions,
  UpdateActorQuery,
  UpdatePlaceQuery,
  UpdateSourceQuery,
  WatchActorsQuery,
  WatchPlacesQuery,
} from "./requests.js";
import { reconnectPolicy } from "./retry.js";
import { followChanges } from "./streams.js";
import type { CallOptions, Transport } from "./transport.js";

/** The curating calls of {@link TimelineClient}; see the file's header. */
export class RegistryCuration {
  protected constructor(protected readonly transport: Transport) {}

  // --- Actors ---------------------------------------------------------------------------------

  /**
   * Changes the fields of `query.actor` named by `query.updateMask` (every field set in the actor
   * when empty): displayName, names, kind, countryCode, wikidataId, description, roles. Events
   * naming the actor show a new display name at once. ConflictError when `actor.etag` is stale.
   */
  updateActor(query: UpdateActorQuery, options?: CallOptions): Promise<Actor> {
    return this.transport.unary(ActorServiceService.updateActor, UpdateActorRequest.fromPartial(query), options);
  }

  /**
   * Deletes an actor that no event and no other actor's role refers to, and returns its tombstone.
   * FailedPreconditionError naming the events that still refer to it otherwise.
   */
  deleteActor(query: DeleteQuery, options?: CallOptions): Promise<Actor> {
    return this.transport.unary(ActorServiceService.deleteActor, DeleteActorRequest.fromPartial(query), options);
  }

  /**
   * Merges actor `query.name` (a duplicate) into `query.into` and returns the survivor, which gains
   * its names and events; `name` becomes a tombstone whose `mergedInto` is `into`.
   */
  mergeActors(query: MergeQuery, options?: CallOptions): Promise<Actor> {
    return this.transport.unary(ActorServiceService.mergeActors, MergeActorsRequest.fromPartial(query), options);
  }

  /** Undoes the merge of actor `query.name`: it lives again with its names and events. */
  splitActor(query: SplitQuery, options?: CallOptions): Promise<Actor> {
    return this.transport.unary(ActorServiceService.splitActor, SplitActorRequest.fromPartial(query), options);
  }

  /**
   * Streams the changes to actors (those `query.actors` names, or all) as they are committed:
   * creations, updates, deletions, merges and splits, each with its `reason` and `cursor`. Cursors
   * and reconnection work as in {@link TimelineClient.watch}.
   */
  async *watchActors(
    query: WatchActorsQuery = {},
    options: StreamOptions = {},
  ): AsyncGenerator<WatchActorsResponse, void, undefined> {
    yield* followChanges(
      (request) => this.transport.serverStream(ActorServiceService.watchActors, request),
      WatchActorsRequest.fromPartial(query),
      reconnectPolicy(options.reconnect, Infinity),
      options.signal,
    );
  }

  // --- Places ---------------------------------------------------------------------------------

  /**
   * Changes the fields of `query.place` named by `query.updateMask`. A new `parent` moves the
   * place with everything below it, and the events there with it. ConflictError when
   * `place.etag` is stale.
   */
  updatePlace(query: UpdatePlaceQuery, options?: CallOptions): Promise<Place> {
    return this.transport.unary(PlaceServiceService.updatePlace, UpdatePlaceRequest.fromPartial(query), options);
  }

  /** Deletes a place no event and no other place refers to, and returns its tombstone. */
  deletePlace(query: DeleteQuery, options?: CallOptions): Promise<Place> {
    return this.transport.unary(PlaceServiceService.deletePlace, DeletePlaceRequest.fromPartial(query), options);
  }

  /** Merges place `query.name` into `query.into` and returns the survivor (as mergeActors). */
  mergePlaces(query: MergeQuery, options?: CallOptions): Promise<Place> {
    return this.transport.unary(PlaceServiceService.mergePlaces, MergePlacesRequest.fromPartial(query), options);
  }

  /** Undoes the merge of place `query.name` (as splitActor). */
  splitPlace(query: SplitQuery, options?: CallOptions): Promise<Place> {
    return this.transport.unary(PlaceServiceService.splitPlace, SplitPlaceRequest.fromPartial(query), options);
  }

  /** Streams the changes to places (those `query.places` names, or all), as watchActors. */
  async *watchPlaces(
    query: WatchPlacesQuery = {},
    options: StreamOptions = {},
  ): AsyncGenerator<WatchPlacesResponse, void, undefined> {
    yield* followChanges(
      (request) => this.transport.serverStream(PlaceServiceService.watchPlaces, request),
      WatchPlacesRequest.fromPartial(query),
      reconnectPolicy(options.reconnect, Infinity),
      options.signal,
    );
  }

  // --- Sources --------------------------------------------------------------------------------

  /**
   * Changes the fields of `query.source` named by `query.updateMask`; the events citing it show
   * the change. ConflictError when `source.etag` is stale.
   */
  updateSource(query: UpdateSourceQuery, options?: CallOptions): Promise<Source> {
    return this.transport.unary(SourceServiceService.updateSource, UpdateSourceRequest.fromPartial(query), options);
  }

  /** Deletes a source no event cites, and returns its tombstone. */
  deleteSource(query: DeleteQuery, options?: CallOptions): Promise<Source> {
    return this.transport.unary(SourceServiceService.deleteSource, DeleteSourceRequest.fromPartial(query), options);
  }
}
