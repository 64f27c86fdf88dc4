// ExportEvents: every event of a selection in ListEvents' order, each with a resume token that
// continues the export (or a listing) after that event.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { collect, connect, maliEventsByStartTime, take, year2024 } from "./helpers.js";

const client = connect();
after(() => client.close());

const mali2024 = { places: ["places/ml"], timeRange: year2024 };

describe("export", () => {
  it("streams every event of Mali in 2024, in start-time order, each with a resume token", async () => {
    const exported = await collect(client.export(mali2024));

    assert.deepEqual(
      exported.map((m) => m.event?.name),
      maliEventsByStartTime,
    );
    assert.ok(exported.every((m) => m.resumeToken.length > 0));
    assert.equal(new Set(exported.map((m) => m.resumeToken)).size, exported.length, "one token per event");
    assert.equal(exported.at(-1)?.event?.time?.precision, "PRECISION_MONTH");
  });

  it("resumes after the event whose token it is given, with exactly the rest", async () => {
    const [, second] = await take(client.export(mali2024), 2);
    assert.ok(second);

    const rest = await collect(client.export({ ...mali2024, resumeToken: second.resumeToken }));

    assert.deepEqual(
      rest.map((m) => m.event?.name),
      maliEventsByStartTime.slice(2),
    );
  });

  it("gives tokens that ListEvents takes as page tokens", async () => {
    const [first] = await take(client.export(mali2024), 1);
    assert.ok(first);

    const page = await client.listEvents({ ...mali2024, pageToken: first.resumeToken });

    assert.deepEqual(
      page.events.map((e) => e.name),
      maliEventsByStartTime.slice(1),
    );
  });

  it("stops with the signal's AbortError when aborted mid-stream", async () => {
    const controller = new AbortController();
    const seen: string[] = [];

    await assert.rejects(
      (async () => {
        for await (const { event } of client.export(mali2024, { signal: controller.signal })) {
          seen.push(event?.name ?? "");
          controller.abort();
        }
      })(),
      { name: "AbortError" },
    );
    assert.deepEqual(seen, maliEventsByStartTime.slice(0, 1));
  });
});
