// The client against a timelined serving TLS with bearer tokens (--tls_cert_file, --tls_key_file,
// --auth_tokens_file): credentials and token as a deployment uses them. The certificate is made
// for the run with the openssl command.

import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { credentials } from "@grpc/grpc-js";
import { TimelineClient, UnauthenticatedError } from "../src/index.js";
import { freePort } from "./helpers.js";

const timelined = process.env["TIMELINE_TIMELINED"];
const databaseUrl = process.env["TIMELINE_DATABASE_URL"];
const skip =
  !timelined || !databaseUrl ? "needs TIMELINE_TIMELINED and TIMELINE_DATABASE_URL (tests/e2e/with-server.sh)" : false;
const token = "ts-client-token-0123456789";

describe("a server with TLS and bearer tokens", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "timeline-ts-tls-"));
  let server: ChildProcess | undefined;
  let log = "";
  let address = "";
  let rootCert: Buffer;
  const clients: TimelineClient[] = [];

  function client(options: { token?: string } = {}): TimelineClient {
    const made = new TimelineClient(address, { credentials: credentials.createSsl(rootCert), ...options });
    clients.push(made);
    return made;
  }

  before(async () => {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    rootCert = readFileSync(join(dir, "cert.pem"));
    writeFileSync(join(dir, "tokens"), `# the TypeScript client's tests\n${token}\n`);
    const port = await freePort();
    address = `localhost:${port}`;
    server = spawn(
      timelined!,
      [
        "serve",
        `--database_url=${databaseUrl}`,
        `--listen=127.0.0.1:${port}`,
        `--tls_cert_file=${join(dir, "cert.pem")}`,
        `--tls_key_file=${join(dir, "key.pem")}`,
        `--auth_tokens_file=${join(dir, "tokens")}`,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    server.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
    await client({ token })
      .waitForReady(20_000)
      .catch((error: unknown) => {
        throw new Error(`timelined did not come up over TLS: ${String(error)}\n${log}`);
      });
  });

  after(async () => {
    for (const made of clients) made.close();
    if (server && server.exitCode === null) {
      const exited = once(server, "exit");
      server.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers a call that carries a known token", async () => {
    const actor = await client({ token }).getActor("actors/assimi-goita");
    assert.equal(actor.displayName, "Assimi Goïta");
  });

  it("turns away a call without a token as UnauthenticatedError", async () => {
    await assert.rejects(client().getActor("actors/assimi-goita"), (error: unknown) => {
      assert.ok(error instanceof UnauthenticatedError, `got ${String(error)}`);
      assert.match(error.message, /authorization: missing/);
      return true;
    });
  });

  it("turns away a call with an unknown token", async () => {
    await assert.rejects(
      client({ token: "ts-client-token-9876543210" }).getActor("actors/assimi-goita"),
      UnauthenticatedError,
    );
  });
});
