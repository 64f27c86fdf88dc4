#!/usr/bin/env python3
"""Writes tests/data/date_cases.tsv: date expressions as news writes them, in Arabic, English and
French, each with a reference time, a zone and the span it names (or "unresolved").

The expected spans are computed here, with Python's own calendar (datetime, zoneinfo) and the
Umm al-Qura calendar of the hijridate package, never by asking the normalizer. The conventions are
those of service/normalize/date/date_expression.h (a year-less date is the latest such date not
after the reference; "N weeks ago" is a whole ISO week; a Hijri span is Umm al-Qura's, widened by a
day on each side unless Umm al-Qura decides it: in Saudi Arabia, outside Ramadan, Shawwal and Dhu
al-Hijjah) plus the ones README.md states for the categories added with this file.

    python3 tests/data/make_date_cases.py > tests/data/date_cases.tsv

Deterministic: the same script always writes the same file.
"""

import datetime as dt
import random
import sys
from zoneinfo import ZoneInfo

RNG = random.Random(20241012)
D = dt.date
TD = dt.timedelta

# Confident-wrong categories: a resolved answer there must never be wrong.
CATEGORIES = []

REFERENCES = [
    "2024-10-12T11:16:00Z",  # a Saturday (the Erem News article)
    "2025-01-10T09:00:00Z",  # a Friday after a year's turn
    "2024-03-15T12:00:00Z",
    "2023-07-03T08:00:00Z",
    "2022-12-31T18:00:00Z",
    "2026-05-06T10:00:00Z",
    "2021-02-28T12:00:00Z",
    "2019-11-20T12:00:00Z",
]
ZONES = ["Africa/Bamako", "Africa/Bamako", "Asia/Dubai", "Europe/Paris", "America/New_York"]

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
             "أكتوبر", "نوفمبر", "ديسمبر"]
AR_LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]
# Monday first, as date.weekday() counts.
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FR_WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
AR_WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

EN_ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
          "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first",
          "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth",
          "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first"]
FR_CARD = ["premier", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
           "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
           "dix-neuf", "vingt", "vingt et un", "vingt-deux", "vingt-trois", "vingt-quatre",
           "vingt-cinq", "vingt-six", "vingt-sept", "vingt-huit", "vingt-neuf", "trente",
           "trente et un"]
AR_ORD_UNITS = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
                "التاسع", "العاشر"]
AR_ORD_COMPOUND = ["الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع",
                   "الثامن", "التاسع"]


def ar_ordinal(n):
    """The masculine Arabic ordinal of a day of the month, 1-31."""
    if n <= 10:
        return AR_ORD_UNITS[n - 1]
    if n < 20:
        return AR_ORD_COMPOUND[n - 11] + " عشر"
    if n == 20:
        return "العشرين"
    if n < 30:
        return AR_ORD_COMPOUND[n - 21] + " والعشرين"
    return "الثلاثين" if n == 30 else "الحادي والثلاثين"


def en_suffix(n):
    if 11 <= n % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def arabic_digits(text):
    return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


# --- Calendar arithmetic --------------------------------------------------------------------

