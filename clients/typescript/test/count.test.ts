// CountEvents: histograms whose buckets never pass a month-precision event off as an event of
// the 1st, and which keep undated events out of the buckets.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { connect, september2024, year2024 } from "./helpers.js";

const client = connect();
after(() => client.close());

describe("countEvents", () => {
  it("counts Mali in 2024 by month: one dated event, four undated", async () => {
    const counts = await client.countEvents({
      places: ["places/ml"],
      timeRange: year2024,
      interval: "MONTH",
      timeZone: "Africa/Bamako",
    });

    assert.equal(counts.eventCount, 1);
    assert.equal(counts.undatedCount, 4);
    assert.equal(counts.impreciseCount, 0);
    assert.equal(counts.timeZone, "Africa/Bamako");
    assert.equal(counts.buckets.length, 12);
    assert.equal(counts.buckets[0]?.startTime?.toISOString(), "2024-01-01T00:00:00.000Z");
    const nonEmpty = counts.buckets.filter((b) => b.eventCount > 0);
    assert.deepEqual(
      nonEmpty.map((b) => [
        b.startTime?.toISOString(),
        b.endTime?.toISOString(),
        b.eventCount,
        b.fatalitiesUnknownCount,
      ]),
      [["2024-09-01T00:00:00.000Z", "2024-10-01T00:00:00.000Z", 1, 1]],
    );
  });

  it("counts the month-precision attacks once by day, as imprecise", async () => {
    const counts = await client.countEvents({
      places: ["places/ml"],
      timeRange: september2024,
      interval: "DAY",
      timeZone: "Africa/Bamako",
    });

    assert.equal(counts.buckets.length, 30);
    const nonEmpty = counts.buckets.filter((b) => b.eventCount > 0);
    assert.deepEqual(
      nonEmpty.map((b) => [b.startTime?.toISOString(), b.eventCount, b.impreciseCount]),
      [["2024-09-01T00:00:00.000Z", 1, 1]],
    );
  });

  it("leaves imprecise events out of the buckets with OMIT", async () => {
    const counts = await client.countEvents({
      places: ["places/ml"],
      timeRange: september2024,
      interval: "DAY",
      impreciseEvents: "OMIT",
    });

    assert.equal(counts.eventCount, 0);
    assert.equal(counts.impreciseCount, 1);
  });

  it("splits by event type", async () => {
    const counts = await client.countEvents({
      places: ["places/ml"],
      timeRange: year2024,
      interval: "YEAR",
      groupBy: "EVENT_TYPE",
    });

    assert.deepEqual(
      counts.groups.map((g) => [g.group, g.eventCount]),
      [["attack", 1]],
    );
  });
});
