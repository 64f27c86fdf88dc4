// Read-your-writes when the server reads from a replica (docs/replicas.md in the repository): a
// write answers with the timeline-consistency-token trailer, the primary's WAL position after its
// commit, and a read that sends it back as metadata sees that write. A client keeps the newest
// token its calls were given and sends it with every later call.

import type { Metadata } from "@grpc/grpc-js";

/** The metadata key of the consistency token, in a write's trailers and in a read's metadata. */
export const CONSISTENCY_TOKEN_KEY = "timeline-consistency-token";

/** The WAL position a token names ("16/B374D848"), or undefined for anything else. */
export function walPosition(token: string): bigint | undefined {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(token);
  if (!match) return undefined;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** The newest token one client was given. */
export class ConsistencyTokens {
  private kept: { token: string; position: bigint } | undefined;

  /** @param initial - a token to start from (another client's); ignored unless well formed */
  constructor(initial?: string) {
    const position = initial === undefined ? undefined : walPosition(initial);
    if (initial !== undefined && position !== undefined) this.kept = { token: initial, position };
  }

  /** The token kept, or undefined before any write (or while the server reads no replica). */
  get token(): string | undefined {
    return this.kept?.token;
  }

  /** Keeps the token among a call's trailers when it is newer than the one kept. */
  remember(trailers: Metadata | undefined): void {
    for (const value of trailers?.get(CONSISTENCY_TOKEN_KEY) ?? []) {
      const token = value.toString();
      const position = walPosition(token);
      if (position === undefined) continue;
      if (this.kept === undefined || position > this.kept.position) this.kept = { token, position };
    }
  }

  /** Adds the kept token to a call's metadata. */
  addTo(metadata: Metadata): Metadata {
    if (this.kept !== undefined) metadata.set(CONSISTENCY_TOKEN_KEY, this.kept.token);
    return metadata;
  }
}
