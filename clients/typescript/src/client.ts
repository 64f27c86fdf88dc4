// TimelineClient: every Timeline RPC as a Promise, every List call also as an async iterable that
// follows page tokens, and ExportEvents and WatchEvents as async iterables that reconnect where
// they broke.

import {
  ActorServiceService,
  CreateActorRequest,
  GetActorRequest,
  ListActorsRequest,
  ListRelatedActorsRequest,
  type Actor,
  type ListActorsResponse,
  type ListRelatedActorsResponse,
  type RelatedActor,
} from "./gen/timeline/v1/actor.js";
import { DateServiceService, ParseDatesRequest, type FoundDate } from "./gen/timeline/v1/date.js";
import {
  CountEventsRequest,
  CreateEventRequest,
  DeleteEventRequest,
  EventServiceService,
  ExportEventsRequest,
  GetEventRequest,
  ListEventsRequest,
  MergeEventsRequest,
  UpdateEventRequest,
  WatchEventsRequest,
  type CountEventsResponse,
  type DeepPartial,
  type Event,
  type ExportEventsResponse,
  type ListEventsResponse,
  type WatchEventsResponse,
} from "./gen/timeline/v1/event.js";
import {
  IngestEventsRequest,
  IngestPlacesRequest,
  IngestServiceService,
  type IngestEventsResponse,
  type IngestPlace,
  type IngestPlacesResponse,
  type IngestRecord,
} from "./gen/timeline/v1/ingest.js";
import {
  CreatePlaceRequest,
  GetPlaceRequest,
  ListPlacesRequest,
  PlaceServiceService,
  type ListPlacesResponse,
  type Place,
} from "./gen/timeline/v1/place.js";
import {
  CreateSourceRequest,
  GetSourceRequest,
  ListSourcesRequest,
  SourceServiceService,
  type ListSourcesResponse,
  type Source,
} from "./gen/timeline/v1/source.js";
import { RegistryCuration } from "./curation.js";
import { allItems } from "./paging.js";
import type {
  CountEventsQuery,
  CreateActorQuery,
  CreateEventQuery,
  CreatePlaceQuery,
  CreateSourceQuery,
  ExportQuery,
  IngestEventsSettings,
  IngestPlacesSettings,
  ListActorsQuery,
  ListEventsQuery,
  ListPlacesQuery,
  ListRelatedActorsQuery,
  ListSourcesQuery,
  MergeEventsQuery,
  ParseDatesQuery,
  StreamOptions,
  UpdateEventQuery,
  WatchQuery,
} from "./requests.js";
import { reconnectPolicy } from "./retry.js";
import { followChanges, resumable } from "./streams.js";
import { Transport, type CallOptions, type TransportOptions } from "./transport.js";

/** How a TimelineClient reaches the server. */
export type TimelineClientOptions = TransportOptions;

// An ingest stream takes at most 10,000 records; they go out in messages of this many.
const INGEST_MESSAGE_SIZE = 500;

/**
 * A client of the Timeline service. One instance holds one channel, shared by every call; make
 * one per server and `close()` it when done.
 *
 * Unary calls return Promises and reject with a {@link TimelineError} subclass. `events`,
 * `actors`, `places`, `sources` and `relatedActors` iterate over every page of their List call.
 * `export` and `watch` are server streams that reopen themselves after a disconnect. The
 * registry's curating calls (`updateActor`, `mergeActors`, `watchActors`, `updatePlace`,
 * `updateSource`...) come from {@link RegistryCuration}.
 *
 * @example
 * ```ts
 * const client = new TimelineClient("127.0.0.1:50051");
 * for await (const event of client.events({ places: ["places/ml-bamako"] })) console.log(event.name);
 * client.close();
 * ```
 */
export class TimelineClient extends RegistryCuration {
  /**
   * @param address - `host:port` of the server, such as `"127.0.0.1:50051"`
   * @param options - credentials (plaintext by default), a bearer token, the deadline of unary
   *   calls (30 s by default) and grpc-js channel options
   */
  constructor(address: string, options: TimelineClientOptions = {}) {
    super(new Transport(address, options));
  }

