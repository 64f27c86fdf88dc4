// parseDates: the dates in running text, with offsets in code points (what Array.from(text)
// indexes, not text.slice), spans as the calendar has them, and the unresolved and the invalid
// reported as such. Texts are the seed articles' sentences (tests/data/article_dates) and a
// dateline with a no-break space; every expected offset is found in the text itself.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { InvalidArgumentError, type FoundDate } from "../src/index.js";
import { connect } from "./helpers.js";

const client = connect();
after(() => client.close());

/** The Erem News article's publication: 12 October 2024, 3:16 PM in Dubai. */
const published = new Date("2024-10-12T15:16:00+04:00");

/**
 * A French dateline and an English sentence, as wire copy mixes them, after a breaking-news mark
 * beyond the BMP (two UTF-16 units, one code point), with a no-break space (U+00A0) inside the
 * French date, as French typography puts it.
 */
const mixedDateline =
  "🔴 BAMAKO, 17\u00a0septembre 2024 (AFP) — Des hommes armés ont attaqué une école de gendarmerie. " +
  "The army said on 18 September 2024 that the situation was under control.";

function articleText(name: string): string {
  const root = process.env["TIMELINE_ROOT"] ?? fileURLToPath(new URL("../../../../", import.meta.url));
  return readFileSync(join(root, "tests", "data", "article_dates", name), "utf8");
}

/** Where `words` first appear in `text`, in code points. */
function codePointIndex(text: string, words: string): number {
  const at = text.indexOf(words);
  assert.ok(at >= 0, `${words} is not in the text`);
  return Array.from(text.slice(0, at)).length;
}

function assertOffsetsIndexTheText(text: string, found: readonly FoundDate[]): void {
  const codePoints = Array.from(text);
  for (const date of found) {
    assert.equal(codePoints.slice(date.startOffset, date.endOffset).join(""), date.text);
  }
}

function dateOf(found: readonly FoundDate[], words: string): FoundDate {
  const date = found.find((d) => d.text === words);
  assert.ok(date, `${words} not found among ${JSON.stringify(found.map((d) => d.text))}`);
  return date;
}

/** `date` is `words` where they first appear in `text`, spanning [start, end) at `precision`. */
function expectDate(date: FoundDate, text: string, words: string, start: string, end: string, precision: string) {
  const at = codePointIndex(text, words);
  assert.deepEqual([date.startOffset, date.endOffset], [at, at + Array.from(words).length]);
  assert.deepEqual(date.time?.startTime, new Date(start));
  assert.deepEqual(date.time?.endTime, new Date(end));
  assert.equal(date.time?.precision, precision);
}

describe("parseDates", () => {
  it("reads the dated article's dateline and last September in Dubai", async () => {
    const text = articleText("dated_article.txt");

    const found = await client.parseDates(text, { referenceTime: published, timeZone: "Asia/Dubai" });

    assertOffsetsIndexTheText(text, found);
    // The dateline gives the day and the minute: 3:16 PM ("3:16 م") in Dubai.
    const dateline = dateOf(found, "12 أكتوبر 2024، 3:16 م");
    expectDate(
      dateline,
      text,
      "12 أكتوبر 2024، 3:16 م",
      "2024-10-12T15:16:00+04:00",
      "2024-10-12T15:17:00+04:00",
      "PRECISION_MINUTE",
    );
    const lastSeptember = dateOf(found, "سبتمبر/أيلول الماضي");
    expectDate(
      lastSeptember,
      text,
      "سبتمبر/أيلول الماضي",
      "2024-09-01T00:00:00+04:00",
      "2024-10-01T00:00:00+04:00",
      "PRECISION_MONTH",
    );
    assert.deepEqual(lastSeptember.time?.startTime, new Date("2024-08-31T20:00:00Z"));
    assert.equal(lastSeptember.time?.timeZone, "Asia/Dubai");
    const starts = found.map((d) => d.startOffset);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
  });

  it("leaves Thursday unresolved, with a warning, when there is no reference time", async () => {
    const text = articleText("undated_article.txt");

    const found = await client.parseDates(text, { language: "ar" });

    assertOffsetsIndexTheText(text, found);
    const thursday = dateOf(found, "الخميس");
    assert.equal(thursday.startOffset, codePointIndex(text, "الخميس"));
    assert.equal(thursday.time?.startTime, undefined);
    assert.equal(thursday.time?.endTime, undefined);
    assert.equal(thursday.time?.precision, "PRECISION_UNKNOWN");
    assert.ok(thursday.warnings.length > 0);
  });

  it("counts code points across a no-break space, a mark beyond the BMP and two languages", async () => {
    const found = await client.parseDates(mixedDateline, { referenceTime: published, timeZone: "Africa/Bamako" });

    assertOffsetsIndexTheText(mixedDateline, found);
    assert.deepEqual(
      found.map((d) => d.text),
      ["17\u00a0septembre 2024", "18 September 2024"],
    );
    // Bamako is on UTC all year: its days are UTC days.
    expectDate(
      found[0]!,
      mixedDateline,
      "17\u00a0septembre 2024",
      "2024-09-17T00:00:00Z",
      "2024-09-18T00:00:00Z",
      "PRECISION_DAY",
    );
    expectDate(
      found[1]!,
      mixedDateline,
      "18 September 2024",
      "2024-09-18T00:00:00Z",
      "2024-09-19T00:00:00Z",
      "PRECISION_DAY",
    );
    assert.notEqual(found[0]!.startOffset, mixedDateline.indexOf("17"), "offsets must not be UTF-16 units");
  });

  it("names time_zone when the zone is unknown", async () => {
    const error = await client.parseDates("12 October 2024", { timeZone: "Mars/Olympus_Mons" }).then(
      () => assert.fail("parseDates accepted an unknown zone"),
      (e: unknown) => e,
    );

    assert.ok(error instanceof InvalidArgumentError, String(error));
    assert.deepEqual(
      error.fieldViolations.map((v) => v.field),
      ["time_zone"],
    );
  });
});
