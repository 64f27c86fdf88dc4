"""Conversions between datetime and protobuf Timestamp, and parsing of dates typed by people.

The client takes and returns aware datetimes only. A naive datetime is refused rather than
assumed to be UTC or local time: in a service that keeps the time zone of every statement, a
guessed zone is exactly the kind of silent error it exists to avoid.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone, tzinfo
from functools import lru_cache

from google.protobuf.timestamp_pb2 import Timestamp


def require_aware(value: datetime, what: str) -> datetime:
    """Returns value if it is an aware datetime; raises TypeError/ValueError otherwise."""
    if not isinstance(value, datetime):
        raise TypeError(f"{what}: expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(
            f"{what}: {value.isoformat()} is a naive datetime; give it a time zone, "
            "e.g. datetime(2024, 9, 1, tzinfo=timezone.utc)"
        )
    return value


def to_timestamp(value: datetime, what: str) -> Timestamp:
    """Converts an aware datetime to a Timestamp (naming the argument in errors)."""
    stamp = Timestamp()
    stamp.FromDatetime(require_aware(value, what).astimezone(timezone.utc))
    return stamp


def from_timestamp(message: object, field: str) -> datetime | None:
    """Returns message.field as an aware UTC datetime, or None when the field is unset."""
    if not message.HasField(field):  # type: ignore[attr-defined]
        return None
    stamp: Timestamp = getattr(message, field)
    value: datetime = stamp.ToDatetime(tzinfo=timezone.utc)
    return value


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """Returns the IANA zone name (UTC when empty or unknown to this machine)."""
    if not name or name.upper() == "UTC":
        return timezone.utc
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no tz database here, or an unknown name: UTC is what the server defaults to
        return timezone.utc


_DATE_WORDS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_when(text: str, default_zone: tzinfo = timezone.utc) -> datetime:
    """Parses a time given on a command line: 2024, 2024-09, 2024-09-17 or an ISO 8601 time.

    Dates mean their first instant. Times without an offset are read in default_zone; this is
    for people typing dates, unlike the library's API, which refuses naive datetimes.
    """
    text = text.strip()
    short = _DATE_WORDS.match(text)
    if short:
        year, month, day = (int(g) if g else 1 for g in short.groups())
        return datetime(year, month, day, tzinfo=default_zone)
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date or time; use 2024, 2024-09, 2024-09-17 or 2024-09-17T08:00:00Z"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=default_zone)
