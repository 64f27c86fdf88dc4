"""parse_dates: the dates in running text, with offsets that index the str searched, spans as
the calendar has them, and the unresolved and the invalid reported as such.

Texts are the seed articles' sentences (tests/data/article_dates) and a dateline with a
no-break space; every expected offset is found in the text itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from timeline_client import Client, FoundDate, InvalidArgument, Precision

DUBAI = ZoneInfo("Asia/Dubai")
BAMAKO = ZoneInfo("Africa/Bamako")
#: The Erem News article's publication: 12 October 2024, 3:16 PM in Dubai.
PUBLISHED = datetime(2024, 10, 12, 15, 16, tzinfo=DUBAI)
#: A French dateline and an English sentence, as wire copy mixes them, after a breaking-news
#: mark beyond the BMP; a no-break space (U+00A0) inside the French date, as French typography
#: puts it.
MIXED = (
    "\U0001f534 BAMAKO, 17\u00a0septembre 2024 (AFP) — Des hommes armés ont attaqué une école de "
    "gendarmerie. The army said on 18 September 2024 that the situation was under control."
)


def article(project_root: Path, name: str) -> str:
    return (project_root / "tests" / "data" / "article_dates" / name).read_text(encoding="utf-8")


def by_text(found: list[FoundDate]) -> dict[str, FoundDate]:
    return {d.text: d for d in found}


def assert_offsets_index_the_text(text: str, found: list[FoundDate]) -> None:
    for d in found:
        assert text[d.start_offset : d.end_offset] == d.text


def expect(d: FoundDate, text: str, words: str, start: datetime, end: datetime) -> None:
    """d is `words` where they first appear in text, spanning [start, end)."""
    assert (d.start_offset, d.end_offset) == (text.index(words), text.index(words) + len(words))
    assert (d.time.start, d.time.end) == (start, end)


def test_dated_article(client: Client, project_root: Path) -> None:
    text = article(project_root, "dated_article.txt")

    found = client.parse_dates(text, reference_time=PUBLISHED, time_zone="Asia/Dubai")

    assert_offsets_index_the_text(text, found)
    dates = by_text(found)
    # The dateline gives the day and the minute: 3:16 PM ("3:16 م") in Dubai.
    dateline = dates["12 أكتوبر 2024، 3:16 م"]
    minute = datetime(2024, 10, 12, 15, 16, tzinfo=DUBAI)
    expect(dateline, text, "12 أكتوبر 2024، 3:16 م", minute, minute + timedelta(minutes=1))
    assert dateline.time.precision is Precision.MINUTE
    last_september = dates["سبتمبر/أيلول الماضي"]
    expect(
        last_september,
        text,
        "سبتمبر/أيلول الماضي",
        datetime(2024, 9, 1, tzinfo=DUBAI),
        datetime(2024, 10, 1, tzinfo=DUBAI),
    )
    assert last_september.time.start == datetime(2024, 8, 31, 20, tzinfo=timezone.utc)
    assert last_september.time.precision is Precision.MONTH
    assert last_september.time.time_zone == "Asia/Dubai"
    assert [d.start_offset for d in found] == sorted(d.start_offset for d in found)


def test_undated_article_leaves_thursday_unresolved(client: Client, project_root: Path) -> None:
    text = article(project_root, "undated_article.txt")

    found = client.parse_dates(text, language="ar")

    assert_offsets_index_the_text(text, found)
    thursday = by_text(found)["الخميس"]
    assert thursday.start_offset == text.index("الخميس")
    assert thursday.time.is_unresolved
    assert thursday.time.precision is Precision.UNKNOWN
    assert thursday.warnings


def test_no_break_space_a_mark_beyond_the_bmp_and_two_languages(client: Client) -> None:
    found = client.parse_dates(MIXED, reference_time=PUBLISHED, time_zone="Africa/Bamako")

    assert_offsets_index_the_text(MIXED, found)
    assert [d.text for d in found] == ["17\u00a0septembre 2024", "18 September 2024"]
    for d, day in zip(found, (17, 18)):
        start = datetime(2024, 9, day, tzinfo=BAMAKO)
        expect(d, MIXED, d.text, start, start + timedelta(days=1))
        assert d.time.precision is Precision.DAY


def test_bad_time_zone_names_the_field(client: Client) -> None:
    with pytest.raises(InvalidArgument) as caught:
        client.parse_dates("12 October 2024", time_zone="Mars/Olympus_Mons")
    assert caught.value.fields == ("time_zone",)


def test_naive_reference_time_is_refused_before_the_call(client: Client) -> None:
    with pytest.raises(ValueError, match="reference_time"):
        client.parse_dates("yesterday", reference_time=datetime(2024, 10, 12))
