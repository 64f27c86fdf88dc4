"""Failed calls raise the TimelineError subclass of their status, with the bad fields named."""

from __future__ import annotations

import grpc
import pytest
from seed import at

from timeline_client import (
    Client,
    FieldViolation,
    InvalidArgument,
    NotFound,
    TimelineError,
    Unavailable,
)


def test_invalid_argument_names_every_bad_field(client: Client) -> None:
    with pytest.raises(InvalidArgument) as caught:
        list(client.events(event_types=["massacre"], start=at(2025), end=at(2024)))
    error = caught.value
    assert isinstance(error, TimelineError)
    assert error.code is grpc.StatusCode.INVALID_ARGUMENT
    assert error.fields == ("event_types[0]", "time_range.end_time")
    assert error.field_violations[1] == FieldViolation(
        "time_range.end_time", "must be after start_time"
    )
    assert error.field_violations[0].description.startswith('"massacre" is not an event type')
    assert str(error).startswith('INVALID_ARGUMENT: event_types[0]: "massacre"')


def test_negative_page_size(client: Client) -> None:
    with pytest.raises(InvalidArgument) as caught:
        list(client.actors(page_size=-1))
    assert caught.value.fields == ("page_size",)
    assert caught.value.field_violations[0].description == "must not be negative"


def test_malformed_filter_names_filter(client: Client) -> None:
    with pytest.raises(InvalidArgument) as caught:
        list(client.events(filter="event_type = massacre"))
    assert caught.value.fields == ("filter",)
    assert "column 14" in caught.value.message


def test_malformed_resource_name(client: Client) -> None:
    with pytest.raises(InvalidArgument) as caught:
        client.get_event("bad")
    assert caught.value.fields == ("name",)


def test_not_found(client: Client) -> None:
    with pytest.raises(NotFound) as caught:
        client.get_event("events/no-such-event")
    assert caught.value.message == "events/no-such-event does not exist"
    assert caught.value.code is grpc.StatusCode.NOT_FOUND
    with pytest.raises(NotFound):
        client.get_place("places/atlantis")
    with pytest.raises(NotFound):
        client.get_actor("actors/nobody")


def test_unknown_place_in_a_filter_is_not_found(client: Client) -> None:
    with pytest.raises(NotFound):
        list(client.events(filter='place = "places/atlantis"'))


def test_unreachable_server_is_unavailable() -> None:
    with Client("127.0.0.1:1", timeout=5) as nowhere:
        with pytest.raises(Unavailable):
            nowhere.get_event("events/bamako-attacks-2024-09")
