// Server streams as async iterables that survive a broken connection: each message moves a
// resume position forward (a watch cursor, an export resume token), and when the connection
// breaks the stream is reopened from that position after a backoff, so the caller sees every
// message once and in order. Breaking out of the loop or aborting the signal cancels the call.

import type { ClientReadableStream } from "@grpc/grpc-js";
import { UnavailableError, fromServiceError, type TimelineError } from "./errors.js";
import { backoffDelay, isReconnectable, sleep, type ReconnectPolicy } from "./retry.js";

/** A watch request (WatchEvents, WatchActors, WatchPlaces): where the stream starts. */
export interface CursorRequest {
  cursor: string;
  startTime?: Date | undefined;
}

/** A server stream that can be reopened where it broke. */
export interface ResumableStream<T> {
  /** Opens the stream at the current resume position. */
  open(): ClientReadableStream<T>;
  /** Records that `message` was delivered, moving the resume position past it. */
  advance(message: T): void;
  /**
   * True for streams that never end by themselves (a watch): an end is then a disconnect and
   * the stream is reopened. False for streams that end when they are done (an export).
   */
  readonly endless: boolean;
}

/**
 * Yields the messages of `stream`, reopening it per `policy` when the connection breaks. Throws
 * the first error that is not UNAVAILABLE, the last error once `policy.maxAttempts` reopenings in
 * a row failed, or the signal's reason once it aborts.
 */
export async function* resumable<T>(
  stream: ResumableStream<T>,
  policy: ReconnectPolicy,
  signal?: AbortSignal,
): AsyncGenerator<T, void, undefined> {
  let attempt = 0;
  for (;;) {
    signal?.throwIfAborted();
    let delivered = false;
    const outcome = yield* relay(stream.open(), signal, (message) => {
      delivered = true;
      stream.advance(message);
    });
    if (outcome === "completed" && !stream.endless) return;
    const error = outcome === "completed" ? new UnavailableError({ details: "the server ended the stream" }) : outcome;
    if (!isReconnectable(error)) throw error;
    attempt = delivered ? 1 : attempt + 1;
    if (attempt > policy.maxAttempts) throw error;
    const delayMs = backoffDelay(attempt, policy);
    policy.onReconnect?.({ error, attempt, delayMs });
    await sleep(delayMs, signal);
  }
}

/**
 * Yields the messages of one call until it ends. Returns "completed" when it ended with OK and
 * the error when it failed; throws the signal's reason when it was aborted. The call is cancelled
 * however the iteration stops, including by the consumer breaking out of its loop.
 */
async function* relay<T>(
  call: ClientReadableStream<T>,
  signal: AbortSignal | undefined,
  onMessage: (message: T) => void,
): AsyncGenerator<T, "completed" | TimelineError, undefined> {
  const cancel = (): void => call.cancel();
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    for await (const message of call as AsyncIterable<T>) {
      onMessage(message);
      yield message;
    }
    return "completed";
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return fromServiceError(error);
  } finally {
    signal?.removeEventListener("abort", cancel);
    call.cancel();
  }
}

/**
 * Follows a change feed without end (`open` starts WatchEvents, WatchActors or WatchPlaces with
 * the request it is given): each change moves the request's cursor, so a reopened stream
 * continues exactly after the last change delivered. A watch of "the next change made" that
 * breaks before its first change reopens from when it first connected, by this machine's clock;
 * once a change arrives, its cursor takes precedence.
 */
export function followChanges<Req extends CursorRequest, Res extends { cursor: string }>(
  open: (request: Req) => ClientReadableStream<Res>,
  request: Req,
  policy: ReconnectPolicy,
  signal?: AbortSignal,
): AsyncGenerator<Res, void, undefined> {
  return resumable(
    {
      open: () => {
        const openedAt = new Date();
        const call = open({ ...request });
        request.startTime ??= openedAt;
        return call;
      },
      advance: (change) => {
        request.cursor = change.cursor;
      },
      endless: true,
    },
    policy,
    signal,
  );
}
