#!/usr/bin/env python3
"""Writes an export shaped like a real ACLED download of the pre-2019 layout, for bench/ingest.

The synthetic records of ingest_bench_gen repeat a few hundred names; a real export does not. This
one has what made real imports slow and wrong: about 45 African countries, each with its own
first- and second-level divisions and about a hundred settlements (thousands of distinct place
names in all), a capital named like its region and its district with events spread around it,
one settlement name used in two regions of a country, accented names, and per country its state
forces, police, "Protesters (Country)"-style qualified groups and dozens of communal and
political militias (thousands of distinct actor names). Names are drawn with a skew, so new names
keep appearing to the last batch, as in an export sorted by date. Every run with the same flags
writes the same bytes.

  bench/acled_like_export.py --rows=20000 --encoding=cp1252 --out=export.csv

--encoding=cp1252 writes Windows-1252 (as ACLED served its older files: curly quotes, accented
names); --encoding=utf-8 also gives some actors of Arabic-speaking countries their Arabic name
and some notes Arabic words. A summary line goes to stderr.
"""

import argparse
import random
import sys

# (ACLED's country name, Gleditsch-Ward number, centre latitude, centre longitude, share of
# events, Arabic-speaking)
COUNTRIES = [
    ("Somalia", 520, 5.2, 46.2, 9, True), ("Nigeria", 475, 9.1, 8.7, 9, False),
    ("Democratic Republic of Congo", 490, -2.9, 23.6, 7, False),
    ("Sudan", 625, 15.5, 30.2, 6, True), ("South Sudan", 626, 7.3, 30.4, 5, False),
    ("Libya", 620, 27.0, 17.0, 6, True), ("Egypt", 651, 26.8, 30.8, 5, True),
    ("Algeria", 615, 28.0, 2.6, 3, True), ("Tunisia", 616, 34.0, 9.5, 3, True),
    ("Morocco", 600, 31.8, -7.1, 1, True), ("Mali", 432, 17.6, -4.0, 4, False),
    ("Burkina Faso", 439, 12.2, -1.6, 2, False), ("Niger", 436, 17.6, 8.1, 2, False),
    ("Cameroon", 471, 7.4, 12.4, 3, False), ("Chad", 483, 15.5, 18.7, 1, True),
    ("Central African Republic", 482, 6.6, 20.9, 3, False), ("Kenya", 501, 0.0, 37.9, 4, False),
    ("Ethiopia", 530, 9.1, 40.5, 3, False), ("Uganda", 500, 1.4, 32.3, 2, False),
    ("Burundi", 516, -3.4, 29.9, 3, False), ("Rwanda", 517, -1.9, 29.9, 1, False),
    ("Tanzania", 510, -6.4, 34.9, 1, False), ("Mozambique", 541, -18.7, 35.5, 2, False),
    ("Zimbabwe", 552, -19.0, 29.2, 2, False), ("Zambia", 551, -13.1, 27.8, 1, False),
    ("Gambia", 420, 13.4, -15.3, 1, False), ("Senegal", 433, 14.5, -14.5, 1, False),
    ("Guinea", 438, 9.9, -9.7, 2, False), ("Guinea-Bissau", 404, 11.8, -15.2, 1, False),
    ("Ivory Coast", 437, 7.5, -5.5, 2, False), ("Ghana", 452, 7.9, -1.0, 1, False),
    ("Togo", 461, 8.6, 0.8, 1, False), ("Benin", 434, 9.3, 2.3, 1, False),
    ("Sierra Leone", 451, 8.5, -11.8, 1, False), ("Liberia", 450, 6.4, -9.4, 1, False),
    ("Mauritania", 435, 21.0, -10.9, 1, True), ("Madagascar", 580, -18.8, 46.9, 1, False),
    ("Malawi", 553, -13.3, 34.3, 1, False), ("Angola", 540, -11.2, 17.9, 1, False),
    ("South Africa", 560, -30.6, 22.9, 3, False), ("Republic of Congo", 484, -0.2, 15.8, 1, False),
    ("Gabon", 481, -0.8, 11.6, 1, False), ("Eritrea", 531, 15.2, 39.8, 1, True),
    ("Djibouti", 522, 11.8, 42.6, 1, True), ("Lesotho", 570, -29.6, 28.2, 1, False),
]

