// The README's example program: it runs against the server and prints what the README says it
// prints, and the README shows it exactly as it is in examples/.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, it } from "node:test";
import { serverAddress } from "./helpers.js";

const packageRoot = new URL("../../", import.meta.url);
const source = new URL("examples/bamako-september-2024.ts", packageRoot);
const compiled = new URL("dist/examples/bamako-september-2024.js", packageRoot);
const readme = new URL("README.md", packageRoot);

/** The contents of the fenced block of `language` that follows `heading` in `markdown`. */
function blockAfter(markdown: string, heading: string, language: string): string {
  const start = markdown.indexOf(heading);
  assert.notEqual(start, -1, `README has no "${heading}"`);
  const fence = "```" + language + "\n";
  const open = markdown.indexOf(fence, start);
  assert.notEqual(open, -1, `no ${language} block after "${heading}"`);
  const close = markdown.indexOf("```\n", open + fence.length);
  return markdown.slice(open + fence.length, close);
}

describe("README example", () => {
  it("answers what happened in Bamako in September 2024", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [compiled.pathname], {
      env: { ...process.env, TIMELINE_ADDR: serverAddress() },
    });

    assert.equal(
      stdout,
      [
        "… – 2024-10-12T11:16:00.000Z PRECISION_UNKNOWN",
        "  events/goita-receives-turkish-parliamentary-delegation: Assimi Goïta receives a Turkish parliamentary delegation",
        "2024-09-01T00:00:00.000Z – 2024-10-01T00:00:00.000Z PRECISION_MONTH",
        "  events/bamako-attacks-2024-09: Attacks on a gendarmerie school and a military airport in Bamako",
        "",
      ].join("\n"),
    );
  });

  it("is shown in the README as it is in examples/, with that output", async () => {
    const markdown = await readFile(readme, "utf8");

    assert.equal(blockAfter(markdown, "## What happened in Bamako", "ts"), await readFile(source, "utf8"));
    const output = blockAfter(markdown, "## What happened in Bamako", "console");
    assert.match(output, /events\/bamako-attacks-2024-09: Attacks on a gendarmerie school/);
  });
});
