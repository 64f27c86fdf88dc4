// Consistency tokens: kept from a call's trailers, the newest winning, and sent with later calls.
// The server's side, and reading from a real standby, are tested in
// tests/integration/replica_reads_test.cc and tests/e2e/replica_reads_e2e.sh.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Metadata } from "@grpc/grpc-js";
import { CONSISTENCY_TOKEN_KEY } from "../src/index.js";
import { ConsistencyTokens, walPosition } from "../src/consistency.js";
import { connect, uniqueId } from "./helpers.js";

function trailers(...tokens: string[]): Metadata {
  const metadata = new Metadata();
  for (const token of tokens) metadata.add(CONSISTENCY_TOKEN_KEY, token);
  return metadata;
}

describe("consistency tokens", () => {
  it("reads PostgreSQL's text form of a WAL position", () => {
    assert.equal(walPosition("16/B374D848"), (0x16n << 32n) | 0xb374d848n);
    assert.equal(walPosition("0/0"), 0n);
    for (const bad of ["", "16", "x/1", "1/y", "123456789/0"]) assert.equal(walPosition(bad), undefined);
  });

  it("keeps the newest token and sends it", () => {
    const tokens = new ConsistencyTokens();
    assert.deepEqual(tokens.addTo(new Metadata()).get(CONSISTENCY_TOKEN_KEY), []);
    tokens.remember(trailers("0/3000148"));
    tokens.remember(trailers("0/2000000")); // an older write finishing late changes nothing
    tokens.remember(trailers("not a token"));
    tokens.remember(undefined);
    assert.equal(tokens.token, "0/3000148");
    tokens.remember(trailers("1/0"));
    assert.deepEqual(tokens.addTo(new Metadata()).get(CONSISTENCY_TOKEN_KEY), ["1/0"]);
  });

  it("starts from another client's token when given one", () => {
    assert.equal(new ConsistencyTokens("0/10").token, "0/10");
    assert.equal(new ConsistencyTokens("garbage").token, undefined);
  });

  it("gets none from a server that reads no replica", async () => {
    const client = connect();
    try {
      const actor = await client.createActor({
        actorId: uniqueId("ts-token"),
        actor: { displayName: "Token Test Group", kind: "ARMED_GROUP", countryCode: "ML" },
      });
      await client.deleteActor({ name: actor.name });
      assert.equal(client.consistencyToken, undefined);
    } finally {
      client.close();
    }
  });
});
