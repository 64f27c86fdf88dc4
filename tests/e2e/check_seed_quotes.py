#!/usr/bin/env python3
"""Checks data/seed.json against the seed articles and against itself.

    python3 tests/e2e/check_seed_quotes.py --seeds-dir PATH/TO/seeds [--seed data/seed.json] [--proto]

--seeds-dir is the folder holding the scraped seed articles (000_*.txt, 004_*.txt); the
TIMELINE_SEEDS_DIR environment variable may give it instead. With --proto the file is also parsed
with google.protobuf.json_format into timeline.seed.v1.SeedFile (needs grpcio-tools and protobuf;
the protos are compiled into a temporary folder, never into the repository).

Checks: every quote is a substring of its source's article (whitespace-normalized); resource names
are well formed and unique; every actor, place and source an event names exists; each place's
parent comes earlier and countries have none; display names are among the names; event types are
in the taxonomy; every time span has end > start, MONTH spans are exactly one calendar month in
their time zone, and the time's text is words of a cited article; every event cites at least one
quote for "time" and one for "actors".
Exits 1 and lists every failure.
"""

import argparse
import datetime as dt
import json
import os
import pathlib
import re
import sys
import tempfile
import zoneinfo

REPO = pathlib.Path(__file__).resolve().parents[2]
ID_RE = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
EVENT_TYPES = {
    "attack", "armed_clash", "air_drone_strike", "explosion", "territory_change",
    "violence_against_civilians", "protest", "riot", "visit", "meeting", "press_conference",
    "statement", "agreement", "arms_transfer", "arrest", "other",
}
CLAIMS = {"time", "actors", "places", "fatalities", "injured", "event_type", "summary"}
# Which article each source was curated from (file name prefix in the seeds folder).
SOURCE_ARTICLES = {
    "sources/erem-news-2024-10-12-bamako-ankara": "000_",
    "sources/akhbar-bila-hudud-mali-algeria-russia": "004_",
}


def norm(text):
    return " ".join(text.split())


def get(obj, camel, snake, default=None):
    """A field by its proto-JSON (lowerCamelCase) or original name."""
    if camel in obj:
        return obj[camel]
    return obj.get(snake, default)


