// The public surface of @timeline/client: the client, its options, its errors, and the message
// types of the Timeline API (generated from proto/timeline/v1 at build time).

export { TimelineClient, type TimelineClientOptions } from "./client.js";
export { CONSISTENCY_TOKEN_KEY } from "./consistency.js";
export { RegistryCuration } from "./curation.js";
export { DEFAULT_DEADLINE_MS, type CallOptions } from "./transport.js";
export type { ReconnectEvent, ReconnectOptions } from "./retry.js";
export type {
  CountEventsQuery,
  CreateActorQuery,
  CreateEventQuery,
  CreatePlaceQuery,
  CreateSourceQuery,
  DeepPartial,
  DeleteQuery,
  EventSelection,
  ExportQuery,
  IngestEventsSettings,
  IngestPlacesSettings,
  ListActorsQuery,
  ListEventsQuery,
  ListPlacesQuery,
  ListRelatedActorsQuery,
  ListSourcesQuery,
  MergeEventsQuery,
  MergeQuery,
  ParseDatesQuery,
  SplitQuery,
  StreamOptions,
  UpdateActorQuery,
  UpdateEventQuery,
  UpdatePlaceQuery,
  UpdateSourceQuery,
  WatchActorsQuery,
  WatchPlacesQuery,
  WatchQuery,
} from "./requests.js";
export {
  AlreadyExistsError,
  CancelledError,
  Code,
  ConflictError,
  DeadlineExceededError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  TimelineError,
  UnauthenticatedError,
  UnavailableError,
  type FieldViolation,
  type TimelineErrorOptions,
} from "./errors.js";

export { Precision, TimeRange, TimeRange_Match, TimeSpan } from "./gen/timeline/v1/time.js";
export {
  ActorRole,
  Count,
  CountEventsRequest_GroupBy,
  CountEventsRequest_ImpreciseEvents,
  CountEventsRequest_Interval,
  CountEventsResponse,
  Event,
  EventActor,
  EventPlace,
  EventSource,
  ExportEventsResponse,
  ExternalId,
  GroupCount,
  HistogramBucket,
  ListEventsResponse,
  PlaceRole,
  WatchEventsResponse,
  WatchEventsResponse_Kind,
} from "./gen/timeline/v1/event.js";
export {
  Actor,
  ActorKind,
  ActorName,
  ListActorsResponse,
  ListRelatedActorsResponse,
  RelatedActor,
  RolePair,
  RoleTerm,
  WatchActorsResponse,
  WatchActorsResponse_Kind,
} from "./gen/timeline/v1/actor.js";
export {
  BoundingBox,
  LatLng,
  ListPlacesResponse,
  LocationPrecision,
  Near,
  Place,
  PlaceKind,
  PlaceName,
  WatchPlacesResponse,
  WatchPlacesResponse_Kind,
} from "./gen/timeline/v1/place.js";
export { ListSourcesResponse, Source } from "./gen/timeline/v1/source.js";
export { FoundDate, ParseDatesResponse } from "./gen/timeline/v1/date.js";
export {
  DateExpression,
  IngestActor,
  IngestEventsResponse,
  IngestNote,
  IngestPlace,
  IngestPlaceResult,
  IngestPlacesResponse,
  IngestRecord,
  IngestResult,
  IngestResult_Outcome,
  IngestSource,
} from "./gen/timeline/v1/ingest.js";
