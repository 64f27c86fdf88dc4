#!/usr/bin/env python3
"""Writes seed inputs for the fuzz targets from the project's own tests and sample files.

    tests/fuzz/seed_corpus.py OUT_DIR [PROTOC_INCLUDE...]

Writes OUT_DIR/<target>/<sha1> for every target. The committed corpora (tests/fuzz/corpus/) were
made by running this once, fuzzing, and minimizing with -merge=1 (tests/fuzz/README.md); run it
again when the tests gain new kinds of input. Request seeds need protoc and the include folders
of the API protos and their imports (build/fuzz/CMakeCache.txt names them).
"""
import hashlib
import os
import re
import struct
import subprocess
import sys
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

LITERAL = re.compile(r'R"\((.*?)\)"|"((?:[^"\\\n]|\\.)*)"', re.S)


def unescape(body):
    out, i = bytearray(), 0
    raw = body.encode()
    while i < len(raw):
        c = raw[i]
        if c != 0x5C or i + 1 >= len(raw):
            out.append(c)
            i += 1
            continue
        n = chr(raw[i + 1])
        if n == "x":
            m = re.match(rb"[0-9a-fA-F]{1,2}", raw[i + 2 :])
            out.append(int(m.group(0), 16))
            i += 2 + len(m.group(0))
            continue
        out += {"n": b"\n", "t": b"\t", "r": b"\r", "0": b"\0"}.get(n, n.encode())
        i += 2
    return bytes(out)


def literals(*paths):
    found = []
    for path in paths:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            text = f.read()
        for m in LITERAL.finditer(text):
            value = m.group(1).encode() if m.group(1) is not None else unescape(m.group(2))
            if value and not value.startswith(b"#include") and value not in found:
                found.append(value)
    return found


def write(out, target, data):
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def date_header(zone_index, reference):
    """tests/fuzz/date_fuzz.cc: zone byte, then the reference as an offset from 0001-01-01."""
    if reference is None:
        return bytes([zone_index]) + bytes(8)
    min_micros = -62135596800 * 1000000
    micros = int(reference.timestamp()) * 1000000 - min_micros
    return bytes([zone_index]) + struct.pack("<Q", micros)


def seed_dates(out):
    erem = datetime(2024, 10, 12, 11, 16, tzinfo=timezone.utc)
    texts = literals(
        "tests/unit/normalize/date/date_expression_test.cc",
        "tests/unit/normalize/date/iso8601_test.cc",
        "tests/unit/normalize/date/tokens_test.cc",
    )
    for i, text in enumerate(texts):
        if len(text) > 200:
            continue
        write(out, "date", date_header(i % 3, erem if i % 4 else None) + text)


def seed_texts(out):
    """tests/fuzz/find_dates_fuzz.cc: the seed articles and the extraction tests' sentences."""
    erem = datetime(2024, 10, 12, 11, 16, tzinfo=timezone.utc)
    folder = os.path.join(ROOT, "tests/data/article_dates")
    texts = [open(os.path.join(folder, name), "rb").read()
             for name in sorted(os.listdir(folder)) if name.endswith(".txt")]
    texts += literals("tests/unit/normalize/date/date_extraction_test.cc")
    for i, text in enumerate(texts):
        write(out, "find_dates", date_header(i % 3 + 1, erem if i % 3 else None) + text)


def seed_filters(out):
    for text in literals("tests/unit/domain/filter_test.cc", "tests/integration/filter_test.cc"):
        write(out, "filter", text)
    write(out, "filter", b'time.precision = UNKNOWN -event_type = visit '
          b'(actor = "actors/malian-armed-forces" OR title:drones)')
    write(out, "filter", b"event_type = attack -place = \"places/ml\" OR fatalities.best > 10")


def seed_page_tokens(out):
    fp = b"0123456789abcdef0123456789abcdef"
    for payload in [
        b"t1|" + fp + b"|k|2024-09-17 00:00:00+00|42|0",
        b"t1|" + fp + b"|n||7|0",
        b"t1|" + fp + b"|k|a|b|c|-1|50",
        b"t1|" + fp + b"|n||0|1000",
    ]:
        write(out, "page_token", b"\x01" + payload)
    write(out, "page_token", b"\x00dDF8MDEyMzQ1Njc4OWFiY2RlZnxufHw0Mnww")
    write(out, "page_token", b"\x02" + bytes(range(40)))


def seed_names(out):
    for text in literals("tests/unit/domain/resource_name_test.cc"):
        write(out, "resource_name", text)
    for text in literals("tests/unit/normalize/match_key_test.cc",
                         "tests/unit/normalize/name_resolution_test.cc"):
        write(out, "match_key", text)


