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

describe("watch", () => {
  it("replays the seed's six creations from cursor 0, in cursor order", async () => {
    const changes = await take(client.watch({ cursor: "0" }), 6);

    assert.deepEqual(
      changes.map(describeChange),
      seedEventsInCreationOrder.map((name, i) => `${i + 1} CREATED ${name}`),
    );
    for (const [i, change] of changes.entries()) {
      assert.ok(change.changeTime instanceof Date);
      if (i > 0) assert.ok(change.changeTime >= changes[i - 1]!.changeTime!, "change times follow cursors");
    }
  });

  it("resumes after a cursor with exactly the changes after it, then follows new ones", async () => {
    // Cursor 3 is the Tinzaouaten strikes. After it come Tessalit (4) and the drones (5); the
    // Moscow press conference (6) is outside Mali.
    const resumed = client.watch({ places: ["places/ml"], cursor: "3" })[Symbol.asyncIterator]();
    const four = await resumed.next();
    const five = await resumed.next();
    assert.equal(describeChange(four.value as WatchEventsResponse), "4 CREATED events/tessalit-retaken-by-malian-army");
    assert.equal(describeChange(five.value as WatchEventsResponse), "5 CREATED events/turkey-supplies-drones-to-mali");

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

    // The same selection replayed from the start holds exactly these after cursor 3.
    const replay = await takeUntil(
      client.watch({ places: ["places/ml"], cursor: "0" }),
      (c) => c.cursor === update.cursor,
    );
    const afterThree = replay.slice(replay.findIndex((c) => c.cursor === "3") + 1);
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
      assert.equal(change.cursor, "1");
      seen++;
      break;
    }
    assert.equal(seen, 1);
  });
});