def parse_reference(ref):
    return dt.datetime.strptime(ref, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def local_day(ref, zone):
    return parse_reference(ref).astimezone(ZoneInfo(zone)).date()


def utc_of_local_midnight(day, zone):
    local = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    return local.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_months(year, month, n):
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def month_start(year, month):
    return D(year, month, 1)


def next_month_start(year, month):
    y, m = add_months(year, month, 1)
    return D(y, m, 1)


def monday_of(day):
    return day - TD(days=day.weekday())


def valid(y, m, d):
    try:
        D(y, m, d)
        return True
    except ValueError:
        return False


def latest_yearless(m, d, anchor):
    for y in range(anchor.year, anchor.year - 9, -1):
        if valid(y, m, d) and D(y, m, d) <= anchor:
            return D(y, m, d)
    return None


def earliest_yearless(m, d, anchor):
    for y in range(anchor.year, anchor.year + 9):
        if valid(y, m, d) and D(y, m, d) >= anchor:
            return D(y, m, d)
    return None


def latest_month(m, anchor):
    """The latest month m that starts on or before the anchor's month."""
    return (anchor.year if m <= anchor.month else anchor.year - 1), m


# The Umm al-Qura calendar, from the hijridate package (PyPI; its own tables, 1343-1500 AH), not
# from ICU, which the normalizer uses.
try:
    from hijridate import Hijri
except ImportError:
    sys.exit("make_date_cases.py needs the hijridate package: python3 -m pip install hijridate")


def hijri_to_date(y, m, d):
    return Hijri(y, m, d).to_gregorian()


def hijri_month_days(y, m):
    start = hijri_to_date(y, m, 1)
    end = hijri_to_date(y + 1, 1, 1) if m == 12 else hijri_to_date(y, m + 1, 1)
    return start, end


# --- Rows ------------------------------------------------------------------------------------

ROWS = []


def row(text, lang, ref, zone, category, first=None, end=None, precision=None):
    """first/end: local dates (end exclusive) in the zone; None: unresolved."""
    if first is None:
        ROWS.append((text, lang, ref, zone, "unresolved", "", "", category))
    else:
        ROWS.append((text, lang, ref, zone, utc_of_local_midnight(first, zone),
                     utc_of_local_midnight(end, zone), precision, category))


def day_row(text, lang, ref, zone, category, day):
    row(text, lang, ref, zone, category, day, day + TD(days=1), "DAY")


def pick_ref_zone():
    return RNG.choice(REFERENCES), RNG.choice(ZONES)


def random_day(y0=1990, y1=2030):
    y = RNG.randint(y0, y1)
    m = RNG.randint(1, 12)
    d = RNG.randint(1, 28 if m == 2 else 30)
    return D(y, m, d)


def ar_month(m):
    return RNG.choice([AR_MONTHS[m - 1], AR_LEVANT[m - 1], AR_MONTHS[m - 1]])


def maybe_arabic_digits(text):
    return arabic_digits(text) if RNG.random() < 0.3 else text


# --- Confident-wrong patterns: never a resolved wrong answer --------------------------------

def hijri_in_gregorian_year():
    months = {1: ("محرم", "Muharram", "mouharram"), 9: ("رمضان", "Ramadan", "ramadan"),
              10: ("شوال", "Shawwal", "chawwal")}
    # ICU's Umm al-Qura table matches the published calendar from 1420 to 1450 AH only; outside,
    # the normalizer widens further (README.md, "Hijri dates"), and tests of its own cover that.
    for gy in range(2000, 2029):
        for m, (ar, en, fr) in months.items():
            lo, hi = D(gy, 1, 1), D(gy + 1, 1, 1)
            spans = []
            for h in range(1419, 1452):
                start, end = hijri_month_days(h, m)
                if end > lo and start < hi:
                    spans.append((start, end))
            first, last = spans[0][0] - TD(days=1), spans[-1][1] + TD(days=1)
            lang, text = RNG.choice([("ar", f"{ar} {gy}"), ("ar", f"{ar} {gy}م"),
                                     ("en", f"{en} {gy}"), ("fr", f"{fr} {gy}"),
                                     ("ar", arabic_digits(f"{ar} {gy}"))])
            zone = RNG.choice(["Africa/Bamako", "Asia/Dubai"])
            row(text, lang, "", zone, "hijri_month_gregorian_year", first, last, "DAY")


def range_relative_end():
    for _ in range(150):
        ref, zone = pick_ref_zone()
        today = local_day(ref, zone)
        lang = RNG.choice(["ar", "en", "fr"])
        past = today - TD(days=RNG.randint(2, 2500))
        soon = today + TD(days=RNG.randint(1, 300))
        m, d = past.month, past.day
        no_ref = RNG.random() < 0.1
        if lang == "en":
            kind = RNG.randrange(4)
            if kind == 0:
                text, first, last = f"from {d} {EN_MONTHS[m - 1]} {past.year} to today", past, today
            elif kind == 1:
                text = f"from {past.year}-{EN_MONTHS[m - 1][:3].lower()}-{d} to today"
                first, last = past, today
            elif kind == 2:
                text = f"between {d} {EN_MONTHS[m - 1]} and today"
                first, last = latest_yearless(m, d, today), today
            else:
                text = f"from today to {EN_MONTHS[soon.month - 1]} {soon.day}"
                first, last = today, earliest_yearless(soon.month, soon.day, today)
        elif lang == "fr":
            kind = RNG.randrange(4)
            day_fr = "1er" if d == 1 else str(d)
            if kind == 0:
                text, first, last = f"du {day_fr} {FR_MONTHS[m - 1]} {past.year} à aujourd'hui", past, today
            elif kind == 1:
                text = f"du {day_fr} {FR_MONTHS[m - 1]} {past.year} jusqu'à aujourd'hui"
                first, last = past, today
            elif kind == 2:
                text = f"entre le {day_fr} {FR_MONTHS[m - 1]} et aujourd'hui"
                first, last = latest_yearless(m, d, today), today
            else:
                text = f"entre aujourd'hui et le {soon.day} {FR_MONTHS[soon.month - 1]}"
                first, last = today, earliest_yearless(soon.month, soon.day, today)
        else:
            kind = RNG.randrange(4)
            if kind == 0:
                text, first, last = f"من {d} {ar_month(m)} {past.year} حتى اليوم", past, today
            elif kind == 1:
                text, first, last = f"من {d} {ar_month(m)} {past.year} إلى اليوم", past, today
            elif kind == 2:
                text = f"بين {d} {ar_month(m)} واليوم"
                first, last = latest_yearless(m, d, today), today
            else:
                text = f"اليوم حتى {soon.day} {ar_month(soon.month)}"
                first, last = today, earliest_yearless(soon.month, soon.day, today)
            text = maybe_arabic_digits(text)
        if no_ref:
            row(text, lang, "", zone, "range_relative_end")
        else:
            row(text, lang, ref, zone, "range_relative_end", first, last + TD(days=1), "DAY")


def after_next():
    phrases = {
        "en": [("the day after next", "day"), ("the week after next", "week"),
               ("the month after next", "month"), ("the year after next", "year")],
        "fr": [("la semaine après la prochaine", "week"), ("le mois après le prochain", "month"),
               ("l'année après la prochaine", "year"), ("le jour après le prochain", "day")],
        "ar": [("الأسبوع بعد القادم", "week"), ("الاسبوع بعد القادم", "week"),
               ("الشهر بعد المقبل", "month"), ("العام بعد القادم", "year"),
               ("السنة بعد المقبلة", "year")],
    }
    for _ in range(120):
        lang = RNG.choice(["ar", "en", "fr"])
        text, unit = RNG.choice(phrases[lang])
        ref, zone = pick_ref_zone()
        if RNG.random() < 0.1:
            row(text, lang, "", zone, "after_next")
            continue
        today = local_day(ref, zone)
        if unit == "day":
            day_row(text, lang, ref, zone, "after_next", today + TD(days=2))
        elif unit == "week":
            monday = monday_of(today) + TD(days=14)
            row(text, lang, ref, zone, "after_next", monday, monday + TD(days=7), "WEEK")
        elif unit == "month":
            y, m = add_months(today.year, today.month, 2)
            row(text, lang, ref, zone, "after_next", month_start(y, m), next_month_start(y, m),
                "MONTH")
        else:
            y = today.year + 2
            row(text, lang, ref, zone, "after_next", D(y, 1, 1), D(y + 1, 1, 1), "YEAR")


def nearest_year(m, d, near):
    best = None
    for y in (near.year - 1, near.year, near.year + 1):
        if valid(y, m, d):
            cand = D(y, m, d)
            if best is None or abs((cand - near).days) < abs((best - near).days):
                best = cand
    return best


def headline_date():
    for _ in range(150):
        lang = RNG.choice(["ar", "en", "fr"])
        ref, zone = pick_ref_zone()
        today = local_day(ref, zone)
        rel = RNG.choice([0, 0, -1])
        relative = today + TD(days=rel)
        stated = relative if RNG.random() < 0.4 else relative + TD(days=RNG.randint(-60, 60))
        m, d = stated.month, stated.day
        with_year = RNG.random() < 0.25
        if lang == "ar":
            word = "اليوم" if rel == 0 else "أمس"
            text = f"{word} {d} {ar_month(m)}" + (f" {stated.year}" if with_year else "")
            text = maybe_arabic_digits(text)
        elif lang == "en":
            word = "Today" if rel == 0 else "Yesterday"
            text = f"{word}, {EN_MONTHS[m - 1]} {d}" + (f", {stated.year}" if with_year else "")
        else:
            word = "aujourd'hui" if rel == 0 else "hier"
            text = f"{word} {d} {FR_MONTHS[m - 1]}" + (f" {stated.year}" if with_year else "")
        if RNG.random() < 0.08:
            row(text, lang, "", zone, "headline_date")
            continue
        day_row(text, lang, ref, zone, "headline_date",
                stated if with_year else nearest_year(m, d, relative))


# --- What the normalizer read before --------------------------------------------------------

def full_date():
    for _ in range(150):
        lang = RNG.choice(["ar", "en", "fr"])
        day = random_day()
        y, m, d = day.year, day.month, day.day
        if lang == "en":
            text = RNG.choice([f"{d} {EN_MONTHS[m - 1]} {y}", f"{EN_MONTHS[m - 1]} {d}, {y}",
                               f"{EN_WEEKDAYS[day.weekday()]}, {EN_MONTHS[m - 1]} {d}, {y}",
                               f"the {d}{en_suffix(d)} of {EN_MONTHS[m - 1]} {y}"])
        elif lang == "fr":
            day_fr = "1er" if d == 1 else str(d)
            text = RNG.choice([f"{day_fr} {FR_MONTHS[m - 1]} {y}", f"le {day_fr} {FR_MONTHS[m - 1]} {y}",
                               f"{FR_WEEKDAYS[day.weekday()]} {day_fr} {FR_MONTHS[m - 1]} {y}"])
        else:
            text = RNG.choice([f"{d} {ar_month(m)} {y}", f"{AR_WEEKDAYS[day.weekday()]} {d} {ar_month(m)} {y}",
                               f"{d} {AR_MONTHS[m - 1]}/{AR_LEVANT[m - 1]} {y}"])
            text = maybe_arabic_digits(text)
        ref, zone = pick_ref_zone()
        day_row(text, lang, RNG.choice([ref, ""]), zone, "full_date", day)


def month_year():
    for _ in range(100):
        lang = RNG.choice(["ar", "en", "fr"])
        y, m = RNG.randint(1950, 2030), RNG.randint(1, 12)
        text = {"en": RNG.choice([f"{EN_MONTHS[m - 1]} {y}", f"in {EN_MONTHS[m - 1]} {y}"]),
                "fr": RNG.choice([f"{FR_MONTHS[m - 1]} {y}", f"en {FR_MONTHS[m - 1]} {y}"]),
                "ar": maybe_arabic_digits(RNG.choice([f"{ar_month(m)} {y}", f"في {ar_month(m)} {y}"]))}[lang]
        _, zone = pick_ref_zone()
        row(text, lang, "", zone, "month_year", month_start(y, m), next_month_start(y, m), "MONTH")


def relative_day():
    words = {"en": [("yesterday", -1), ("today", 0), ("tomorrow", 1),
                    ("the day before yesterday", -2), ("the day after tomorrow", 2)],
             "fr": [("hier", -1), ("aujourd'hui", 0), ("demain", 1), ("avant-hier", -2),
                    ("après-demain", 2)],
             "ar": [("أمس", -1), ("اليوم", 0), ("غدا", 1), ("أول أمس", -2), ("بعد غد", 2),
                    ("قبل يوم أمس", -2)]}
    for _ in range(100):
        lang = RNG.choice(["ar", "en", "fr"])
        text, k = RNG.choice(words[lang])
        ref, zone = pick_ref_zone()
        day_row(text, lang, ref, zone, "relative_day", local_day(ref, zone) + TD(days=k))


def relative_unit():
    words = {"en": [("last week", "week", -1), ("this week", "week", 0), ("next week", "week", 1),
                    ("the week before last", "week", -2), ("last month", "month", -1),
                    ("this month", "month", 0), ("next month", "month", 1),
                    ("last year", "year", -1), ("this year", "year", 0), ("next year", "year", 1)],
             "fr": [("la semaine dernière", "week", -1), ("cette semaine", "week", 0),
                    ("la semaine prochaine", "week", 1), ("le mois dernier", "month", -1),
                    ("ce mois", "month", 0), ("le mois prochain", "month", 1),
                    ("l'année dernière", "year", -1), ("cette année", "year", 0),
                    ("l'an prochain", "year", 1)],
             "ar": [("الأسبوع الماضي", "week", -1), ("هذا الأسبوع", "week", 0),
                    ("الأسبوع المقبل", "week", 1), ("الأسبوع قبل الماضي", "week", -2),
                    ("الشهر الماضي", "month", -1), ("الشهر الحالي", "month", 0),
                    ("الشهر القادم", "month", 1), ("العام الماضي", "year", -1),
                    ("هذا العام", "year", 0), ("العام المقبل", "year", 1)]}
    for _ in range(120):
        lang = RNG.choice(["ar", "en", "fr"])
        text, unit, step = RNG.choice(words[lang])
        ref, zone = pick_ref_zone()
        unit_row(text, lang, ref, zone, "relative_unit", unit, step)


def unit_row(text, lang, ref, zone, category, unit, step):
    today = local_day(ref, zone)
    if unit == "day":
        day_row(text, lang, ref, zone, category, today + TD(days=step))
    elif unit == "week":
        monday = monday_of(today) + TD(days=7 * step)
        row(text, lang, ref, zone, category, monday, monday + TD(days=7), "WEEK")
    elif unit == "month":
        y, m = add_months(today.year, today.month, step)
        row(text, lang, ref, zone, category, month_start(y, m), next_month_start(y, m), "MONTH")
    else:
        y = today.year + step
        row(text, lang, ref, zone, category, D(y, 1, 1), D(y + 1, 1, 1), "YEAR")


AR_MONTHS_COUNT = {1: "شهر", 2: "شهرين", 3: "3 أشهر"}


def offsets():
    en_units = {"day": "days", "week": "weeks", "month": "months", "year": "years"}
    fr_units = {"day": "jours", "week": "semaines", "month": "mois", "year": "ans"}
    ar_units = {"day": "أيام", "week": "أسابيع", "month": "أشهر", "year": "سنوات"}
    for _ in range(180):
        lang = RNG.choice(["ar", "en", "fr"])
        ref, zone = pick_ref_zone()
        today = local_day(ref, zone)
        kind = RNG.randrange(4)
        if kind == 3:  # a month and days ago: one day
            months, days_ = RNG.randint(1, 3), RNG.randint(2, 25)
            y, m = add_months(today.year, today.month, -months)
            day = D(y, m, min(today.day, (next_month_start(y, m) - TD(days=1)).day)) - TD(days=days_)
            text = {"en": f"{months} month{'s' if months > 1 else ''} {days_} days ago",
                    "fr": f"il y a {months} mois et {days_} jours",
                    "ar": f"منذ {AR_MONTHS_COUNT[months]} و{days_} {'أيام' if days_ <= 10 else 'يوما'}"}[lang]
            day_row(text, lang, ref, zone, "offset", day)
            continue
        unit = RNG.choice(["day", "week", "month", "year"])
        n = RNG.randint(3, 10)
        future = kind == 2
        step = n if future else -n
        if lang == "en":
            text = f"in {n} {en_units[unit]}" if future else f"{n} {en_units[unit]} ago"
        elif lang == "fr":
            text = f"dans {n} {fr_units[unit]}" if future else f"il y a {n} {fr_units[unit]}"
        else:
            text = f"بعد {n} {ar_units[unit]}" if future else RNG.choice(["قبل", "منذ"]) + f" {n} {ar_units[unit]}"
        unit_row(text, lang, ref, zone, "offset", unit, step)


# --- Coverage added category by category ----------------------------------------------------

def numeric_no_year():
    for _ in range(130):
        lang = RNG.choice(["ar", "en", "fr"])
        ref, zone = pick_ref_zone()
        today = local_day(ref, zone)
        m = RNG.randint(1, 12)
        ambiguous = RNG.random() < 0.2
        d = RNG.randint(1, 12) if ambiguous else RNG.randint(13, 28)
        if ambiguous and d == m:
            d = m % 12 + 1
        text = f"{d}/{m:02d}" if RNG.random() < 0.5 else f"{d}/{m}"
        if lang == "fr" and RNG.random() < 0.5:
            text = "le " + text
        if lang == "ar":
            text = maybe_arabic_digits(text)
        if ambiguous:
            row(text, lang, ref, zone, "numeric_no_year")
        else:
            day_row(text, lang, ref, zone, "numeric_no_year", latest_yearless(m, d, today))


def two_digit_year():
    for _ in range(110):
        lang = RNG.choice(["ar", "en", "fr"])
        ref, zone = pick_ref_zone()
        today = local_day(ref, zone)
        yy = RNG.randint(0, 99)
        year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
        m = RNG.randint(1, 12)
        ambiguous = RNG.random() < 0.15
        d = RNG.choice([m, RNG.randint(13, 28)]) if not ambiguous else (m % 12) + 1
        sep = RNG.choice(["/", "/", "."])
        text = f"{d:02d}{sep}{m:02d}{sep}{yy:02d}"
        if lang == "ar":
            text = maybe_arabic_digits(text)
        if ambiguous:
            row(text, lang, ref, zone, "two_digit_year")
        else:
            day_row(text, lang, ref, zone, "two_digit_year", D(year, m, d))


def spaced_separator():
    for _ in range(100):
        lang = RNG.choice(["ar", "en", "fr"])
        _, zone = pick_ref_zone()
        y, m = RNG.randint(1990, 2030), RNG.randint(1, 12)
        if RNG.random() < 0.5:
            text = f"{y} / {m}"
            row(maybe_arabic_digits(text) if lang == "ar" else text, lang, "", zone,
                "spaced_separator", month_start(y, m), next_month_start(y, m), "MONTH")
        else:
            d = RNG.randint(13, 28)
            text = RNG.choice([f"{d} / {m} / {y}", f"{y} / {m:02d} / {d}"])
            day_row(maybe_arabic_digits(text) if lang == "ar" else text, lang, "", zone,
                    "spaced_separator", D(y, m, d))


def quarter_half():
    en_ord = ["first", "second", "third", "fourth"]
    fr_ord = ["premier", "deuxième", "troisième", "quatrième"]
    ar_ord = ["الأول", "الثاني", "الثالث", "الرابع"]
    ar_half = ["الأول", "الثاني"]
    fr_half = ["premier", "second"]
    for _ in range(130):
        lang = RNG.choice(["ar", "en", "fr"])
        y = RNG.randint(1995, 2030)
        _, zone = pick_ref_zone()
        if RNG.random() < 0.65:
            q = RNG.randint(1, 4)
            first_month, months = 3 * q - 2, 3
            text = {"en": RNG.choice([f"Q{q} {y}", f"the {en_ord[q - 1]} quarter of {y}"]),
                    "fr": RNG.choice([f"T{q} {y}", f"le {fr_ord[q - 1]} trimestre {y}"]),
                    "ar": RNG.choice([f"الربع {ar_ord[q - 1]} {y}", f"الربع {ar_ord[q - 1]} من عام {y}"])}[lang]
        else:
            h = RNG.randint(1, 2)
            first_month, months = 6 * h - 5, 6
            text = {"en": RNG.choice([f"H{h} {y}", f"the {en_ord[h - 1]} half of {y}"]),
                    "fr": RNG.choice([f"le {fr_half[h - 1]} semestre {y}", f"S{h} {y}"]),
                    "ar": RNG.choice([f"النصف {ar_half[h - 1]} من عام {y}", f"النصف {ar_half[h - 1]} {y}"])}[lang]
        ey, em = add_months(y, first_month, months)
        row(text, lang, "", zone, "quarter_half", D(y, first_month, 1), D(ey, em, 1), "MONTH")


AR_DECADES = {20: "العشرينيات", 30: "الثلاثينيات", 40: "الأربعينيات", 50: "الخمسينيات",
              60: "الستينيات", 70: "السبعينيات", 80: "الثمانينيات", 90: "التسعينيات"}
EN_CENTURY = {18: "18th", 19: "19th", 20: "20th", 21: "21st"}
FR_CENTURY = {18: "XVIIIe", 19: "XIXe", 20: "XXe", 21: "XXIe"}
AR_CENTURY = {18: "الثامن عشر", 19: "التاسع عشر", 20: "العشرين", 21: "الحادي والعشرين"}


def decade_century():
    for _ in range(110):
        lang = RNG.choice(["ar", "en", "fr"])
        _, zone = pick_ref_zone()
        if RNG.random() < 0.7:
            dd = RNG.choice(list(AR_DECADES))
            year = 1900 + dd
            text = {"en": RNG.choice([f"the {dd}s", f"the {year}s", f"in the {year}s"]),
                    "fr": RNG.choice([f"les années {dd}", f"les années {year}", f"dans les années {dd}"]),
                    "ar": RNG.choice([AR_DECADES[dd], f"{AR_DECADES[dd]} من القرن الماضي", f"في {AR_DECADES[dd]}"])}[lang]
            if dd == 20 and str(year) not in text:
                # "the 20s" said today may be the 1920s or the 2020s: left unresolved.
                row(text, lang, "", zone, "decade_century")
            else:
                row(text, lang, "", zone, "decade_century", D(year, 1, 1), D(year + 10, 1, 1), "YEAR")
        else:
            c = RNG.choice(list(AR_CENTURY))
            text = {"en": f"the {EN_CENTURY[c]} century", "fr": f"le {FR_CENTURY[c]} siècle",
                    "ar": f"القرن {AR_CENTURY[c]}"}[lang]
            row(text, lang, "", zone, "decade_century", D((c - 1) * 100 + 1, 1, 1),
                D(c * 100 + 1, 1, 1), "YEAR")


def weekday_day():
    for _ in range(130):
        lang = RNG.choice(["ar", "en", "fr"])
        ref, zone = pick_ref_zone()
        today = local_day(ref, zone)
        target = today + TD(days=RNG.randint(-28, 10))
        wd = target.weekday()
        if RNG.random() < 0.15:
            wd = (wd + RNG.randint(1, 6)) % 7  # a weekday the day number does not fall on nearby
        d = target.day
        text = {"en": RNG.choice([f"{EN_WEEKDAYS[wd]} the {d}{en_suffix(d)}", f"{EN_WEEKDAYS[wd]} {d}"]),
                "fr": RNG.choice([f"{FR_WEEKDAYS[wd]} {d}", f"le {FR_WEEKDAYS[wd]} {d}"]),
                "ar": maybe_arabic_digits(RNG.choice([f"{AR_WEEKDAYS[wd]} {d}", f"يوم {AR_WEEKDAYS[wd]} {d}"]))}[lang]
        # The day d with weekday wd nearest the reference within 31 days; none or two: unresolved.
        found = [today + TD(days=k) for k in range(-31, 32)
                 if (today + TD(days=k)).day == d and (today + TD(days=k)).weekday() == wd]
        if len(found) == 1:
            day_row(text, lang, ref, zone, "weekday_day", found[0])
        else:
            row(text, lang, ref, zone, "weekday_day")


def nth_weekday_in(y, m, wd, n):
    days = [D(y, m, k) for k in range(1, 32) if valid(y, m, k) and D(y, m, k).weekday() == wd]
    return days[-1] if n == -1 else days[n - 1]


def nth_weekday():
    en_n = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
    fr_n = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", -1: "dernier"}
    ar_m = {1: "الأول", 2: "الثاني", 3: "الثالث", 4: "الرابع", -1: "الأخير"}
    ar_f = {1: "الأولى", 2: "الثانية", 3: "الثالثة", 4: "الرابعة", -1: "الأخيرة"}
    for _ in range(130):
        lang = RNG.choice(["ar", "en", "fr"])
        ref, zone = pick_ref_zone()
        today = local_day(ref, zone)
        n = RNG.choice([1, 2, 3, 4, -1])
        wd = RNG.randrange(7)
        kind = RNG.randrange(3)  # 0: month and year, 1: month alone, 2: "of the month"
        if kind == 0:
            y, m = RNG.randint(2000, 2030), RNG.randint(1, 12)
        elif kind == 1:
            m = RNG.randint(1, 12)
            y, _ = latest_month(m, today)
        else:
            y, m = today.year, today.month
        ymonth = {0: f" {y}", 1: "", 2: ""}[kind]
        if lang == "en":
            of = "of the month" if kind == 2 else f"of {EN_MONTHS[m - 1]}{ymonth}"
            text = f"the {en_n[n]} {EN_WEEKDAYS[wd]} {of}"
        elif lang == "fr":
            ordinal = fr_n[n]
            of = "du mois" if kind == 2 else f"de {FR_MONTHS[m - 1]}{ymonth}"
            text = f"le {ordinal} {FR_WEEKDAYS[wd]} {of}"
        else:
            ordinal = (ar_f if wd == 4 else ar_m)[n]
            of = "من الشهر" if kind == 2 else f"من {ar_month(m)}{ymonth}"
            text = f"{AR_WEEKDAYS[wd]} {ordinal} {of}"
        day_row(text, lang, ref if kind else RNG.choice([ref, ""]), zone, "nth_weekday",
                nth_weekday_in(y, m, wd, n))


def weekend_week_part():
    for _ in range(140):
        lang = RNG.choice(["ar", "en", "fr"])
        ref, zone = pick_ref_zone()
        today = local_day(ref, zone)
        kind = RNG.randrange(3)
        step = RNG.choice([-1, 0, 1])
        monday = monday_of(today) + TD(days=7 * step)
        if kind == 0:  # the weekend: Saturday and Sunday; in Arabic Friday to Sunday (see README)
            text = {"en": {-1: "last weekend", 0: "this weekend", 1: "next weekend"}[step],
                    "fr": {-1: "le week-end dernier", 0: "ce week-end", 1: "le week-end prochain"}[step],
                    "ar": {-1: "عطلة نهاية الأسبوع الماضي", 0: "عطلة نهاية هذا الأسبوع",
                           1: "عطلة نهاية الأسبوع المقبل"}[step]}[lang]
            first = monday + TD(days=4 if lang == "ar" else 5)
            row(text, lang, ref, zone, "weekend_week_part", first, monday + TD(days=7), "DAY")
        elif kind == 1:  # early: Monday to Wednesday; late: Thursday to Sunday
            early = RNG.random() < 0.5
            wen = {-1: "last week", 0: "this week", 1: "next week"}[step]
            wfr = {-1: "la semaine dernière", 0: "cette semaine", 1: "la semaine prochaine"}[step]
            war = {-1: "الأسبوع الماضي", 0: "الأسبوع الحالي", 1: "الأسبوع المقبل"}[step]
            text = {"en": ("early " if early else "late ") + wen,
                    "fr": RNG.choice(["début de ", "au début de "] if early else ["fin de ", "à la fin de "]) + wfr,
                    "ar": ("مطلع " if early else "أواخر ") + war}[lang]
            first = monday if early else monday + TD(days=3)
            end = monday + TD(days=3) if early else monday + TD(days=7)
            row(text, lang, ref, zone, "weekend_week_part", first, end, "DAY")
        else:  # the week of a date: its ISO week
            day = random_day(2015, 2030)
            d, m, y = day.day, day.month, day.year
            text = {"en": f"the week of {d} {EN_MONTHS[m - 1]} {y}",
                    "fr": f"la semaine du {d} {FR_MONTHS[m - 1]} {y}",
                    "ar": f"أسبوع {d} {ar_month(m)} {y}"}[lang]
            week = monday_of(day)
            row(text, lang, "", zone, "weekend_week_part", week, week + TD(days=7), "WEEK")


def iso_week_monday(iso_year, week):
    return D.fromisocalendar(iso_year, week, 1)


def week_number():
    ar_weeks = {1: "الأول", 2: "الثاني", 3: "الثالث", 4: "الرابع", 5: "الخامس", 6: "السادس",
                7: "السابع", 8: "الثامن", 9: "التاسع", 10: "العاشر"}
    for _ in range(110):
        lang = RNG.choice(["ar", "en", "fr"])
        ref, zone = pick_ref_zone()
        today = local_day(ref, zone)
        with_year = RNG.random() < 0.5
        if with_year:
            y, n = RNG.randint(2000, 2030), RNG.randint(1, 52)
            monday = iso_week_monday(y, n)
            text = {"en": RNG.choice([f"week {n} of {y}", f"week {n}, {y}"]),
                    "fr": f"la semaine {n} de {y}",
                    "ar": f"الأسبوع {n} من عام {y}"}[lang]
            row(text, lang, "", zone, "week_number", monday, monday + TD(days=7), "WEEK")
            continue
        n = RNG.randint(1, 10) if lang == "ar" else RNG.randint(1, 52)
        iso_year = today.isocalendar()[0]
        monday = iso_week_monday(iso_year, n)
        if monday > today:  # year-less: the latest such week that starts on or before the reference
            monday = iso_week_monday(iso_year - 1, n)
        text = {"en": f"week {n}", "fr": f"la semaine {n}",
                "ar": RNG.choice([f"الأسبوع {ar_weeks.get(n, n)}", f"الأسبوع {n}"])}[lang]
        row(text, lang, ref, zone, "week_number", monday, monday + TD(days=7), "WEEK")


EN_NUMBER_WORDS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                   "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                   "seventeen", "eighteen", "nineteen"]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def en_two_digits(n):
    if n < 20:
        return EN_NUMBER_WORDS[n]
    return EN_TENS[n // 10] + ("-" + EN_NUMBER_WORDS[n % 10] if n % 10 else "")


def ordinal_spelled():
    for _ in range(140):
        lang = RNG.choice(["ar", "en", "fr"])
        _, zone = pick_ref_zone()
        day = random_day(1995, 2030)
        y, m, d = day.year, day.month, day.day
        if lang == "en" and RNG.random() < 0.25:  # "nineteen twenty-eight"
            year = RNG.randint(1910, 1999)
            if year % 100 < 10:
                year += 10
            text = f"{RNG.choice(['', 'in '])}nineteen {en_two_digits(year % 100)}".strip()
            row(text, lang, "", zone, "ordinal_spelled", D(year, 1, 1), D(year + 1, 1, 1), "YEAR")
            continue
        text = {"en": RNG.choice([f"{EN_MONTHS[m - 1]} {EN_ORD[d - 1]}, {y}",
                                  f"the {EN_ORD[d - 1]} of {EN_MONTHS[m - 1]} {y}"]),
                "fr": RNG.choice([f"{FR_CARD[d - 1]} {FR_MONTHS[m - 1]} {y}",
                                  f"le {FR_CARD[d - 1]} {FR_MONTHS[m - 1]} {y}"]),
                "ar": f"{ar_ordinal(d)} من {ar_month(m)} {y}"}[lang]
        day_row(text, lang, "", zone, "ordinal_spelled", day)


def day_relative_month():
    for _ in range(130):
        lang = RNG.choice(["ar", "en", "fr"])
        ref, zone = pick_ref_zone()
        today = local_day(ref, zone)
        step = RNG.choice([-1, 0, 1])
        y, m = add_months(today.year, today.month, step)
        d = RNG.randint(1, 28)
        if RNG.random() < 0.25:  # "the 4th to the 22nd of this month"
            d2 = RNG.randint(d + 1, 29) if d < 28 else 28
            d2 = min(d2, 28)
            if d2 == d:
                d = d2 - 1
            en_m = {-1: "last month", 0: "this month", 1: "next month"}[step]
            fr_m = {-1: "du mois dernier", 0: "de ce mois", 1: "du mois prochain"}[step]
            ar_m = {-1: "الشهر الماضي", 0: "الشهر الجاري", 1: "الشهر المقبل"}[step]
            text = {"en": f"the {d}{en_suffix(d)} to the {d2}{en_suffix(d2)} of {en_m}",
                    "fr": f"du {d} au {d2} {fr_m}",
                    "ar": f"من {d} إلى {d2} من {ar_m}"}[lang]
            row(text, lang, ref, zone, "day_relative_month", D(y, m, d), D(y, m, d2) + TD(days=1), "DAY")
            continue
        en_m = {-1: "last month", 0: "this month", 1: "next month"}[step]
        fr_m = {-1: "du mois dernier", 0: "de ce mois", 1: "du mois prochain"}[step]
        ar_m = {-1: "الشهر الماضي", 0: "الشهر الحالي", 1: "الشهر المقبل"}[step]
        text = {"en": f"the {d}{en_suffix(d)} of {en_m}", "fr": f"le {d} {fr_m}",
                "ar": maybe_arabic_digits(f"{d} من {ar_m}")}[lang]
        day_row(text, lang, ref, zone, "day_relative_month", D(y, m, d))


# --- Further phrasings of the same categories, written after the first set was read ----------

def latest_period_start(months_long, index, today):
    """The latest quarter or half with this index that starts on or before the reference."""
    for y in (today.year, today.year - 1):
        start = D(y, (index - 1) * months_long + 1, 1)
        if start <= today:
            return start
    return None


def further_phrasings():
    en_num = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    fr_num = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]
    ar_num = ["", "واحد", "اثنين", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
    for _ in range(420):
        lang = RNG.choice(["ar", "en", "fr"])
        ref, zone = pick_ref_zone()
        today = local_day(ref, zone)
        kind = RNG.randrange(10)
        if kind == 0:  # spelled counts: "in three weeks", "il y a trois jours", "قبل ثلاثة أيام"
            n = RNG.randint(3, 10)
            unit = RNG.choice(["day", "week", "month"])
            ago = RNG.random() < 0.5
            en_u = {"day": "days", "week": "weeks", "month": "months"}[unit]
            fr_u = {"day": "jours", "week": "semaines", "month": "mois"}[unit]
            ar_u = {"day": "أيام", "week": "أسابيع", "month": "أشهر"}[unit]
            text = {"en": f"{en_num[n]} {en_u} ago" if ago else f"in {en_num[n]} {en_u}",
                    "fr": f"il y a {fr_num[n]} {fr_u}" if ago else f"dans {fr_num[n]} {fr_u}",
                    "ar": f"قبل {ar_num[n]} {ar_u}" if ago else f"بعد {ar_num[n]} {ar_u}"}[lang]
            unit_row(text, lang, ref, zone, "offset", unit, -n if ago else n)
        elif kind == 1:  # two days from today
            n = RNG.choice([1, 2])
            text = {"en": RNG.choice([f"{en_num[n]} day{'s' if n > 1 else ''} after today",
                                      f"in {en_num[n]} day{'s' if n > 1 else ''}"]),
                    "fr": RNG.choice([f"dans {fr_num[n]} jour{'s' if n > 1 else ''}"]),
                    "ar": "بعد يومين" if n == 2 else "بعد يوم"}[lang]
            day_row(text, lang, ref, zone, "offset", today + TD(days=n))
        elif kind == 2:  # early/mid/late of a year or month, relative
            part = RNG.randrange(3)
            unit = RNG.choice(["month", "year"])
            step = RNG.choice([-1, 0, 1])
            en_p, fr_p, ar_p = ["early", "mid", "late"][part], ["début", "mi", "fin"][part], ["مطلع", "منتصف", "أواخر"][part]
            en_w = {("month", -1): "last month", ("month", 0): "this month", ("month", 1): "next month",
                    ("year", -1): "last year", ("year", 0): "this year", ("year", 1): "next year"}[(unit, step)]
            fr_w = {("month", -1): "du mois dernier", ("month", 0): "de ce mois", ("month", 1): "du mois prochain",
                    ("year", -1): "de l'année dernière", ("year", 0): "de cette année", ("year", 1): "de l'année prochaine"}[(unit, step)]
            ar_w = {("month", -1): "الشهر الماضي", ("month", 0): "الشهر الحالي", ("month", 1): "الشهر المقبل",
                    ("year", -1): "العام الماضي", ("year", 0): "العام الحالي", ("year", 1): "العام المقبل"}[(unit, step)]
            text = {"en": f"{en_p} {en_w}", "fr": f"{fr_p} {fr_w}",
                    "ar": f"{ar_p} {ar_w}"}[lang]
            if unit == "month":
                y, m = add_months(today.year, today.month, step)
                first = D(y, m, 1 + 10 * part)
                end = D(y, m, 1 + 10 * (part + 1)) if part < 2 else next_month_start(y, m)
                row(text, lang, ref, zone, "relative_unit", first, end, "DAY")
            else:
                y = today.year + step
                ey, em = add_months(y, 4 * part + 1, 4)
                row(text, lang, ref, zone, "relative_unit", D(y, 4 * part + 1, 1), D(ey, em, 1), "MONTH")
        elif kind == 3:  # a quarter or half without a year: the latest that has begun
            h = RNG.random() < 0.5
            months_long = 6 if h else 3
            idx = RNG.randint(1, 2 if h else 4)
            en_o = ["first", "second", "third", "fourth"][idx - 1]
            fr_o = (["premier", "second"] if h else ["premier", "deuxième", "troisième", "quatrième"])[idx - 1]
            ar_o = ["الأول", "الثاني", "الثالث", "الرابع"][idx - 1]
            text = {"en": f"the {en_o} {'half' if h else 'quarter'}",
                    "fr": f"le {fr_o} {'semestre' if h else 'trimestre'}",
                    "ar": f"{'النصف' if h else 'الربع'} {ar_o}"}[lang]
            start = latest_period_start(months_long, idx, today)
            ey, em = add_months(start.year, start.month, months_long)
            row(text, lang, ref, zone, "quarter_half", start, D(ey, em, 1), "MONTH")
        elif kind == 4:  # decades in words
            dd = RNG.choice([30, 40, 50, 60, 70, 80, 90])
            en_w = {30: "thirties", 40: "forties", 50: "fifties", 60: "sixties", 70: "seventies", 80: "eighties", 90: "nineties"}[dd]
            fr_w = {30: "trente", 40: "quarante", 50: "cinquante", 60: "soixante", 70: "soixante-dix", 80: "quatre-vingt", 90: "quatre-vingt-dix"}[dd]
            text = {"en": f"the {en_w}", "fr": f"les années {fr_w}", "ar": f"{AR_DECADES[dd]} القرن الماضي".replace("ال", "", 1)}[lang]
            row(text, lang, "", zone, "decade_century", D(1900 + dd, 1, 1), D(1910 + dd, 1, 1), "YEAR")
        elif kind == 5:  # a date with a relative word after it: "le 5 octobre dernier"
            past = today - TD(days=RNG.randint(1, 300))
            m, d = past.month, past.day
            text = {"en": f"last {EN_MONTHS[m - 1]} {d}", "fr": f"le {d} {FR_MONTHS[m - 1]} dernier",
                    "ar": f"{d} {ar_month(m)} الماضي"}[lang]
            # The latest such date before the reference date.
            day_row(text, lang, ref, zone, "full_date", latest_yearless(m, d, today - TD(days=1)))
        elif kind == 6:  # a quarter with its year written another way: "Q3 of 2016", "2016 Q3"
            y, q = RNG.randint(2000, 2030), RNG.randint(1, 4)
            text = {"en": RNG.choice([f"Q{q} of {y}", f"{y} Q{q}", f"the {['first', 'second', 'third', 'fourth'][q - 1]} quarter, {y}"]),
                    "fr": RNG.choice([f"au {['premier', 'deuxième', 'troisième', 'quatrième'][q - 1]} trimestre {y}", f"T{q} {y}"]),
                    "ar": f"خلال الربع {['الأول', 'الثاني', 'الثالث', 'الرابع'][q - 1]} من {y}"}[lang]
            ey, em = add_months(y, 3 * q - 2, 3)
            row(text, lang, "", zone, "quarter_half", D(y, 3 * q - 2, 1), D(ey, em, 1), "MONTH")
        elif kind == 7:  # a weekday of a relative week: "next Friday", "vendredi prochain", "الجمعة المقبلة"
            wd = RNG.randrange(7)
            step = RNG.choice([-1, 1])
            text = {"en": f"{'last' if step < 0 else 'next'} {EN_WEEKDAYS[wd]}",
                    "fr": f"{FR_WEEKDAYS[wd]} {'dernier' if step < 0 else 'prochain'}",
                    "ar": f"{AR_WEEKDAYS[wd]} {'الماضي' if step < 0 else 'المقبل'}"}[lang]
            k = 1
            while (today + TD(days=step * k)).weekday() != wd:
                k += 1
            day_row(text, lang, ref, zone, "relative_day", today + TD(days=step * k))
        elif kind == 8:  # a year-less date with its weekday: "Friday, March 22"
            back = today - TD(days=RNG.randint(0, 200))
            m, d, wd = back.month, back.day, back.weekday()
            text = {"en": f"{EN_WEEKDAYS[wd]}, {EN_MONTHS[m - 1]} {d}",
                    "fr": f"le {FR_WEEKDAYS[wd]} {d} {FR_MONTHS[m - 1]}",
                    "ar": maybe_arabic_digits(f"يوم {AR_WEEKDAYS[wd]} {d} {ar_month(m)}")}[lang]
            day_row(text, lang, ref, zone, "full_date", latest_yearless(m, d, today))
        else:  # "the first week of May 2024": which week is meant is not said
            m, y = RNG.randint(1, 12), RNG.randint(2000, 2030)
            text = {"en": f"the first week of {EN_MONTHS[m - 1]} {y}",
                    "fr": f"la première semaine de {FR_MONTHS[m - 1]} {y}",
                    "ar": f"الأسبوع الأول من {ar_month(m)} {y}"}[lang]
            row(text, lang, "", zone, "week_number")


# --- Hijri dates with their Hijri year: Umm al-Qura, exact only where it decides ---------------

HIJRI_NAMES = {
    1: ("محرم", "Muharram", "mouharram"), 2: ("صفر", "Safar", None),
    3: ("ربيع الأول", "Rabi al-Awwal", None), 4: ("ربيع الآخر", "Rabi al-Thani", None),
    5: ("جمادى الأولى", "Jumada al-Ula", None), 6: ("جمادى الآخرة", "Jumada al-Akhirah", None),
    7: ("رجب", "Rajab", None), 8: ("شعبان", "Shaban", None), 9: ("رمضان", "Ramadan", "ramadan"),
    10: ("شوال", "Shawwal", "chawwal"), 11: ("ذو القعدة", "Dhu al-Qadah", None),
    12: ("ذو الحجة", "Dhu al-Hijjah", None),
}
# Saudi Arabia begins these months by sighting the moon, not by Umm al-Qura.
SIGHTED_MONTHS = (9, 10, 12)


def hijri_dates():
    for _ in range(160):
        y, m = RNG.randint(1420, 1450), RNG.randint(1, 12)
        ar, en, fr = HIJRI_NAMES[m]
        zone = RNG.choice(["Asia/Riyadh", "Asia/Riyadh", "Africa/Bamako", "Africa/Cairo"])
        exact = zone == "Asia/Riyadh" and m not in SIGHTED_MONTHS
        widen = TD(days=0 if exact else 1)
        if RNG.random() < 0.3:  # the whole month
            start, end = hijri_month_days(y, m)
            lang, text = RNG.choice([("ar", f"{ar} {y}"), ("ar", f"{ar} {y} هـ"),
                                     ("en", f"{en} {y} AH")] +
                                    ([("fr", f"{fr} {y}")] if fr else []))
            row(maybe_arabic_digits(text) if lang == "ar" else text, lang, "", zone, "hijri_date",
                start - widen, end + widen, "DAY")
            continue
        d = RNG.randint(1, 30)
        lang, text = RNG.choice([("ar", f"{d} {ar} {y}"), ("ar", f"{d} {ar} {y} هـ"),
                                 ("en", f"{d} {en} {y} AH")])
        if lang == "ar":
            text = maybe_arabic_digits(text)
        if d == 30 and Hijri(y, m, 1).month_length() == 29:
            row(text, lang, "", zone, "hijri_date")  # no such day
            continue
        day = hijri_to_date(y, m, d)
        row(text, lang, "", zone, "hijri_date", day - widen, day + TD(days=1) + widen, "DAY")


def main():
    for make in (hijri_in_gregorian_year, range_relative_end, after_next, headline_date,
                 full_date, month_year, relative_day, relative_unit, offsets, numeric_no_year,
                 two_digit_year, spaced_separator, quarter_half, decade_century, weekday_day,
                 nth_weekday, weekend_week_part, week_number, ordinal_spelled,
                 day_relative_month, further_phrasings, hijri_dates):
        make()
    out = sys.stdout
    out.write("# text\tlanguage\treference\tzone\tstart\tend\tprecision\tcategory\n")
    out.write("# Written by tests/data/make_date_cases.py; expected spans computed there.\n")
    for r in ROWS:
        assert all("\t" not in f and "\n" not in f for f in r), r
        out.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