def seed_files(out):
    data = os.path.join(ROOT, "clients/ingest/tests/data")
    formats = {
        "acled": ["acled-2024.csv", "acled-2018-uppercase.csv"],
        "ucdp": ["ucdp-ged.csv"],
        "gdelt": ["gdelt-events.tsv"],
        "geonames": ["geonames-sample.txt"],
        "jsonl": ["records.jsonl"],
    }
    for target, names in formats.items():
        for name in names + ["garbage.txt"]:
            with open(os.path.join(data, name), "rb") as f:
                content = f.read()
            write(out, target, content)
            lines = content.splitlines(keepends=True)
            # A header (if any) with each of the first rows alone: small inputs fuzz faster.
            for row in lines[1:6]:
                write(out, target, lines[0] + row)
            # tests/fuzz/csv_fuzz.cc: delimiter byte, limit byte, then the file.
            write(out, "csv", (b"\x01" if target in ("gdelt", "geonames") else b"\x00")
                  + b"\x40" + content[:4000])


# The request seeds: byte 0 picks the RPC (tests/fuzz/request_fuzz.cc, kRpcs), the rest is the
# message in protobuf's binary form, encoded by protoc from the text form.
REQUESTS = [
    ("GetEventRequest", 'name: "events/kidal-2024"'),
    ("ListEventsRequest", 'filter: "event_type = attack text:drone" page_size: 20 '
     'order_by: "time.start_time desc" actors: "actors/jnim"'),
    ("CreateEventRequest", 'event { title: "Attaque contre une école de gendarmerie à Bamako" '
     'event_type: "attack" time { start_time { seconds: 1726531200 } end_time { seconds: 1726617600 } '
     'precision: PRECISION_DAY time_zone: "Africa/Bamako" } '
     'actors { actor: "actors/jnim" role: INITIATOR } places { place: "places/bamako" } '
     'fatalities { best: 77 low: 70 high: 100 } }'),
    ("UpdateEventRequest", 'event { name: "events/e1" title: "New title" } update_mask { paths: "title" }'),
    ("DeleteEventRequest", 'name: "events/e1" etag: "W/\\"3\\""'),
    ("MergeEventsRequest", 'name: "events/a" into: "events/b"'),
    ("CountEventsRequest", 'interval: MONTH time_zone: "Africa/Bamako" group_by: EVENT_TYPE group_limit: 10 '
     'filter: "actor = actors/jnim"'),
    ("ExportEventsRequest", 'filter: "fatalities.best > 10"'),
    ("WatchEventsRequest", 'cursor: "42" event_types: "attack"'),
    ("GetActorRequest", 'name: "actors/jnim"'),
    ("ListActorsRequest", 'query: "Assimi Goïta" page_size: 5'),
    ("CreateActorRequest", 'actor { display_name: "Assimi Goïta" kind: PERSON '
     'names { name: "Assimi Goïta" language: "fr" } names { name: "عاصمي غويتا" language: "ar" } '
     'country_code: "ML" wikidata_id: "Q56599580" }'),
    ("ListRelatedActorsRequest", 'actor: "actors/jnim" page_size: 10'),
    ("GetPlaceRequest", 'name: "places/bamako"'),
    ("ListPlacesRequest", 'query: "Tin-Zaouatene"'),
    ("CreatePlaceRequest", 'place { display_name: "Kidal" kind: SETTLEMENT country_code: "ML" '
     'location { latitude: 18.44 longitude: 1.41 } time_zone: "Africa/Bamako" }'),
    ("GetSourceRequest", 'name: "sources/erem"'),
    ("ListSourcesRequest", 'page_size: 3 page_token: "dDF8MDEyMzQ1Njc4OWFiY2RlZnxufHw0Mnww"'),
    ("CreateSourceRequest", 'source { url: "https://www.erem.news/article/123" publisher: "Erem" '
     'language: "ar" published_time { seconds: 1728731760 } }'),
    ("IngestEventsRequest", 'request_id: "run-1" records { external_id { system: "acled" id: "MLI1234" } '
     'title: "Clash near Gao" event_type: "armed_clash" '
     'date { text: "le 5 octobre dernier" reference_time { seconds: 1728731760 } time_zone: "Africa/Bamako" } '
     'actors { name: "JNIM" language: "en" } places { name: "Gao" country_code: "ML" } '
     'source { url: "https://example.org/a" quote: "a visé" published_time { seconds: 1728731760 } } '
     'fatalities { best: 3 } }'),
    ("IngestPlacesRequest", 'places { name: "Bamako" country_code: "ML" geonames_id: 2460596 '
     'location { latitude: 12.65 longitude: -8.0 } time_zone: "Africa/Bamako" }'),
]


def seed_requests(out, includes):
    for index, (message, text) in enumerate(REQUESTS):
        args = ["protoc"] + ["-I" + i for i in includes] + [
            "--encode=timeline.v1." + message, "timeline/v1/event.proto", "timeline/v1/actor.proto",
            "timeline/v1/place.proto", "timeline/v1/source.proto", "timeline/v1/ingest.proto"]
        result = subprocess.run(args, input=text.encode(), capture_output=True)
        if result.returncode != 0:
            sys.stderr.write("%s: %s\n" % (message, result.stderr.decode()))
            continue
        write(out, "request", bytes([index]) + result.stdout)


def main():
    out = sys.argv[1]
    seed_dates(out)
    seed_texts(out)
    seed_filters(out)
    seed_page_tokens(out)
    seed_names(out)
    seed_files(out)
    if len(sys.argv) > 2:
        seed_requests(out, sys.argv[2:])


if __name__ == "__main__":
    main()
