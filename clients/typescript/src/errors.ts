// The errors a Timeline call can fail with: one class per gRPC status code the service uses, so
// that callers can `instanceof` instead of comparing numbers, and the field violations of an
// INVALID_ARGUMENT decoded from the `grpc-status-details-bin` trailer.

import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { BadRequest } from "./gen/google/rpc/error_details.js";
import { Status } from "./gen/google/rpc/status.js";

/** The gRPC status codes, re-exported so callers need not import `@grpc/grpc-js` to compare. */
export { status as Code };

/** One wrong field of a request, as the service names it in a `google.rpc.BadRequest`. */
export interface FieldViolation {
  /** The path to the field, such as `"time_range.end_time"` or `"event_types[0]"`. */
  readonly field: string;
  /** Why the value is wrong. */
  readonly description: string;
}

const BAD_REQUEST_TYPE_URL = "type.googleapis.com/google.rpc.BadRequest";
const STATUS_DETAILS_KEY = "grpc-status-details-bin";

/** The options every Timeline error is built from. */
export interface TimelineErrorOptions {
  /** The server's message, without the code. */
  readonly details: string;
  /** The trailers the call ended with. */
  readonly metadata?: Metadata;
  /** The error this one was made from, usually a grpc-js `ServiceError`. */
  readonly cause?: unknown;
}

/**
 * A call to Timeline that failed. Its subclasses name the status codes the service uses; any
 * other code is a plain `TimelineError`.
 */
export class TimelineError extends Error {
  /** The gRPC status code, such as `Code.NOT_FOUND` (5). */
  readonly code: status;
  /** The server's message, without the code: `"events/nope does not exist"`. */
  readonly details: string;
  /** The trailers the call ended with (empty when the call never reached the server). */
  readonly metadata: Metadata;

  /**
   * @param code - the gRPC status code
   * @param options - the server's message, the trailers and the underlying error
   */
  constructor(code: status, options: TimelineErrorOptions) {
    super(`${status[code] ?? code}: ${options.details}`, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
    this.metadata = options.metadata ?? new Metadata();
  }

  /** The status code's name, such as `"INVALID_ARGUMENT"`. */
  get codeName(): string {
    return status[this.code] ?? String(this.code);
  }
}

/**
 * INVALID_ARGUMENT: the request was wrong. `fieldViolations` names every bad field, decoded from
 * the `google.rpc.BadRequest` the service sends in the `grpc-status-details-bin` trailer.
 */
export class InvalidArgumentError extends TimelineError {
  /** Every wrong field, in the order the server reported them. */
  readonly fieldViolations: readonly FieldViolation[];

  /**
   * @param options - as for {@link TimelineError}; the violations are read from its metadata
   */
  constructor(options: TimelineErrorOptions) {
    super(status.INVALID_ARGUMENT, options);
    this.fieldViolations = options.metadata ? decodeFieldViolations(options.metadata) : [];
  }

