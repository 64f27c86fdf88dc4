// How a stream that broke waits before it reconnects: exponential backoff with jitter, and a
// sleep that an AbortSignal ends early.

import { status } from "@grpc/grpc-js";
import type { TimelineError } from "./errors.js";

/** What `watch` and `export` pass to `onReconnect` before each wait. */
export interface ReconnectEvent {
  /** Why the stream broke (UNAVAILABLE, or an end the server gave a stream that never ends). */
  readonly error: TimelineError;
  /** 1 for the first reconnection after the stream last delivered something, then 2, 3... */
  readonly attempt: number;
  /** How long the client waits before reconnecting. */
  readonly delayMs: number;
}

/** How a stream reconnects after the connection breaks. */
export interface ReconnectOptions {
  /** The first wait, in milliseconds; each further attempt in a row doubles it. Default 100. */
  readonly initialDelayMs?: number;
  /** The longest wait, in milliseconds. Default 5 000. */
  readonly maxDelayMs?: number;
  /**
   * Attempts in a row, without a message in between, before the stream gives up and throws the
   * last error. Default: unlimited for `watch`, 10 for `export`; 0 never reconnects.
   */
  readonly maxAttempts?: number;
  /** Called before each wait: for logging, or to count reconnections. */
  readonly onReconnect?: (event: ReconnectEvent) => void;
}

/** ReconnectOptions with every default filled in. */
export type ReconnectPolicy = Required<Omit<ReconnectOptions, "onReconnect">> & Pick<ReconnectOptions, "onReconnect">;

/** Fills in the defaults of `options`, with `maxAttempts` defaulting to `defaultMaxAttempts`. */
export function reconnectPolicy(options: ReconnectOptions | undefined, defaultMaxAttempts: number): ReconnectPolicy {
  return {
    initialDelayMs: options?.initialDelayMs ?? 100,
    maxDelayMs: options?.maxDelayMs ?? 5_000,
    maxAttempts: options?.maxAttempts ?? defaultMaxAttempts,
    onReconnect: options?.onReconnect,
  };
}

/** Whether a broken stream may be reopened: only when the server could not be reached. */
export function isReconnectable(error: TimelineError): boolean {
  return error.code === status.UNAVAILABLE;
}

/**
 * The wait before reconnection `attempt` (from 1): doubling from initialDelayMs up to maxDelayMs,
 * each scaled by a random factor in [0.8, 1.2) so that the watchers of a restarted server do not
 * all come back at the same instant.
 */
export function backoffDelay(attempt: number, policy: ReconnectPolicy): number {
  const exponential = policy.initialDelayMs * 2 ** Math.min(attempt - 1, 30);
  const jittered = Math.min(exponential, policy.maxDelayMs) * (0.8 + 0.4 * Math.random());
  return Math.round(Math.min(jittered, policy.maxDelayMs));
}

/** Waits `ms` milliseconds; rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