  /**
   * The newest consistency token a write of this client returned (undefined before any, or while
   * the server reads no replica). This client's calls send it by themselves; another client made
   * with it (`new TimelineClient(address, { consistencyToken })`) reads this one's writes.
   */
  get consistencyToken(): string | undefined {
    return this.transport.tokens.token;
  }

  /** Closes the channel. Calls and streams under way end with an error. */
  close(): void {
    this.transport.close();
  }

  /**
   * Resolves once the channel is connected; rejects with an UnavailableError if it is not within
   * `timeoutMs` (default 10 s). Calls do not need this: it is for waiting on a server that is
   * starting.
   */
  waitForReady(timeoutMs = 10_000): Promise<void> {
    return this.transport.waitForReady(timeoutMs);
  }

  // --- Events ---------------------------------------------------------------------------------

  /** Returns one event, including a deleted one (with `deleteTime` set). NotFoundError if none. */
  getEvent(name: string, options?: CallOptions): Promise<Event> {
    return this.transport.unary(EventServiceService.getEvent, GetEventRequest.fromPartial({ name }), options);
  }

  /** Returns one page of the events of a selection, and the token of the next page. */
  listEvents(query: ListEventsQuery = {}, options?: CallOptions): Promise<ListEventsResponse> {
    return this.transport.unary(EventServiceService.listEvents, ListEventsRequest.fromPartial(query), options);
  }

  /**
   * Yields every event of a selection, in `orderBy` order, fetching `pageSize` events at a time
   * (50 by default) as the loop consumes them. Starts at `query.pageToken` when given.
   */
  events(query: ListEventsQuery = {}, options?: CallOptions): AsyncGenerator<Event, void, undefined> {
    return allItems(
      (pageToken) => this.listEvents({ ...query, pageToken }, options),
      (page) => page.events,
      query.pageToken,
    );
  }

  /**
   * Counts the events of a selection in time buckets (`interval` is required), optionally split
   * by event type, actor or place. Counts are numbers.
   */
  countEvents(query: CountEventsQuery, options?: CallOptions): Promise<CountEventsResponse> {
    return this.transport.unary(EventServiceService.countEvents, CountEventsRequest.fromPartial(query), options);
  }

  /** Creates an event; its actors, places and sources must exist. Returns it as stored. */
  createEvent(query: CreateEventQuery, options?: CallOptions): Promise<Event> {
    return this.transport.unary(EventServiceService.createEvent, CreateEventRequest.fromPartial(query), options);
  }

  /**
   * Changes the fields of `query.event` named by `query.updateMask` (every field set in the event
   * when empty). ConflictError when `event.etag` is given and stale.
   */
  updateEvent(query: UpdateEventQuery, options?: CallOptions): Promise<Event> {
    return this.transport.unary(EventServiceService.updateEvent, UpdateEventRequest.fromPartial(query), options);
  }

  /**
   * Marks an event deleted and returns its tombstone. ConflictError when `etag` is given and
   * stale.
   */
  deleteEvent(name: string, etag = "", options?: CallOptions): Promise<Event> {
    return this.transport.unary(
      EventServiceService.deleteEvent,
      DeleteEventRequest.fromPartial({ name, etag }),
      options,
    );
  }

  /** Merges event `query.name` into `query.into` and returns the surviving event. */
  mergeEvents(query: MergeEventsQuery, options?: CallOptions): Promise<Event> {
    return this.transport.unary(EventServiceService.mergeEvents, MergeEventsRequest.fromPartial(query), options);
  }

  /**
   * Streams every event of a selection, in `orderBy` order, as `{ event, resumeToken }`. When the
   * connection breaks, the stream reopens after the last event received (up to 10 attempts in a
   * row by default, see `options.reconnect`). To continue an export in another process, pass the
   * last `resumeToken` back in the query.
   */
  async *export(
    query: ExportQuery = {},
    options: StreamOptions = {},
  ): AsyncGenerator<ExportEventsResponse, void, undefined> {
    const request = ExportEventsRequest.fromPartial(query);
    yield* resumable(
      {
        open: () => this.transport.serverStream(EventServiceService.exportEvents, { ...request }),
        advance: (message) => {
          request.resumeToken = message.resumeToken;
        },
        endless: false,
      },
      reconnectPolicy(options.reconnect, 10),
      options.signal,
    );
  }