SYLLABLES = ("ba ka ma ta ga da ko bo mo sa si dou gou ra ri ni na lé bé ké tin zou fa ya kir "
             "um bu ki lo go mba ndi wa zi ké ho ar el ha ja mu tou ou sé dja ou ïa bo ng").split()
ETHNIC = ("Fulani Dogon Bambara Tuareg Hausa Kanuri Tiv Jukun Nuer Dinka Murle Misseriya Rizeigat "
          "Hawiye Darod Marehan Habar Gidir Abgaal Luo Kikuyu Kalenjin Pokot Turkana Borana Oromo "
          "Afar Issa Hema Lendu Twa Luba Mbororo Gbaya Banda Yakoma Tutsi Hutu Zaghawa Fur Masalit "
          "Berti Toubou Songhai Bella Moors Mandinka Jola Kpelle Mano Gio Krahn Bakiga").split()
MILITIA_WORDS = ("Union Front Movement Alliance Brigade Youth Guard Defence Army League Council "
                 "Revolutionary Patriotic Liberation Popular Democratic Resistance").split()
SOURCES = ["AFP", "Reuters", "Radio Okapi", "Le Républicain", "Sahara Reporters",
           "Garowe Online", "Libya Herald", "Al Wasat", "Jeune Afrique", "Radio Tamazuj"]
ARABIC_WORDS = ["مسلحون", "قوات", "كتيبة", "أهالي", "متظاهرون", "ميليشيا", "شباب", "حرس"]
EVENT_TYPES = [("Battle-No change of territory", 2), ("Violence against civilians", 7),
               ("Riots/Protests", 6), ("Remote violence", 3), ("Strategic development", 8),
               ("Battle-Government regains territory", 2), ("Non-violent transfer of territory", 8)]


def word(rng, syllables):
    text = "".join(rng.choice(SYLLABLES) for _ in range(syllables))
    return text[0].upper() + text[1:]


class Country:
    def __init__(self, rng, name, gwno, lat, lng, arabic):
        self.name, self.gwno, self.lat, self.lng, self.arabic = name, gwno, lat, lng, arabic
        used = set()

        def fresh(syllables):
            while True:
                w = word(rng, syllables)
                if w not in used:
                    used.add(w)
                    return w

        self.capital = fresh(3)
        regions = [self.capital] + [fresh(rng.choice((2, 3))) for _ in range(7)]
        self.districts = {r: ([r] if r == self.capital else []) +
                          [fresh(rng.choice((2, 3))) for _ in range(4)] for r in regions}
        # Settlements: (name, admin1, admin2, lat, lng). The capital is named like its region
        # and its district; regional seats like theirs; two names recur in two regions.
        self.places = [(self.capital, self.capital, self.capital,
                        lat + rng.uniform(-1, 1), lng + rng.uniform(-1, 1))]
        for r in regions[1:]:
            self.places.append((r, r, self.districts[r][0], lat + rng.uniform(-4, 4),
                                lng + rng.uniform(-4, 4)))
        while len(self.places) < 100:
            r = rng.choice(regions)
            self.places.append((fresh(rng.choice((2, 3, 3))), r, rng.choice(self.districts[r]),
                                lat + rng.uniform(-4, 4), lng + rng.uniform(-4, 4)))
        for twin in self.places[20:22]:
            other = next(r for r in regions if r != twin[1])
            self.places.append((twin[0], other, self.districts[other][1],
                                lat + rng.uniform(-4, 4), lng + rng.uniform(-4, 4)))
        rng.shuffle(self.places)
        self.places.insert(0, self.places.pop(self.places.index(
            next(p for p in self.places if p[0] == self.capital and p[1] == self.capital))))
        n = name
        self.actors = [
            (f"Military Forces of {n} (2010-)", 1), (f"Police Forces of {n} (2010-)", 1),
            (f"Protesters ({n})", 6), (f"Rioters ({n})", 5), (f"Civilians ({n})", 7),
            (f"Unidentified Armed Group ({n})", 3)]
        for e in rng.sample(ETHNIC, 30):
            self.actors.append((f"{e} Ethnic Militia ({n})", 4))
        for _ in range(30):
            self.actors.append((f"{fresh(2)} {rng.choice(MILITIA_WORDS)}", 3))
        for _ in range(20):
            self.actors.append((f"{fresh(2)} {fresh(3)} Militia", 3))


