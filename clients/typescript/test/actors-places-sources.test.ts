// Actors, places and sources: name search in any script, paging through every page, the place
// hierarchy, and who took part in events with whom.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { collect, connect, eremPublished, names } from "./helpers.js";

const client = connect();
after(() => client.close());

describe("actors", () => {
  it("finds Goïta by his name in Arabic script", async () => {
    const page = await client.listActors({ query: "غويتا" });

    assert.deepEqual(names(page.actors), ["actors/assimi-goita"]);
    const [goita] = page.actors;
    assert.equal(goita?.displayName, "Assimi Goïta");
    assert.equal(goita?.kind, "PERSON");
    assert.deepEqual(
      goita?.names.map((n) => n.name),
      ["Assimi Goïta", "Assimi Goita", "عاصمي غويتا", "عاصيمي غويتا"],
    );
  });

  it("finds the same actor without diacritics", async () => {
    const actors = await collect(client.actors({ query: "goita" }));

    assert.deepEqual(names(actors), ["actors/assimi-goita"]);
  });

  it("iterates over every actor, four to a page, in resource-name order", async () => {
    const actors = await collect(client.actors({ pageSize: 4 }));

    assert.deepEqual(names(actors), [
      "actors/abdoulaye-diop",
      "actors/assimi-goita",
      "actors/azawad-rebels",
      "actors/mali",
      "actors/malian-armed-forces",
      "actors/orhan-diliguz",
      "actors/russia",
      "actors/sergey-lavrov",
      "actors/turkey",
      "actors/turkish-parliamentary-delegation-mali-2024",
      "actors/wagner-group",
    ]);
  });

  it("lists who Goïta dealt with, and in which roles", async () => {
    const related = await collect(client.relatedActors({ actor: "actors/assimi-goita" }));

    assert.deepEqual(
      related.map((r) => ({
        actor: r.actor,
        kind: r.kind,
        eventCount: r.eventCount,
        roles: r.roles.map((p) => `${p.role}/${p.relatedRole}`),
      })),
      [
        { actor: "actors/orhan-diliguz", kind: "PERSON", eventCount: 1, roles: ["HOST/VISITOR"] },
        {
          actor: "actors/turkish-parliamentary-delegation-mali-2024",
          kind: "DELEGATION",
          eventCount: 1,
          roles: ["HOST/VISITOR"],
        },
      ],
    );
    // The visit is known only to predate the article: no start to report.
    assert.equal(related[0]?.firstStartTime, undefined);
  });

  it("lists Mali's partners across events", async () => {
    const page = await client.listRelatedActors({ actor: "actors/mali" });

    assert.deepEqual(
      page.relatedActors.map((r) => `${r.actor} ${r.roles.map((p) => `${p.role}/${p.relatedRole}`).join(",")}`),
      [
        "actors/abdoulaye-diop MENTIONED/SPEAKER",
        "actors/russia MENTIONED/MENTIONED",
        "actors/sergey-lavrov MENTIONED/SPEAKER",
        "actors/turkey RECIPIENT/SUPPLIER",
      ],
    );
  });
});

describe("places", () => {
  it("finds Bamako and the sites in it, with their ancestors", async () => {
    const places = await collect(client.places({ query: "bamako" }));

    assert.deepEqual(
      places.map((p) => [p.name, p.parent, p.ancestors]),
      [
        ["places/ml-bamako", "places/ml", ["places/ml"]],
        ["places/ml-bamako-gendarmerie-school", "places/ml-bamako", ["places/ml-bamako", "places/ml"]],
        ["places/ml-bamako-military-airport", "places/ml-bamako", ["places/ml-bamako", "places/ml"]],
      ],
    );
  });

  it("finds Bamako by its Arabic name", async () => {
    const page = await client.listPlaces({ query: "باماكو" });

    assert.equal(page.places[0]?.name, "places/ml-bamako");
  });

  it("returns Tessalit under the Kidal region", async () => {
    const tessalit = await client.getPlace("places/ml-tessalit");

    assert.equal(tessalit.parent, "places/ml-kidal-region");
    assert.deepEqual(tessalit.ancestors, ["places/ml-kidal-region", "places/ml"]);
    assert.equal(tessalit.countryCode, "ML");
  });

  it("iterates over the twelve places, five to a page", async () => {
    const places = await collect(client.places({ pageSize: 5 }));

    assert.equal(places.length, 12);
    assert.deepEqual(names(places).slice(0, 3), ["places/dz", "places/ml", "places/ml-bamako"]);
    assert.equal(places.at(-1)?.name, "places/tr-ankara");
  });
});

describe("sources", () => {
  it("lists both seed articles, one dated and one not", async () => {
    const sources = await collect(client.sources({ pageSize: 1 }));

    assert.deepEqual(names(sources), [
      "sources/akhbar-bila-hudud-mali-algeria-russia",
      "sources/erem-news-2024-10-12-bamako-ankara",
    ]);
    assert.equal(sources[0]?.publishedTime, undefined);
    assert.equal(sources[1]?.publishedTime?.getTime(), eremPublished.getTime());
    assert.equal(sources[1]?.publisher, "إرم نيوز (Erem News)");
  });
});