  /**
   * Streams the changes to the events of a selection as they are committed, each with its
   * `cursor`; the stream never ends by itself. When the connection breaks it reopens, with
   * backoff and without limit by default, after the last change received: nothing is missed or
   * repeated. Before the first change, it reopens where it began (`cursor` or `startTime`), or,
   * for a watch of "the next change made", at the time it first connected, by this machine's
   * clock. Break out of the loop or abort `options.signal` to stop.
   */
  async *watch(
    query: WatchQuery = {},
    options: StreamOptions = {},
  ): AsyncGenerator<WatchEventsResponse, void, undefined> {
    yield* followChanges(
      (request) => this.transport.serverStream(EventServiceService.watchEvents, request),
      WatchEventsRequest.fromPartial(query),
      reconnectPolicy(options.reconnect, Infinity),
      options.signal,
    );
  }

  // --- Actors ---------------------------------------------------------------------------------

  /** Returns one actor. NotFoundError if none. */
  getActor(name: string, options?: CallOptions): Promise<Actor> {
    return this.transport.unary(ActorServiceService.getActor, GetActorRequest.fromPartial({ name }), options);
  }

  /**
   * Returns one page of actors: with `query.query`, those whose names match it in any script or
   * spelling, best match first; otherwise every actor in resource-name order.
   */
  listActors(query: ListActorsQuery = {}, options?: CallOptions): Promise<ListActorsResponse> {
    return this.transport.unary(ActorServiceService.listActors, ListActorsRequest.fromPartial(query), options);
  }

  /** Yields every actor that `listActors` would page through. */
  actors(query: ListActorsQuery = {}, options?: CallOptions): AsyncGenerator<Actor, void, undefined> {
    return allItems(
      (pageToken) => this.listActors({ ...query, pageToken }, options),
      (page) => page.actors,
      query.pageToken,
    );
  }

  /** Creates an actor. AlreadyExistsError if `actorId` is taken. */
  createActor(query: CreateActorQuery, options?: CallOptions): Promise<Actor> {
    return this.transport.unary(ActorServiceService.createActor, CreateActorRequest.fromPartial(query), options);
  }

  /**
   * Returns one page of the actors that took part in events together with `query.actor`, in a
   * selection of events, most shared events first, with the pairs of roles they took.
   */
  listRelatedActors(query: ListRelatedActorsQuery, options?: CallOptions): Promise<ListRelatedActorsResponse> {
    return this.transport.unary(
      ActorServiceService.listRelatedActors,
      ListRelatedActorsRequest.fromPartial(query),
      options,
    );
  }

  /** Yields every actor that `listRelatedActors` would page through. */
  relatedActors(query: ListRelatedActorsQuery, options?: CallOptions): AsyncGenerator<RelatedActor, void, undefined> {
    return allItems(
      (pageToken) => this.listRelatedActors({ ...query, pageToken }, options),
      (page) => page.relatedActors,
      query.pageToken,
    );
  }

  // --- Places ---------------------------------------------------------------------------------

  /** Returns one place, with its ancestors. NotFoundError if none. */
  getPlace(name: string, options?: CallOptions): Promise<Place> {
    return this.transport.unary(PlaceServiceService.getPlace, GetPlaceRequest.fromPartial({ name }), options);
  }

  /**
   * Returns one page of places: matching a name in any script (best first), the children of
   * `parent`, those `near` a point (nearest first) or inside a `boundingBox`.
   */
  listPlaces(query: ListPlacesQuery = {}, options?: CallOptions): Promise<ListPlacesResponse> {
    return this.transport.unary(PlaceServiceService.listPlaces, ListPlacesRequest.fromPartial(query), options);
  }

  /** Yields every place that `listPlaces` would page through. */
  places(query: ListPlacesQuery = {}, options?: CallOptions): AsyncGenerator<Place, void, undefined> {
    return allItems(
      (pageToken) => this.listPlaces({ ...query, pageToken }, options),
      (page) => page.places,
      query.pageToken,
    );
  }

