// WatchEvents: the change log replayed from the start in cursor order, resumed from a cursor with
// exactly the changes after it, live changes, and a watch stopped by break or by an AbortSignal.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { WatchEventsResponse } from "../src/index.js";
import { connect, seedEventsInCreationOrder, take, takeUntil, uniqueId } from "./helpers.js";

const client = connect();
after(() => client.close());

/** A change as the assertions compare it. */
function describeChange(change: WatchEventsResponse): string {
  return `${change.cursor} ${change.kind} ${change.event?.name ?? ""}`;
}

/** A change without its cursor, which is opaque: the log numbers registry changes too. */
function kindAndName(change: WatchEventsResponse): string {
  return `${change.kind} ${change.event?.name ?? ""}`;
}

/** Cursors are opaque strings; the server's are strictly increasing numbers. */
function assertCursorsIncrease(changes: WatchEventsResponse[]): void {
  const cursors = changes.map((c) => BigInt(c.cursor));
  for (let i = 1; i < cursors.length; i++) {
    assert.ok(cursors[i]! > cursors[i - 1]!, `cursor ${cursors[i]} follows ${cursors[i - 1]}`);
  }
}

describe("watch", () => {
  it("replays the seed's six creations from cursor 0, in cursor order", async () => {
    const changes = await take(client.watch({ cursor: "0" }), 6);

    assert.deepEqual(
      changes.map(kindAndName),
      seedEventsInCreationOrder.map((name) => `CREATED ${name}`),
    );
    assertCursorsIncrease(changes);
    for (const [i, change] of changes.entries()) {
      assert.ok(change.changeTime instanceof Date);
      if (i > 0) assert.ok(change.changeTime >= changes[i - 1]!.changeTime!, "change times follow cursors");
    }
  });

  it("resumes after a cursor with exactly the changes after it, then follows new ones", async () => {
    // Mali's seed events from the start: the Moscow press conference (the sixth) is elsewhere.
    const mali = await take(client.watch({ places: ["places/ml"], cursor: "0" }), 5);
    assert.deepEqual(
      mali.map(kindAndName),
      seedEventsInCreationOrder.slice(0, 5).map((name) => `CREATED ${name}`),
    );
    // After the Tinzaouaten strikes (the third) come Tessalit and the drones.
    const third = mali[2]!.cursor;
    const resumed = client.watch({ places: ["places/ml"], cursor: third })[Symbol.asyncIterator]();
    const four = await resumed.next();
    const five = await resumed.next();
    assert.equal(describeChange(four.value as WatchEventsResponse), describeChange(mali[3]!));
    assert.equal(describeChange(five.value as WatchEventsResponse), describeChange(mali[4]!));

    const summary = `Checked by the watch test (${uniqueId("run")}).`;
    const nextChange = resumed.next();
    await client.updateEvent({
      event: { name: "events/tessalit-retaken-by-malian-army", summary },
      updateMask: ["summary"],
    });
    const update = (await nextChange).value as WatchEventsResponse;
    await resumed.return();

    assert.equal(update.kind, "UPDATED");
    assert.equal(update.event?.name, "events/tessalit-retaken-by-malian-army");
    assert.equal(update.event?.summary, summary);

    // The same selection replayed from the start holds exactly these after the third.
    const replay = await takeUntil(
      client.watch({ places: ["places/ml"], cursor: "0" }),
      (c) => c.cursor === update.cursor,
    );
    assertCursorsIncrease(replay);
    const afterThree = replay.slice(replay.findIndex((c) => c.cursor === third) + 1);
    assert.deepEqual(
      afterThree.map(describeChange),
      [four.value, five.value, update].map((c) => describeChange(c as WatchEventsResponse)),
    );
  });

  it("stops waiting for the next change when its signal aborts", async () => {
    const controller = new AbortController();
    const changes = client.watch({ cursor: "0" }, { signal: controller.signal })[Symbol.asyncIterator]();
    await changes.next();

    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(
      (async () => {
        for (;;) await changes.next();
      })(),
      { name: "AbortError" },
    );
    assert.ok(Date.now() - started < 5_000, "an idle watch ends promptly");
  });

  it("ends its call when the loop breaks", async () => {
    let seen = 0;
    for await (const change of client.watch({ cursor: "0" })) {
      assert.equal(kindAndName(change), `CREATED ${seedEventsInCreationOrder[0]}`);
      seen++;
      break;
    }
    assert.equal(seen, 1);
  });
});