def parse_time(value):
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def check(seed, seeds_dir):
    errors = []
    err = errors.append

    articles = {}
    for source, prefix in SOURCE_ARTICLES.items():
        matches = sorted(seeds_dir.glob(prefix + "*.txt"))
        if len(matches) != 1:
            err(f"{source}: expected one article {prefix}*.txt in {seeds_dir}, found {len(matches)}")
            continue
        articles[source] = norm(matches[0].read_text(encoding="utf-8"))

    def names_of(kind, records):
        seen = {}
        for i, rec in enumerate(records):
            name = rec.get("name", "")
            coll, _, rid = name.partition("/")
            if coll != kind or not ID_RE.match(rid):
                err(f"{kind}[{i}]: bad resource name {name!r}")
            if name in seen:
                err(f"{name}: duplicate")
            seen[name] = i
            if kind in ("places", "actors"):
                display = get(rec, "displayName", "display_name", "")
                listed = {n.get("name") for n in rec.get("names", [])}
                if not display or display not in listed:
                    err(f"{name}: display name {display!r} is not among its names")
        return seen

    places = seed.get("places", [])
    place_idx = names_of("places", places)
    actor_idx = names_of("actors", seed.get("actors", []))
    source_idx = names_of("sources", seed.get("sources", []))
    names_of("events", seed.get("events", []))

    for i, p in enumerate(places):
        parent = p.get("parent", "")
        if p.get("kind") == "COUNTRY":
            if parent:
                err(f"{p['name']}: a country has no parent")
        elif not parent:
            err(f"{p['name']}: missing parent")
        elif place_idx.get(parent, len(places)) >= i:
            err(f"{p['name']}: parent {parent} does not come earlier")
        if get(p, "locationPrecision", "location_precision") and "location" not in p:
            err(f"{p['name']}: location precision without a location")

    for src in seed.get("sources", []):
        if src["name"] not in SOURCE_ARTICLES:
            err(f"{src['name']}: no article known for this source")

    for ev in seed.get("events", []):
        name = ev.get("name", "?")
        if get(ev, "eventType", "event_type") not in EVENT_TYPES:
            err(f"{name}: unknown event type")
        for a in ev.get("actors", []):
            if a.get("actor") not in actor_idx:
                err(f"{name}: unknown actor {a.get('actor')}")
        for p in ev.get("places", []):
            if p.get("place") not in place_idx:
                err(f"{name}: unknown place {p.get('place')}")

        span = ev.get("time")
        if not span or not span.get("precision") or span["precision"] == "PRECISION_UNSPECIFIED":
            err(f"{name}: time or its precision is missing")
        else:
            start = get(span, "startTime", "start_time")
            end = get(span, "endTime", "end_time")
            if start and end and not parse_time(end) > parse_time(start):
                err(f"{name}: time end is not after start")
            if span["precision"] == "PRECISION_MONTH":
                tz = zoneinfo.ZoneInfo(get(span, "timeZone", "time_zone") or "UTC")
                if not (start and end):
                    err(f"{name}: MONTH span without both bounds")
                else:
                    local = parse_time(start).astimezone(tz)
                    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
                    nxt = (first + dt.timedelta(days=32)).replace(day=1)
                    if local != first or parse_time(end) != nxt:
                        err(f"{name}: MONTH span is not one calendar month in {tz}")

        claimed = set()
        for j, es in enumerate(ev.get("sources", [])):
            source = es.get("source")
            if source not in source_idx:
                err(f"{name}: sources[{j}] names unknown source {source}")
                continue
            quote = norm(es.get("quote", ""))
            if not quote:
                err(f"{name}: sources[{j}] has no quote")
            elif source in articles and quote not in articles[source]:
                err(f"{name}: sources[{j}] quote is not in the article: {quote[:60]}…")
            for c in es.get("claims", []):
                if c not in CLAIMS:
                    err(f"{name}: sources[{j}] unknown claim {c!r}")
            claimed.update(es.get("claims", []))
        text = norm(span.get("text", "")) if span else ""
        cited = {es.get("source") for es in ev.get("sources", [])}
        if text and not any(text in articles.get(s, "") for s in cited):
            err(f"{name}: time text {text!r} is not in any article the event cites")
        for needed in ("time", "actors"):
            if needed not in claimed:
                err(f"{name}: no quote supports {needed!r}")
    return errors


def check_proto(seed_path):
    from grpc_tools import protoc  # pylint: disable=import-outside-toplevel
    import importlib.resources  # pylint: disable=import-outside-toplevel

    proto_root = REPO / "proto"
    well_known = str(importlib.resources.files("grpc_tools") / "_proto")
    with tempfile.TemporaryDirectory() as out:
        files = [str(p.relative_to(proto_root)) for p in proto_root.rglob("*.proto")]
        rc = protoc.main(["protoc", f"-I{proto_root}", f"-I{well_known}", f"--python_out={out}", *files])
        if rc != 0:
            return [f"protoc failed ({rc})"]
        sys.path.insert(0, out)
        from google.protobuf import json_format  # pylint: disable=import-outside-toplevel
        from timeline.seed.v1 import seed_pb2  # pylint: disable=import-outside-toplevel

        try:
            json_format.Parse(seed_path.read_text(encoding="utf-8"), seed_pb2.SeedFile())
        except json_format.ParseError as e:
            return [f"{seed_path}: not a valid timeline.seed.v1.SeedFile: {e}"]
    return []


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=pathlib.Path, default=REPO / "data" / "seed.json")
    ap.add_argument("--seeds-dir", type=pathlib.Path, default=os.environ.get("TIMELINE_SEEDS_DIR"))
    ap.add_argument("--proto", action="store_true", help="also parse it as a SeedFile")
    args = ap.parse_args()
    if not args.seeds_dir or not args.seeds_dir.is_dir():
        ap.error("--seeds-dir (or TIMELINE_SEEDS_DIR) must name the folder of seed articles")

    seed = json.loads(args.seed.read_text(encoding="utf-8"))
    errors = check(seed, args.seeds_dir)
    if args.proto:
        errors += check_proto(args.seed)
    for e in errors:
        print("FAIL", e)
    if errors:
        return 1
    print(f"ok: {len(seed.get('events', []))} events, {len(seed.get('places', []))} places, "
          f"{len(seed.get('actors', []))} actors, {len(seed.get('sources', []))} sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
