// Client-side round robin over replicas, as docs/kubernetes.md tells TypeScript clients to spread
// calls: two timelined on the suite's database reading one page-token key file
// (--page_token_secret_file), one channel to both (`ipv4:` with both addresses) with grpc-js's
// round_robin policy. The pages of a listing go to both servers (their call logs show it) and
// still give every event once, in order.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { TimelineClient } from "../src/index.js";
import { collect, freePort, maliEventsByStartTime, names } from "./helpers.js";

const timelined = process.env["TIMELINE_TIMELINED"];
const databaseUrl = process.env["TIMELINE_DATABASE_URL"];
const skip =
  !timelined || !databaseUrl ? "needs TIMELINE_TIMELINED and TIMELINE_DATABASE_URL (tests/e2e/with-server.sh)" : false;
const listEvents = "/timeline.v1.EventService/ListEvents";

interface Replica {
  server: ChildProcess;
  log: string;
}

/** ListEvents calls in a server's call log (one JSON line per call). */
function listCalls(replica: Replica): number {
  return replica.log
    .slice(0, replica.log.lastIndexOf("\n")) // whole lines only
    .split("\n")
    .filter((line) => line.startsWith("{") && (JSON.parse(line) as { method?: string }).method === listEvents).length;
}

describe("two replicas sharing a page-token key, reached with round_robin", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "timeline-ts-replicas-"));
  const replicas: Replica[] = [];
  let client: TimelineClient;

  before(async () => {
    const key = join(dir, "page-token-secret");
    writeFileSync(key, "a key both replicas of this test read\n");
    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      const replica: Replica = {
        server: spawn(
          timelined!,
          ["serve", `--database_url=${databaseUrl}`, `--listen=127.0.0.1:${port}`, `--page_token_secret_file=${key}`],
          { stdio: ["ignore", "ignore", "pipe"] },
        ),
        log: "",
      };
      replica.server.stderr?.on("data", (chunk: Buffer) => (replica.log += chunk.toString()));
      replicas.push(replica);
      const alone = new TimelineClient(`127.0.0.1:${port}`);
      await alone.waitForReady(20_000).catch((error: unknown) => {
        throw new Error(`timelined did not come up: ${String(error)}\n${replica.log}`);
      });
      alone.close();
    }
    client = new TimelineClient(`ipv4:${ports.map((port) => `127.0.0.1:${port}`).join(",")}`, {
      channelOptions: { "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }) },
    });
  });

  after(async () => {
    client?.close();
    for (const { server } of replicas) {
      if (server.exitCode === null) {
        const exited = once(server, "exit");
        server.kill("SIGTERM");
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("continues a listing's pages on either replica", async () => {
    // round_robin uses the servers it has connected to; until both are, calls go to one.
    for (let i = 0; i < 100 && !replicas.every((replica) => listCalls(replica) > 0); i++) {
      await collect(client.events({ pageSize: 100 }));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const before = replicas.map(listCalls);

    const events = await collect(client.events({ places: ["places/ml"], pageSize: 2 }));

    assert.deepEqual(names(events), maliEventsByStartTime);
    // A server logs a call as it finishes, which may be just after the client has the answer.
    const served = () => replicas.map((replica, i) => listCalls(replica) - before[i]!);
    for (let i = 0; i < 40 && served().reduce((a, b) => a + b, 0) < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const calls = served();
    assert.equal(
      calls.reduce((a, b) => a + b, 0),
      3,
      `5 events in pages of 2: calls per server ${calls.join(", ")}`,
    );
    assert.ok(
      calls.every((n) => n > 0),
      `every page came from one server: ${calls.join(", ")}`,
    );
  });
});
