"""Events as proto-JSON files, so that a timeline can be rendered without a server.

Reads what grpcurl and this client write: a JSON array of events, a ListEventsResponse
(``{"events": [...]}``), or a sequence of JSON objects (one per line or pretty-printed one after
another, as grpcurl prints a stream) of events or of ExportEvents/WatchEvents messages
(``{"event": {...}}``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from google.protobuf import json_format

from .. import _pb
from ..models import Event

__all__ = ["dump_events", "load_events"]


def load_events(text: str) -> list[Event]:
    """Parses events from proto-JSON text in any of the forms above."""
    events = []
    for index, value in enumerate(_json_values(text)):
        for raw in _event_dicts(value):
            try:
                message = json_format.ParseDict(
                    raw, _pb.event_pb2.Event(), ignore_unknown_fields=True
                )
            except json_format.ParseError as err:
                raise ValueError(
                    f"JSON value {index + 1}: not a timeline.v1.Event: {err}"
                ) from None
            events.append(Event.from_pb(message))
    return events


def dump_events(events: Iterable[Event], out: TextIO) -> None:
    """Writes events as a JSON array in proto-JSON (field names as in the .proto files)."""
    values = [
        json_format.MessageToDict(e.to_pb(), preserving_proto_field_name=True) for e in events
    ]
    json.dump(values, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _json_values(text: str) -> Iterator[Any]:
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as err:
            raise ValueError(
                f"not JSON at line {err.lineno}, column {err.colno}: {err.msg}"
            ) from None
        yield value


def _event_dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _event_dicts(item)
    elif isinstance(value, dict):
        if isinstance(value.get("events"), list):
            yield from _event_dicts(value["events"])
        elif isinstance(value.get("event"), dict):
            yield value["event"]
        elif value:
            yield value
    else:
        raise ValueError(f"expected JSON objects of events, found {type(value).__name__}")
