// A watch that outlives its server: a second timelined on the suite's database is watched,
// killed (SIGKILL, then SIGTERM) and restarted on the same port while changes are written through
// the main server. The watch must reconnect by itself and deliver every change once, in order.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { after, describe, it } from "node:test";
import { TimelineClient, type ReconnectEvent, type WatchEventsResponse } from "../src/index.js";
import { connect, freePort, take, uniqueId } from "./helpers.js";

const timelined = process.env["TIMELINE_TIMELINED"];
const databaseUrl = process.env["TIMELINE_DATABASE_URL"];
const skip =
  !timelined || !databaseUrl ? "needs TIMELINE_TIMELINED and TIMELINE_DATABASE_URL (tests/e2e/with-server.sh)" : false;

/** A timelined serving the suite's (already migrated and seeded) database on a fixed port. */
class SecondServer {
  private process: ChildProcess | undefined;
  private log = "";

  constructor(
    private readonly binary: string,
    private readonly database: string,
    readonly port: number,
  ) {}

  /** Starts the server; the caller waits for it with a client's waitForReady. */
  start(): void {
    this.process = spawn(this.binary, ["serve", `--database_url=${this.database}`, `--listen=127.0.0.1:${this.port}`], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.process.stderr?.on("data", (chunk: Buffer) => {
      this.log += chunk.toString();
    });
  }

  /** Stops the server with `signal` and waits until it has exited. */
  async stop(signal: NodeJS.Signals): Promise<void> {
    const running = this.process;
    this.process = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, "exit");
    running.kill(signal);
    await exited;
  }

  /** What the server wrote to stderr, for failure messages. */
  get output(): string {
    return this.log;
  }
}

describe("watch across server restarts", { skip }, () => {
  const writer = connect();
  after(() => writer.close());

  it("reconnects after SIGKILL and SIGTERM and delivers every change once, in order", { timeout: 90_000 }, async () => {
    const server = new SecondServer(timelined!, databaseUrl!, await freePort());
    const watcher = new TimelineClient(`127.0.0.1:${server.port}`, {
      channelOptions: { "grpc.initial_reconnect_backoff_ms": 100, "grpc.max_reconnect_backoff_ms": 500 },
    });
    const marker = uniqueId("reconnect");
    const reconnects: ReconnectEvent[] = [];
    const createEvent = (n: number) =>
      writer.createEvent({
        eventId: `${marker}-${n}`,
        event: {
          title: `${marker} change ${n}`,
          eventType: "other",
          time: { startTime: new Date("2025-01-02T00:00:00Z"), precision: "PRECISION_DAY" },
          places: [{ place: "places/dz", role: "LOCATION" }],
        },
      });

    try {
      server.start();
      await watcher.waitForReady(30_000);
      const changes = watcher
        .watch(
          { filter: `title:"${marker}"`, cursor: "0" },
          { reconnect: { initialDelayMs: 50, maxDelayMs: 500, onReconnect: (e) => reconnects.push(e) } },
        )
        [Symbol.asyncIterator]();
      const received: WatchEventsResponse[] = [];
      const receive = async (): Promise<void> => {
        const next = await changes.next();
        assert.equal(next.done, false);
        received.push(next.value as WatchEventsResponse);
      };

      await createEvent(1);
      await receive();

      // A crash: the connection drops. A change lands while nothing serves the watcher.
      await server.stop("SIGKILL");
      await createEvent(2);
      const second = receive();
      server.start();
      await second;
      const afterCrash = reconnects.length;
      assert.ok(afterCrash >= 1, "the watch reconnected after the crash");

      // A graceful stop, and the same again.
      await server.stop("SIGTERM");
      await createEvent(3);
      const third = receive();
      server.start();
      await third;
      assert.ok(reconnects.length > afterCrash, "the watch reconnected after the stop");

      // And it still follows live changes.
      await createEvent(4);
      await receive();
      await changes.return();

      assert.deepEqual(
        received.map((c) => `${c.kind} ${c.event?.name}`),
        [1, 2, 3, 4].map((n) => `CREATED events/${marker}-${n}`),
      );
      assert.ok(reconnects.every((r) => r.error.codeName === "UNAVAILABLE"));
      // The cursors are the log's own: a replay of the same selection gives the same four.
      const replay = await take(writer.watch({ filter: `title:"${marker}"`, cursor: "0" }), 4);
      assert.deepEqual(
        received.map((c) => c.cursor),
        replay.map((c) => c.cursor),
      );
    } catch (error) {
      console.error(`second server's log:\n${server.output}`);
      throw error;
    } finally {
      watcher.close();
      await server.stop("SIGTERM");
    }
  });
});
