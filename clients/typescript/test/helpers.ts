// What the test files share: the server under test, small async-iterable helpers, and the names
// and times of the seed data (data/seed.json) the assertions are written against.

import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:net";
import { TimelineClient, type TimelineClientOptions } from "../src/index.js";

/** `host:port` of the server under test, from TIMELINE_ADDR (set by tests/e2e/with-server.sh). */
export function serverAddress(): string {
  const address = process.env["TIMELINE_ADDR"];
  if (!address) throw new Error("TIMELINE_ADDR is not set: run the suite through tests/e2e/with-server.sh");
  return address;
}

/** A client of the server under test. */
export function connect(options?: TimelineClientOptions): TimelineClient {
  return new TimelineClient(serverAddress(), options);
}

/** The first `count` items of `iterable`; stops it (and so cancels its call) after the last. */
export async function take<T>(iterable: AsyncIterable<T>, count: number): Promise<T[]> {
  const items: T[] = [];
  if (count <= 0) return items;
  for await (const item of iterable) {
    items.push(item);
    if (items.length === count) break;
  }
  return items;
}

/** Every item of a finite `iterable`. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Items of `iterable` up to and including the first that satisfies `last`. */
export async function takeUntil<T>(iterable: AsyncIterable<T>, last: (item: T) => boolean): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
    if (last(item)) break;
  }
  return items;
}

/** A resource id no earlier run used, for tests that write: "prefix-<time>-<random>". */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

/** The resource names of `items`. */
export function names(items: readonly { name: string }[]): string[] {
  return items.map((item) => item.name);
}

/** September 2024, as a time range. */
export const september2024 = {
  startTime: new Date("2024-09-01T00:00:00Z"),
  endTime: new Date("2024-10-01T00:00:00Z"),
};

/** The year 2024, as a time range. */
export const year2024 = {
  startTime: new Date("2024-01-01T00:00:00Z"),
  endTime: new Date("2025-01-01T00:00:00Z"),
};

/** The seed's events, in the order the change log created them (their cursors are opaque). */
export const seedEventsInCreationOrder = [
  "events/goita-receives-turkish-parliamentary-delegation",
  "events/bamako-attacks-2024-09",
  "events/tinzaouaten-drone-strikes",
  "events/tessalit-retaken-by-malian-army",
  "events/turkey-supplies-drones-to-mali",
  "events/diop-lavrov-press-conference-moscow",
];

/**
 * The seed's five events in Mali in ListEvents' default order (start_time): the four known only
 * to predate the article of 12 October 2024 sort as if they started first, in creation order,
 * then the September attacks.
 */
export const maliEventsByStartTime = [
  "events/goita-receives-turkish-parliamentary-delegation",
  "events/tinzaouaten-drone-strikes",
  "events/tessalit-retaken-by-malian-army",
  "events/turkey-supplies-drones-to-mali",
  "events/bamako-attacks-2024-09",
];

/** When the Erem News article was published: the end of every event it leaves undated. */
export const eremPublished = new Date("2024-10-12T11:16:00Z");

/** A TCP port nothing listens on now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  await once(probe, "close");
  if (address === null || typeof address === "string") throw new Error("no TCP port");
  return address.port;
}