def skewed(rng, items):
    """Item i drawn with weight 1/(i+1): a few common, a long tail of rare ones."""
    weights = [1.0 / (i + 1) for i in range(len(items))]
    return rng.choices(items, weights)[0]


def csv_field(text):
    if any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--encoding", choices=("cp1252", "utf-8"), default="cp1252")
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    countries = [Country(rng, *c[:4], c[5]) for c in COUNTRIES]
    shares = [c[4] for c in COUNTRIES]
    rows = []
    for i in range(args.rows):
        c = rng.choices(countries, shares)[0]
        day = rng.randrange(0, 3 * 365)
        y, rest = 2014 + day // 365, day % 365
        m, d = 1 + rest // 31 % 12, 1 + rest % 28
        place = skewed(rng, c.places)
        lat, lng, precision = place[3], place[4], 1
        if place[0] == c.capital:
            # Events across the capital's districts, each at its own point.
            lat, lng = lat + rng.uniform(-0.15, 0.15), lng + rng.uniform(-0.15, 0.15)
        else:
            precision = rng.choices((1, 2, 3), (70, 25, 5))[0]
        event_type = rng.choice(EVENT_TYPES)
        actor1 = skewed(rng, c.actors)
        actor2 = skewed(rng, c.actors) if rng.random() < 0.7 else ("", 0)
        if actor2[0] == actor1[0]:
            actor2 = ("", 0)
        names = [actor1[0], actor2[0]]
        if args.encoding == "utf-8" and c.arabic:
            names = [n if not n or rng.random() > 0.1 else
                     f"{rng.choice(ARABIC_WORDS)} {n.split()[0]}" for n in names]
        notes = (f"On {d:02d}/{m:02d}/{y}, {names[0]} clashed near “{place[0]}” "
                 f"({place[1]} – {place[2]}); {rng.randrange(0, 12)} reported ’wounded’.")
        if args.encoding == "utf-8" and c.arabic and rng.random() < 0.2:
            notes += " " + " ".join(rng.sample(ARABIC_WORDS, 3))
        rows.append((y, m, d, [
            str(c.gwno), f"{c.name[:3].upper()}{i + 1}", str(i + 1), f"{d:02d}/{m:02d}/{y}",
            str(y), str(rng.choices((1, 2, 3), (85, 10, 5))[0]), event_type[0], names[0], "",
            str(actor1[1]), names[1], "", str(actor2[1]),
            str(actor1[1] * 10 + actor2[1]), c.name, place[1], place[2], "", place[0],
            f"{lat:.4f}", f"{lng:.4f}", str(precision), rng.choice(SOURCES), notes,
            str(rng.choices((0, 1, 2, 5, 12), (60, 15, 10, 10, 5))[0])]))
    rows.sort(key=lambda r: r[:3])
    header = ("GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,"
              "ACTOR1,ALLY_ACTOR_1,INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,"
              "ADMIN2,ADMIN3,LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,SOURCE,NOTES,FATALITIES")
    with open(args.out, "w", encoding=args.encoding, newline="") as out:
        out.write(header + "\r\n")
        for row in rows:
            out.write(",".join(csv_field(f) for f in row[3]) + "\r\n")
    actors = {r[3][7] for r in rows} | {r[3][10] for r in rows if r[3][10]}
    places = {(r[3][14], r[3][15], r[3][16], r[3][18]) for r in rows}
    print(f"acled_like_export: {args.rows} rows, {args.encoding}, {len(countries)} countries, "
          f"{len(actors)} actor names, {len(places)} places", file=sys.stderr)


if __name__ == "__main__":
    main()
