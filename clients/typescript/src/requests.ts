// The request shapes the client takes. Each is the generated proto request with every field
// optional (an absent field means the proto default, as on the wire), so the proto's
// documentation of each field holds unchanged; times are `Date`s.

import type {
  CreateActorRequest,
  DeleteActorRequest,
  ListActorsRequest,
  ListRelatedActorsRequest,
  MergeActorsRequest,
  SplitActorRequest,
  UpdateActorRequest,
  WatchActorsRequest,
} from "./gen/timeline/v1/actor.js";
import type { ParseDatesRequest } from "./gen/timeline/v1/date.js";
import type {
  CountEventsRequest,
  CreateEventRequest,
  DeepPartial as GeneratedDeepPartial,
  ExportEventsRequest,
  ListEventsRequest,
  MergeEventsRequest,
  UpdateEventRequest,
  WatchEventsRequest,
} from "./gen/timeline/v1/event.js";
import type { IngestEventsRequest, IngestPlacesRequest } from "./gen/timeline/v1/ingest.js";
import type {
  CreatePlaceRequest,
  ListPlacesRequest,
  UpdatePlaceRequest,
  WatchPlacesRequest,
} from "./gen/timeline/v1/place.js";
import type { CreateSourceRequest, ListSourcesRequest, UpdateSourceRequest } from "./gen/timeline/v1/source.js";
import type { CallOptions } from "./transport.js";
import type { ReconnectOptions } from "./retry.js";

/**
 * `T` with every field optional, at every depth: the shape of a request, whose absent fields take
 * their proto defaults ("", 0, false, empty lists, unset messages).
 */
export type DeepPartial<T> = GeneratedDeepPartial<T>;

/**
 * The selectors shared by ListEvents, CountEvents, ExportEvents, WatchEvents and
 * ListRelatedActors: they combine with AND, the values of one selector with OR.
 */
export type EventSelection = DeepPartial<
  Pick<
    ListEventsRequest,
    "actors" | "places" | "timeRange" | "eventTypes" | "filter" | "near" | "boundingBox" | "includeImpreciseLocations"
  >
>;

/** A ListEvents request: a selection, an order, a page size and a page token. */
export type ListEventsQuery = DeepPartial<ListEventsRequest>;
/** A CountEvents request: a selection and how to bucket it (`interval` is required). */
export type CountEventsQuery = DeepPartial<CountEventsRequest>;
/** An ExportEvents request: a selection, an order, and where to resume. */
export type ExportQuery = DeepPartial<ExportEventsRequest>;
/**
 * A WatchEvents request: a selection and where to start. `cursor: "0"` replays the whole change
 * log; `startTime` replays from a moment; neither starts with the next change made.
 */
export type WatchQuery = DeepPartial<WatchEventsRequest>;
/** A CreateEvent request: the event, and optionally its id and an idempotency key. */
export type CreateEventQuery = DeepPartial<CreateEventRequest>;
/** An UpdateEvent request: the event with its name, and the paths to change. */
export type UpdateEventQuery = DeepPartial<UpdateEventRequest>;
/** A MergeEvents request: the event to merge away, the one that remains, and their etags. */
export type MergeEventsQuery = DeepPartial<MergeEventsRequest>;
/**
 * An UpdateActor request: the actor with its name (and etag, to guard against a change made in
 * between), the paths to change, and why.
 */
export type UpdateActorQuery = DeepPartial<UpdateActorRequest>;
/** An UpdatePlace request, as UpdateActorQuery; a new `parent` moves the place. */
export type UpdatePlaceQuery = DeepPartial<UpdatePlaceRequest>;
/** An UpdateSource request, as UpdateActorQuery. */
export type UpdateSourceQuery = DeepPartial<UpdateSourceRequest>;
/** A DeleteActor, DeletePlace or DeleteSource request: the name, optionally its etag and why. */
export type DeleteQuery = DeepPartial<DeleteActorRequest>;
/** A MergeActors or MergePlaces request: the row to merge away, the one that remains, etags, why. */
export type MergeQuery = DeepPartial<MergeActorsRequest>;
/** A SplitActor or SplitPlace request: the merged row to restore, and why. */
export type SplitQuery = DeepPartial<SplitActorRequest>;
/** A WatchActors request: optionally the actors to follow, and where to start (as WatchQuery). */
export type WatchActorsQuery = DeepPartial<WatchActorsRequest>;
/** A WatchPlaces request: optionally the places to follow, and where to start. */
export type WatchPlacesQuery = DeepPartial<WatchPlacesRequest>;
/** A ListActors request: optionally a name in any script or spelling. */
export type ListActorsQuery = DeepPartial<ListActorsRequest>;
/** A CreateActor request. */
export type CreateActorQuery = DeepPartial<CreateActorRequest>;
/** A ListRelatedActors request: the actor, and a selection of the events considered. */
export type ListRelatedActorsQuery = DeepPartial<ListRelatedActorsRequest>;
/** A ListPlaces request: a name, a parent, a circle or a box. */
export type ListPlacesQuery = DeepPartial<ListPlacesRequest>;
/** A CreatePlace request. */
export type CreatePlaceQuery = DeepPartial<CreatePlaceRequest>;
/** A ListSources request. */
export type ListSourcesQuery = DeepPartial<ListSourcesRequest>;
/** A CreateSource request. */
export type CreateSourceQuery = DeepPartial<CreateSourceRequest>;
/** The settings of an IngestEvents stream, sent with its first message. */
export type IngestEventsSettings = DeepPartial<Omit<IngestEventsRequest, "records">>;
/** The settings of an IngestPlaces stream, sent with its first message. */
export type IngestPlacesSettings = DeepPartial<Omit<IngestPlacesRequest, "places">>;

/**
 * How `parseDates` reads a text's date words: `referenceTime` (the article's publication time:
 * without it, relative words such as "on Thursday" are found but unresolved), `timeZone` (an
 * IANA zone, "UTC" by default) and `language` (a BCP 47 tag, optional).
 */
export type ParseDatesQuery = DeepPartial<Omit<ParseDatesRequest, "text">>;

/** Options of `watch` and `export`: cancellation, and how to reconnect after a disconnect. */
export interface StreamOptions {
  /** Ends the stream when aborted: the iteration throws the signal's reason. */
  readonly signal?: AbortSignal;
  /** How to reconnect when the connection breaks (backoff, attempts, a hook). */
  readonly reconnect?: ReconnectOptions;
}

export type { CallOptions };
