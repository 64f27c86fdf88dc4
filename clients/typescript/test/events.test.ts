// Reading events: one by name, pages of a selection, every page as one iteration, time ranges
// (OVERLAPS and WITHIN), the place hierarchy and filters, checked against the seed data.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { connect, eremPublished, maliEventsByStartTime, names, september2024, year2024, collect } from "./helpers.js";

const client = connect();
after(() => client.close());

describe("getEvent", () => {
  it("returns the Bamako attacks as a month-precision span, with Dates", async () => {
    const event = await client.getEvent("events/bamako-attacks-2024-09");

    assert.equal(event.title, "Attacks on a gendarmerie school and a military airport in Bamako");
    assert.equal(event.eventType, "attack");
    assert.ok(event.time?.startTime instanceof Date);
    assert.equal(event.time?.startTime?.toISOString(), "2024-09-01T00:00:00.000Z");
    assert.equal(event.time?.endTime?.toISOString(), "2024-10-01T00:00:00.000Z");
    assert.equal(event.time?.precision, "PRECISION_MONTH");
    assert.equal(event.time?.timeZone, "Africa/Bamako");
    assert.equal(event.time?.text, "سبتمبر/أيلول الماضي");
    // "more than 70" killed and "more than 200" injured are lower bounds, nothing more.
    assert.deepEqual(event.fatalities, { low: 71, best: undefined, high: undefined });
    assert.deepEqual(event.injured, { low: 201, best: undefined, high: undefined });
    assert.deepEqual(
      event.places.map((p) => [p.place, p.role]),
      [
        ["places/ml-bamako", "LOCATION"],
        ["places/ml-bamako-gendarmerie-school", "TARGET_SITE"],
        ["places/ml-bamako-military-airport", "TARGET_SITE"],
      ],
    );
    assert.deepEqual(
      event.actors.map((a) => [a.actor, a.role]),
      [
        ["actors/malian-armed-forces", "TARGET"],
        ["actors/malian-armed-forces", "VICTIM"],
      ],
    );
    assert.equal(event.sources[0]?.source, "sources/erem-news-2024-10-12-bamako-ankara");
    assert.equal(event.sources[0]?.publishedTime?.getTime(), eremPublished.getTime());
  });

  it("returns an unresolved event with neither bound", async () => {
    const event = await client.getEvent("events/diop-lavrov-press-conference-moscow");

    assert.equal(event.time?.startTime, undefined);
    assert.equal(event.time?.endTime, undefined);
    assert.equal(event.time?.precision, "PRECISION_UNKNOWN");
    assert.equal(event.time?.text, "الخميس");
  });
});

describe("listEvents", () => {
  it("pages through Mali two events at a time", async () => {
    const query = { places: ["places/ml"], pageSize: 2 };

    const first = await client.listEvents(query);
    const second = await client.listEvents({ ...query, pageToken: first.nextPageToken });
    const third = await client.listEvents({ ...query, pageToken: second.nextPageToken });

    assert.deepEqual(names(first.events), maliEventsByStartTime.slice(0, 2));
    assert.deepEqual(names(second.events), maliEventsByStartTime.slice(2, 4));
    assert.deepEqual(names(third.events), maliEventsByStartTime.slice(4));
    assert.notEqual(first.nextPageToken, "");
    assert.notEqual(second.nextPageToken, "");
    assert.equal(third.nextPageToken, "", "the last page has no next page");
  });

  it("orders by start time descending on request, unresolved and start-unknown events as documented", async () => {
    const page = await client.listEvents({ places: ["places/ml"], orderBy: "start_time desc" });

    assert.deepEqual(names(page.events), [
      "events/bamako-attacks-2024-09",
      "events/turkey-supplies-drones-to-mali",
      "events/tessalit-retaken-by-malian-army",
      "events/tinzaouaten-drone-strikes",
      "events/goita-receives-turkish-parliamentary-delegation",
    ]);
  });
});

describe("events", () => {
  it("follows page tokens to the end of the selection", async () => {
    const events = await collect(client.events({ places: ["places/ml"], pageSize: 2 }));

    assert.deepEqual(names(events), maliEventsByStartTime);
  });

  it("starts at a page token when given one", async () => {
    const first = await client.listEvents({ places: ["places/ml"], pageSize: 3 });
    const rest = await collect(client.events({ places: ["places/ml"], pageSize: 3, pageToken: first.nextPageToken }));

    assert.deepEqual(names(rest), maliEventsByStartTime.slice(3));
  });
});

describe("time ranges", () => {
  it("finds what may have happened in Bamako in September 2024 (OVERLAPS)", async () => {
    const events = await collect(client.events({ places: ["places/ml-bamako"], timeRange: september2024 }));

    // The visit is known only to predate 12 October 2024, so it may have been in September.
    assert.deepEqual(names(events), [
      "events/goita-receives-turkish-parliamentary-delegation",
      "events/bamako-attacks-2024-09",
    ]);
    assert.equal(events[0]?.time?.endTime?.getTime(), eremPublished.getTime());
  });

  it("finds nothing that certainly happened in Bamako between 10 and 20 September (WITHIN)", async () => {
    const page = await client.listEvents({
      places: ["places/ml-bamako"],
      timeRange: {
        startTime: new Date("2024-09-10T00:00:00Z"),
        endTime: new Date("2024-09-20T00:00:00Z"),
        match: "WITHIN",
      },
    });

    assert.deepEqual(page.events, []);
    assert.equal(page.nextPageToken, "");
  });

  it("includes every place below Mali, and only the attacks certainly in 2024", async () => {
    const overlapping = await collect(client.events({ places: ["places/ml"], timeRange: year2024 }));
    const within = await collect(client.events({ places: ["places/ml"], timeRange: { ...year2024, match: "WITHIN" } }));

    assert.deepEqual(names(overlapping), maliEventsByStartTime);
    assert.deepEqual(names(within), ["events/bamako-attacks-2024-09"]);
  });

  it("leaves unresolved events out whenever a range is asked", async () => {
    const everything = await collect(client.events({ actors: ["actors/sergey-lavrov"] }));
    const in2024 = await collect(client.events({ actors: ["actors/sergey-lavrov"], timeRange: year2024 }));

    assert.deepEqual(names(everything), ["events/diop-lavrov-press-conference-moscow"]);
    assert.deepEqual(in2024, []);
  });
});

describe("other selectors", () => {
  it("selects by actor across roles", async () => {
    const events = await collect(client.events({ actors: ["actors/assimi-goita"] }));

    assert.deepEqual(names(events), ["events/goita-receives-turkish-parliamentary-delegation"]);
    assert.deepEqual(
      events[0]?.actors.map((a) => `${a.actor}/${a.role}`),
      [
        "actors/assimi-goita/HOST",
        "actors/turkish-parliamentary-delegation-mali-2024/VISITOR",
        "actors/orhan-diliguz/VISITOR",
      ],
    );
  });

  it("selects by a filter expression", async () => {
    const filter =
      'time.precision = UNKNOWN -event_type = visit (actor = "actors/malian-armed-forces" OR title:drones)';
    const events = await collect(client.events({ filter }));

    assert.deepEqual(names(events), [
      "events/tessalit-retaken-by-malian-army",
      "events/turkey-supplies-drones-to-mali",
    ]);
  });

  it("selects by a circle of 50 km around Bamako", async () => {
    const events = await collect(client.events({ near: { latitude: 12.65, longitude: -8.0, radiusMeters: 50_000 } }));

    assert.deepEqual(names(events), [
      "events/goita-receives-turkish-parliamentary-delegation",
      "events/bamako-attacks-2024-09",
    ]);
  });
});
