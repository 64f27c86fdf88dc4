// Errors: each status code as its own class, the field violations of INVALID_ARGUMENT decoded
// from the grpc-status-details-bin trailer, and calls cancelled by an AbortSignal.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import {
  Code,
  InvalidArgumentError,
  NotFoundError,
  TimelineClient,
  TimelineError,
  UnavailableError,
} from "../src/index.js";
import { connect } from "./helpers.js";

const client = connect();
after(() => client.close());

describe("INVALID_ARGUMENT", () => {
  it("names every bad field of a request", async () => {
    const request = client.listEvents({
      timeRange: { startTime: new Date("2025-01-01T00:00:00Z"), endTime: new Date("2024-01-01T00:00:00Z") },
      eventTypes: ["massacre"],
    });

    const error = await rejection(request, InvalidArgumentError);
    assert.ok(error instanceof TimelineError);
    assert.equal(error.code, Code.INVALID_ARGUMENT);
    assert.equal(error.codeName, "INVALID_ARGUMENT");
    assert.deepEqual(
      error.fieldViolations.map((v) => v.field),
      ["event_types[0]", "time_range.end_time"],
    );
    assert.equal(error.violation("time_range.end_time"), "must be after start_time");
    assert.match(error.violation("event_types[0]") ?? "", /^"massacre" is not an event type; one of: attack, /);
    assert.match(error.message, /^INVALID_ARGUMENT: event_types\[0\]: "massacre" is not an event type/);
  });

  it("names page_size when it is negative", async () => {
    const error = await rejection(client.listActors({ pageSize: -1 }), InvalidArgumentError);

    assert.deepEqual(error.fieldViolations, [{ field: "page_size", description: "must not be negative" }]);
  });

  it("names the filter and the column of a malformed filter", async () => {
    const error = await rejection(client.listEvents({ filter: "event_type = massacre" }), InvalidArgumentError);

    assert.equal(error.fieldViolations.length, 1);
    assert.equal(error.fieldViolations[0]?.field, "filter");
    assert.match(error.fieldViolations[0]?.description ?? "", /^column 14: found "massacre"/);
  });
});

describe("NOT_FOUND", () => {
  it("is a NotFoundError for an event that does not exist", async () => {
    const error = await rejection(client.getEvent("events/no-such-event"), NotFoundError);

    assert.equal(error.code, Code.NOT_FOUND);
    assert.equal(error.details, "events/no-such-event does not exist");
  });

  it("is a NotFoundError for an unknown actor in a selection", async () => {
    const error = await rejection(client.listEvents({ actors: ["actors/nobody"] }), NotFoundError);

    assert.equal(error.details, "actors[0]: actors/nobody does not exist");
  });
});

describe("UNAVAILABLE", () => {
  it("is an UnavailableError when nothing listens at the address", async () => {
    const nowhere = new TimelineClient("127.0.0.1:1", { deadlineMs: 5_000 });
    try {
      const error = await rejection(nowhere.getEvent("events/bamako-attacks-2024-09"), UnavailableError);
      assert.equal(error.code, Code.UNAVAILABLE);
    } finally {
      nowhere.close();
    }
  });
});

describe("AbortSignal", () => {
  it("rejects at once with the signal's reason when already aborted", async () => {
    const controller = new AbortController();
    controller.abort();

    await assert.rejects(client.getEvent("events/bamako-attacks-2024-09", { signal: controller.signal }), {
      name: "AbortError",
    });
  });

  it("rejects with the caller's own reason", async () => {
    const reason = new Error("the user closed the page");
    const controller = new AbortController();
    const request = client.listEvents({}, { signal: controller.signal });
    controller.abort(reason);

    await assert.rejects(request, (error) => error === reason);
  });
});

/** Awaits `promise`, asserts that it rejects with an instance of `ErrorClass`, and returns it. */
async function rejection<E extends Error>(
  promise: Promise<unknown>,
  ErrorClass: new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ErrorClass, `expected ${ErrorClass.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${ErrorClass.name}, but the call succeeded`);
}
