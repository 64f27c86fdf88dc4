// IngestEvents as a client stream: a raw record in Arabic normalized and resolved against the
// seed's actors and places, and a bad record rejected with its field, all with validate_only so
// that nothing is written.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { DeepPartial, IngestRecord } from "../src/index.js";
import { connect, september2024 } from "./helpers.js";

const client = connect();
after(() => client.close());

/** The README's example record: the Bamako attacks as Erem News words them. */
const eremRecord: DeepPartial<IngestRecord> = {
  externalId: { system: "newsdesk", id: "erem-2024-10-12-1" },
  title: "Attacks on a gendarmerie school and a military airport in Bamako",
  eventType: "attack",
  date: { text: "سبتمبر/أيلول الماضي" },
  actors: [{ name: "عاصيمي غويتا", role: "MENTIONED" }],
  places: [{ name: "باماكو", countryCode: "ML" }],
  source: { url: "https://www.eremnews.com/ingest-test", publishedTime: new Date("2024-10-12T11:16:00Z") },
  fatalities: { low: 71 },
};

describe("ingestEvents", () => {
  it("reads 'last September' as September 2024 and finds Goïta and Bamako by their Arabic names", async () => {
    const response = await client.ingestEvents([eremRecord], { validateOnly: true });

    assert.equal(response.createdCount, 1);
    const [result] = response.results;
    assert.equal(result?.outcome, "CREATED");
    assert.equal(result?.event, "events/newsdesk-erem-2024-10-12-1");
    assert.deepEqual(result?.actors, ["actors/assimi-goita"]);
    assert.deepEqual(result?.places, ["places/ml-bamako"]);
    assert.equal(result?.time?.startTime?.getTime(), september2024.startTime.getTime());
    assert.equal(result?.time?.endTime?.getTime(), september2024.endTime.getTime());
    assert.equal(result?.time?.precision, "PRECISION_MONTH");
    assert.equal(result?.time?.timeZone, "Africa/Bamako");
  });

  it("rejects a record without a title, naming the field, and still accepts the others", async () => {
    const untitled = { ...eremRecord, externalId: { system: "newsdesk", id: "untitled" }, title: "" };
    const response = await client.ingestEvents([eremRecord, untitled], { validateOnly: true });

    assert.deepEqual(
      response.results.map((r) => r.outcome),
      ["CREATED", "REJECTED"],
    );
    assert.deepEqual(
      response.results[1]?.errors.map((e) => [e.field, e.code]),
      [["records[1].title", "INVALID_ARGUMENT"]],
    );
    assert.equal(response.rejectedCount, 1);
  });

  it("wrote nothing", async () => {
    await assert.rejects(client.getEvent("events/newsdesk-erem-2024-10-12-1"), { name: "NotFoundError" });
  });
});