  /** The description of what is wrong with `field`, or undefined when it was not named. */
  violation(field: string): string | undefined {
    return this.fieldViolations.find((v) => v.field === field)?.description;
  }
}

/** NOT_FOUND: a named resource (an event, actor, place or source) does not exist. */
export class NotFoundError extends TimelineError {
  /** @param options - as for {@link TimelineError} */
  constructor(options: TimelineErrorOptions) {
    super(status.NOT_FOUND, options);
  }
}

/** ALREADY_EXISTS: a create named an id (or an external id, a URL) that is taken. */
export class AlreadyExistsError extends TimelineError {
  /** @param options - as for {@link TimelineError} */
  constructor(options: TimelineErrorOptions) {
    super(status.ALREADY_EXISTS, options);
  }
}

/**
 * ABORTED: a write sent an etag that is stale because someone changed the resource in between
 * (AIP-154). Read it again and retry. (Named for what it means, so it is not mistaken for the
 * `AbortError` of an `AbortSignal`.)
 */
export class ConflictError extends TimelineError {
  /** @param options - as for {@link TimelineError} */
  constructor(options: TimelineErrorOptions) {
    super(status.ABORTED, options);
  }
}

/** FAILED_PRECONDITION: the request cannot be applied to the resource as it is now. */
export class FailedPreconditionError extends TimelineError {
  /** @param options - as for {@link TimelineError} */
  constructor(options: TimelineErrorOptions) {
    super(status.FAILED_PRECONDITION, options);
  }
}

/** DEADLINE_EXCEEDED: the call's deadline passed before it was answered. */
export class DeadlineExceededError extends TimelineError {
  /** @param options - as for {@link TimelineError} */
  constructor(options: TimelineErrorOptions) {
    super(status.DEADLINE_EXCEEDED, options);
  }
}

/**
 * UNAVAILABLE: the server could not be reached, or could not reach its database. Safe to retry
 * with backoff; `watch` and `export` do so by themselves.
 */
export class UnavailableError extends TimelineError {
  /** @param options - as for {@link TimelineError} */
  constructor(options: TimelineErrorOptions) {
    super(status.UNAVAILABLE, options);
  }
}

/** RESOURCE_EXHAUSTED: the server is serving as many calls as it can; retry later. */
export class ResourceExhaustedError extends TimelineError {
  /** @param options - as for {@link TimelineError} */
  constructor(options: TimelineErrorOptions) {
    super(status.RESOURCE_EXHAUSTED, options);
  }
}

/** UNAUTHENTICATED: the call carried no valid credentials. */
export class UnauthenticatedError extends TimelineError {
  /** @param options - as for {@link TimelineError} */
  constructor(options: TimelineErrorOptions) {
    super(status.UNAUTHENTICATED, options);
  }
}

/** PERMISSION_DENIED: the caller may not do this. */
export class PermissionDeniedError extends TimelineError {
  /** @param options - as for {@link TimelineError} */
  constructor(options: TimelineErrorOptions) {
    super(status.PERMISSION_DENIED, options);
  }
}

/** CANCELLED: the call was cancelled (by the server, or by a cancel that was not an abort). */
export class CancelledError extends TimelineError {
  /** @param options - as for {@link TimelineError} */
  constructor(options: TimelineErrorOptions) {
    super(status.CANCELLED, options);
  }
}

type ErrorClass = new (options: TimelineErrorOptions) => TimelineError;

const ERROR_CLASSES: ReadonlyMap<status, ErrorClass> = new Map<status, ErrorClass>([
  [status.CANCELLED, CancelledError],
  [status.INVALID_ARGUMENT, InvalidArgumentError],
  [status.DEADLINE_EXCEEDED, DeadlineExceededError],
  [status.NOT_FOUND, NotFoundError],
  [status.ALREADY_EXISTS, AlreadyExistsError],
  [status.PERMISSION_DENIED, PermissionDeniedError],
  [status.RESOURCE_EXHAUSTED, ResourceExhaustedError],
  [status.FAILED_PRECONDITION, FailedPreconditionError],
  [status.ABORTED, ConflictError],
  [status.UNAVAILABLE, UnavailableError],
  [status.UNAUTHENTICATED, UnauthenticatedError],
]);

/** Builds the error class that matches `code`, or a plain TimelineError for any other code. */
export function timelineError(code: status, options: TimelineErrorOptions): TimelineError {
  const ErrorClass = ERROR_CLASSES.get(code);
  return ErrorClass ? new ErrorClass(options) : new TimelineError(code, options);
}

/**
 * Turns what a grpc-js call failed with into a TimelineError. Anything that is not a gRPC
 * status (a bug, a failed decode) is wrapped as UNKNOWN rather than passed through, so callers
 * can rely on the class.
 */
export function fromServiceError(error: unknown): TimelineError {
  if (error instanceof TimelineError) return error;
  if (isServiceError(error)) {
    return timelineError(error.code, { details: error.details, metadata: error.metadata, cause: error });
  }
  const details = error instanceof Error ? error.message : String(error);
  return new TimelineError(status.UNKNOWN, { details, cause: error });
}

function isServiceError(error: unknown): error is ServiceError {
  return (
    error instanceof Error &&
    typeof (error as Partial<ServiceError>).code === "number" &&
    (error as Partial<ServiceError>).metadata instanceof Metadata
  );
}

/**
 * Reads the field violations of the `google.rpc.Status` in a call's trailers. A trailer that is
 * missing or does not decode gives none: the status code and message still stand on their own.
 */
export function decodeFieldViolations(metadata: Metadata): FieldViolation[] {
  const violations: FieldViolation[] = [];
  for (const value of metadata.get(STATUS_DETAILS_KEY)) {
    if (typeof value === "string") continue;
    try {
      for (const detail of Status.decode(value).details) {
        if (detail.typeUrl !== BAD_REQUEST_TYPE_URL) continue;
        for (const { field, description } of BadRequest.decode(detail.value).fieldViolations) {
          violations.push({ field, description });
        }
      }
    } catch {
      // A malformed trailer is the server's bug; the status itself is still reported.
    }
  }
  return violations;
}
