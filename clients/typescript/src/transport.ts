// One gRPC channel for every Timeline service, and the three call shapes the client uses
// (unary, server stream, client stream) with what each call needs: the bearer token, a deadline,
// an AbortSignal, and errors turned into TimelineError.

import {
  Client,
  Metadata,
  credentials as grpcCredentials,
  type CallOptions as GrpcCallOptions,
  type ChannelCredentials,
  type ChannelOptions,
  type ClientReadableStream,
  type MethodDefinition,
} from "@grpc/grpc-js";
import { ConsistencyTokens } from "./consistency.js";
import { UnavailableError, fromServiceError } from "./errors.js";

/** Options of one call. */
export interface CallOptions {
  /**
   * Cancels the call when aborted. The promise then rejects (or the iteration throws) with the
   * signal's `reason`, an `AbortError` unless the caller gave another.
   */
  readonly signal?: AbortSignal;
  /**
   * How long the call may take, in milliseconds; overrides the client's `deadlineMs`. `Infinity`
   * means no deadline.
   */
  readonly deadlineMs?: number;
}

/** How to reach the server. */
export interface TransportOptions {
  /** Channel credentials. Default: plaintext (`credentials.createInsecure()`). */
  readonly credentials?: ChannelCredentials;
  /** A bearer token sent as `authorization: Bearer <token>` with every call. */
  readonly token?: string;
  /** The deadline of unary calls, in milliseconds. Default 30 000; `Infinity` for none. */
  readonly deadlineMs?: number;
  /** grpc-js channel options, such as `"grpc.max_reconnect_backoff_ms"`. */
  readonly channelOptions?: ChannelOptions;
  /**
   * Another client's `consistencyToken`: this one's reads then see that client's writes, even
   * when the server reads from a replica (docs/replicas.md).
   */
  readonly consistencyToken?: string;
}

/** The default deadline of unary calls. */
export const DEFAULT_DEADLINE_MS = 30_000;

// grpc-js waits up to 120 s between connection attempts to a server that went away; a feed that
// reconnects by itself should notice a restarted server sooner than that.
const DEFAULT_CHANNEL_OPTIONS: ChannelOptions = {
  "grpc.initial_reconnect_backoff_ms": 250,
  "grpc.max_reconnect_backoff_ms": 5_000,
};

/** The channel and per-call plumbing shared by every method of TimelineClient. */
export class Transport {
  private readonly client: Client;
  private readonly token: string | undefined;
  private readonly deadlineMs: number;
  /** The newest consistency token of this client's calls, sent with every later one. */
  readonly tokens: ConsistencyTokens;

  /**
   * @param address - `host:port` of the server
   * @param options - credentials, token, default deadline and channel options
   */
  constructor(address: string, options: TransportOptions = {}) {
    this.client = new Client(address, options.credentials ?? grpcCredentials.createInsecure(), {
      ...DEFAULT_CHANNEL_OPTIONS,
      ...options.channelOptions,
    });
    this.token = options.token;
    this.tokens = new ConsistencyTokens(options.consistencyToken);
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  }

  /** Closes the channel; calls under way fail with CANCELLED or UNAVAILABLE. */
  close(): void {
    this.client.close();
  }

  /** Resolves once the channel is connected, or rejects with UNAVAILABLE after `timeoutMs`. */
  waitForReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.waitForReady(Date.now() + timeoutMs, (error) => {
        if (error)
          reject(
            new UnavailableError({ details: `not connected within ${timeoutMs} ms: ${error.message}`, cause: error }),
          );
        else resolve();
      });
    });
  }

  /** Makes a unary call. */
  unary<Req, Res>(method: MethodDefinition<Req, Res>, request: Req, options: CallOptions = {}): Promise<Res> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const call = this.client.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        request,
        this.metadata(),
        this.callOptions(options.deadlineMs ?? this.deadlineMs),
        (error, response) => {
          signal?.removeEventListener("abort", cancel);
          if (signal?.aborted) reject(signal.reason);
          else if (error) reject(fromServiceError(error));
          else resolve(response as Res);
        },
      );
      // grpc-js emits the status (with the trailers) right after the callback, before any
      // continuation of the promise runs.
      call.on("status", (status) => this.tokens.remember(status.metadata));
      const cancel = (): void => call.cancel();
      signal?.addEventListener("abort", cancel, { once: true });
    });
  }

  /**
   * Sends `requests` as one client stream and resolves with the single response. The messages
   * are written as they come; the stream is half-closed after the last.
   */
  clientStream<Req, Res>(
    method: MethodDefinition<Req, Res>,
    requests: Iterable<Req>,
    options: CallOptions = {},
  ): Promise<Res> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const call = this.client.makeClientStreamRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        this.metadata(),
        this.callOptions(options.deadlineMs ?? this.deadlineMs),
        (error, response) => {
          signal?.removeEventListener("abort", cancel);
          if (signal?.aborted) reject(signal.reason);
          else if (error) reject(fromServiceError(error));
          else resolve(response as Res);
        },
      );
      call.on("status", (status) => this.tokens.remember(status.metadata));
      const cancel = (): void => call.cancel();
      signal?.addEventListener("abort", cancel, { once: true });
      for (const request of requests) call.write(request);
      call.end();
    });
  }

  /**
   * Opens a server stream. Streams have no deadline unless `options.deadlineMs` gives one;
   * cancelling is the caller's business (see streams.ts), so `options.signal` is not used here.
   */
  serverStream<Req, Res>(
    method: MethodDefinition<Req, Res>,
    request: Req,
    options: CallOptions = {},
  ): ClientReadableStream<Res> {
    return this.client.makeServerStreamRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      request,
      this.metadata(),
      this.callOptions(options.deadlineMs ?? Infinity),
    );
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.token !== undefined) metadata.set("authorization", `Bearer ${this.token}`);
    return this.tokens.addTo(metadata);
  }

  private callOptions(deadlineMs: number): GrpcCallOptions {
    return Number.isFinite(deadlineMs) && deadlineMs > 0 ? { deadline: Date.now() + deadlineMs } : {};
  }
}
