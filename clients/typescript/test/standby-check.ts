// Not a test of run-tests (which needs no replica): tests/e2e/replica_reads_e2e.sh runs it against
// a timelined whose standby has paused replay. One client reads its own write, a fresh one misses
// it (the standby answered), one made with the writer's token sees it.
// Usage: node dist/test/standby-check.js HOST:PORT

import assert from "node:assert/strict";
import { NotFoundError, TimelineClient } from "../src/index.js";

const address = process.argv[2];
if (!address) throw new Error("usage: standby-check.js HOST:PORT");
const writer = new TimelineClient(address);
const fresh = new TimelineClient(address);
let given: TimelineClient | undefined;
try {
  const actor = await writer.createActor({
    actorId: `ts-replica-${Date.now().toString(36)}`,
    actor: { displayName: "TypeScript Replica Group", kind: "ARMED_GROUP", countryCode: "ML" },
  });
  const token = writer.consistencyToken;
  assert.ok(token, "the write returned no consistency token");
  assert.equal((await writer.getActor(actor.name)).name, actor.name);
  await assert.rejects(fresh.getActor(actor.name), NotFoundError);
  given = new TimelineClient(address, { consistencyToken: token });
  assert.equal((await given.getActor(actor.name)).name, actor.name);
  console.log(`typescript client: ok, token ${token}`);
} finally {
  writer.close();
  fresh.close();
  given?.close();
}
