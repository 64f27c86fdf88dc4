// Curating the registry: an actor's etag guards its update, a merge re-links events and a split
// restores them, a referenced actor cannot be deleted, watchActors reports merges with their
// reason, a moved place takes its events along, and a source's new url shows in the events
// citing it. Every row here is the test's own (at places/dz, where the seed has no event).

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import {
  ConflictError,
  FailedPreconditionError,
  type Actor,
  type DeepPartial,
  type Event,
  type WatchActorsResponse,
} from "../src/index.js";
import { collect, connect, names, takeUntil, uniqueId } from "./helpers.js";

const client = connect();
const created: string[] = [];
const registry: string[] = [];
// The events go first, then actors, places and sources newest first, so that the other files'
// listings see the seed's rows only.
after(async () => {
  for (const name of created) await client.deleteEvent(name).catch(() => undefined);
  for (const name of registry.reverse()) {
    const remove = name.startsWith("actors/")
      ? client.deleteActor({ name })
      : name.startsWith("places/")
        ? client.deletePlace({ name })
        : client.deleteSource({ name });
    await remove.catch(() => undefined);
  }
  client.close();
});

async function createActor(id: string, displayName: string): Promise<Actor> {
  const actor = await client.createActor({
    actorId: id,
    actor: { displayName, kind: "ARMED_GROUP", countryCode: "DZ" },
  });
  registry.push(actor.name);
  return actor;
}

/** Creates an event (at places/dz unless it names places), deleted when the file is done. */
async function createEvent(event: DeepPartial<Event>): Promise<Event> {
  const made = await client.createEvent({
    eventId: uniqueId("ts-curation"),
    event: {
      eventType: "attack",
      time: { startTime: new Date("2023-05-17T00:00:00Z"), precision: "PRECISION_DAY" },
      places: [{ place: "places/dz", role: "LOCATION" }],
      ...event,
    },
  });
  created.push(made.name);
  return made;
}

/** "ROLE actors/x" for each actor of an event as the server returns it now, sorted. */
async function actorsOf(name: string): Promise<string[]> {
  const event = await client.getEvent(name);
  return event.actors.map((a) => `${a.role} ${a.actor}`).sort();
}

describe("curating actors", () => {
  it("updates with the current etag and rejects a stale one with ConflictError", async () => {
    const actor = await createActor(uniqueId("ts-etag"), "Etag Brigade");
    const updated = await client.updateActor({
      actor: { name: actor.name, etag: actor.etag, description: "first" },
      updateMask: ["description"],
      reason: "a description",
    });
    assert.equal(updated.description, "first");
    assert.notEqual(updated.etag, actor.etag);

    await assert.rejects(
      client.updateActor({
        actor: { name: actor.name, etag: actor.etag, description: "second" },
        updateMask: ["description"],
      }),
      ConflictError,
    );
  });

  it("merges a duplicate into the survivor, watchActors sees why, and a split restores it", async () => {
    const since = new Date();
    const duplicate = await createActor(uniqueId("ts-aqim"), "AQIM");
    const survivor = await createActor(uniqueId("ts-al-qaeda-maghreb"), "Al Qaeda in the Islamic Maghreb");
    const both = await createEvent({
      title: "Both named",
      actors: [
        { actor: duplicate.name, role: "INITIATOR" },
        { actor: survivor.name, role: "INITIATOR" },
      ],
    });
    const one = await createEvent({
      title: "The duplicate named",
      actors: [{ actor: duplicate.name, role: "INITIATOR" }],
    });

    const reason = "the same group under its acronym";
    const merged = await client.mergeActors({
      name: duplicate.name,
      into: survivor.name,
      etag: duplicate.etag,
      reason,
    });
    assert.equal(merged.name, survivor.name);
    assert.deepEqual(await actorsOf(both.name), [`INITIATOR ${survivor.name}`]);
    assert.deepEqual(await actorsOf(one.name), [`INITIATOR ${survivor.name}`]);
    const tombstone = await client.getActor(duplicate.name);
    assert.ok(tombstone.deleteTime instanceof Date);
    assert.equal(tombstone.mergedInto, survivor.name);

    const changes = await takeUntil(
      client.watchActors({ actors: [duplicate.name, survivor.name], startTime: since }),
      (c) => c.kind === "MERGED",
    );
    const seen = changes.map((c: WatchActorsResponse) => `${c.kind} ${c.actor?.name ?? ""}`);
    for (const want of [`CREATED ${duplicate.name}`, `CREATED ${survivor.name}`, `MERGED ${duplicate.name}`]) {
      assert.ok(seen.includes(want), `watchActors gave ${JSON.stringify(seen)}, without ${want}`);
    }
    const mergeChange = changes.at(-1)!;
    assert.equal(mergeChange.reason, reason);
    assert.equal(mergeChange.mergedInto, survivor.name);

    const restored = await client.splitActor({ name: duplicate.name, reason: "not the same after all" });
    assert.equal(restored.deleteTime, undefined);
    assert.equal(restored.mergedInto, "");
    assert.deepEqual(await actorsOf(both.name), [`INITIATOR ${duplicate.name}`, `INITIATOR ${survivor.name}`].sort());
    assert.deepEqual(await actorsOf(one.name), [`INITIATOR ${duplicate.name}`]);
  });

  it("refuses to delete an actor an event names, with FailedPreconditionError naming the event", async () => {
    const actor = await createActor(uniqueId("ts-referenced"), "Referenced Front");
    const event = await createEvent({ title: "Names the front", actors: [{ actor: actor.name, role: "INITIATOR" }] });
    await assert.rejects(client.deleteActor({ name: actor.name }), (err: unknown) => {
      assert.ok(err instanceof FailedPreconditionError);
      assert.match(err.message, new RegExp(event.name));
      return true;
    });
  });
});

describe("curating places and sources", () => {
  it("moves a place under a new parent, and a listing by that parent finds its events", async () => {
    const place = async (id: string, displayName: string) => {
      const made = await client.createPlace({
        placeId: id,
        place: {
          displayName,
          kind: "ADMIN_REGION",
          parent: "places/dz",
          countryCode: "DZ",
          timeZone: "Africa/Algiers",
        },
      });
      registry.push(made.name);
      return made;
    };
    const region = await place(uniqueId("ts-region"), "New Region");
    const town = await place(uniqueId("ts-town"), "Moving Town");
    const event = await createEvent({ title: "In the town", places: [{ place: town.name, role: "LOCATION" }] });
    const inRegion = async () => names(await collect(client.events({ places: [region.name] })));
    assert.deepEqual(await inRegion(), []);

    const moved = await client.updatePlace({
      place: { name: town.name, parent: region.name, etag: town.etag },
      updateMask: ["parent"],
      reason: "the town lies in the new region",
    });
    assert.equal(moved.parent, region.name);
    assert.ok(moved.ancestors.includes("places/dz"));
    assert.deepEqual(await inRegion(), [event.name]);
  });

  it("updates a source, and the events citing it show the new url", async () => {
    const source = await client.createSource({
      sourceId: uniqueId("ts-source"),
      source: { url: "https://example.org/first", publisher: "Example", language: "en" },
    });
    registry.push(source.name);
    const event = await createEvent({
      title: "Cited",
      eventType: "statement",
      sources: [{ source: source.name, quote: "As the article says." }],
    });
    const moved = "https://example.org/moved";
    await client.updateSource({
      source: { name: source.name, url: moved, etag: source.etag },
      updateMask: ["url"],
      reason: "the article moved",
    });
    const cited = await client.getEvent(event.name);
    assert.deepEqual(
      cited.sources.map((s) => s.url),
      [moved],
    );
  });
});