  /** Creates a place. AlreadyExistsError if `placeId` or its GeoNames id is taken. */
  createPlace(query: CreatePlaceQuery, options?: CallOptions): Promise<Place> {
    return this.transport.unary(PlaceServiceService.createPlace, CreatePlaceRequest.fromPartial(query), options);
  }

  // --- Sources --------------------------------------------------------------------------------

  /** Returns one source. NotFoundError if none. */
  getSource(name: string, options?: CallOptions): Promise<Source> {
    return this.transport.unary(SourceServiceService.getSource, GetSourceRequest.fromPartial({ name }), options);
  }

  /** Returns one page of sources, in resource-name order. */
  listSources(query: ListSourcesQuery = {}, options?: CallOptions): Promise<ListSourcesResponse> {
    return this.transport.unary(SourceServiceService.listSources, ListSourcesRequest.fromPartial(query), options);
  }

  /** Yields every source. */
  sources(query: ListSourcesQuery = {}, options?: CallOptions): AsyncGenerator<Source, void, undefined> {
    return allItems(
      (pageToken) => this.listSources({ ...query, pageToken }, options),
      (page) => page.sources,
      query.pageToken,
    );
  }

  /** Creates a source. AlreadyExistsError if `sourceId` or its URL is taken. */
  createSource(query: CreateSourceQuery, options?: CallOptions): Promise<Source> {
    return this.transport.unary(SourceServiceService.createSource, CreateSourceRequest.fromPartial(query), options);
  }

  // --- Ingest ---------------------------------------------------------------------------------

  /**
   * Sends raw event records as one IngestEvents stream (one transaction, at most 10,000 records)
   * and returns one result per record, in order: CREATED, UPDATED, UNCHANGED or REJECTED.
   */
  ingestEvents(
    records: Iterable<DeepPartial<IngestRecord>>,
    settings: IngestEventsSettings = {},
    options?: CallOptions,
  ): Promise<IngestEventsResponse> {
    const messages = inMessages(records, (batch, first) =>
      IngestEventsRequest.fromPartial({ ...(first ? settings : {}), records: batch }),
    );
    return this.transport.clientStream(IngestServiceService.ingestEvents, messages, options);
  }

  /** Sends gazetteer rows as one IngestPlaces stream, upserting places by GeoNames id. */
  ingestPlaces(
    places: Iterable<DeepPartial<IngestPlace>>,
    settings: IngestPlacesSettings = {},
    options?: CallOptions,
  ): Promise<IngestPlacesResponse> {
    const messages = inMessages(places, (batch, first) =>
      IngestPlacesRequest.fromPartial({ ...(first ? settings : {}), places: batch }),
    );
    return this.transport.clientStream(IngestServiceService.ingestPlaces, messages, options);
  }

  // --- Dates in text --------------------------------------------------------------------------

  /**
   * Finds every date expression in `text` (Arabic, English or French, mixed or not), in the order
   * written, and reads each to a span as ingestion reads a record's date. Stores nothing.
   * InvalidArgumentError naming `time_zone` or `language` when the server knows neither.
   *
   * The offsets `[startOffset, endOffset)` count Unicode code points, not the UTF-16 units that
   * JavaScript string indices count: `Array.from(text).slice(d.startOffset, d.endOffset).join("")`
   * is `d.text` (`text.slice` is not, once the text holds a character beyond the BMP).
   */
  async parseDates(text: string, query: ParseDatesQuery = {}, options?: CallOptions): Promise<FoundDate[]> {
    const response = await this.transport.unary(
      DateServiceService.parseDates,
      ParseDatesRequest.fromPartial({ ...query, text }),
      options,
    );
    return response.dates;
  }
}

/** Groups `items` into stream messages of INGEST_MESSAGE_SIZE; always at least one message. */
function* inMessages<T, M>(items: Iterable<T>, message: (batch: T[], first: boolean) => M): Generator<M> {
  let batch: T[] = [];
  let first = true;
  for (const item of items) {
    batch.push(item);
    if (batch.length === INGEST_MESSAGE_SIZE) {
      yield message(batch, first);
      batch = [];
      first = false;
    }
  }
  if (batch.length > 0 || first) yield message(batch, first);
}
