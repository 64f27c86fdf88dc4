"""Client.ingest_events against the running server: two calls of one import from two threads,
the later naming the earlier with ``after_request_id``, decide a name new to both in the order
they were made."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterator

from timeline_client import Client, IngestOutcome, InvalidArgument


def _record(marker: str, suffix: str, actor: str) -> dict[str, Any]:
    return {
        "external_id": {"system": "pytest", "id": f"{marker}-{suffix}"},
        "title": f"{marker} {suffix}",
        "event_type": "protest",
        "date": {"text": "17 September 2024", "time_zone": "Africa/Algiers"},
        "actors": [{"name": actor, "role": "INITIATOR"}],
        "places": [{"place": "places/dz"}],
    }


def test_a_call_naming_an_earlier_one_waits_for_it_and_links_its_new_name(
    client: Client,
) -> None:
    marker = f"pytest-order-{uuid.uuid4().hex[:10]}"
    actor = f"Comité {marker}"
    release_first = threading.Event()

    def first_records() -> Iterator[dict[str, Any]]:
        # The first call is held before it sends anything, as a slow reader of a big file is.
        release_first.wait(timeout=30)
        yield _record(marker, "first", actor)

    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(client.ingest_events, first_records(), request_id=f"{marker}-1")
        second = pool.submit(
            client.ingest_events,
            [_record(marker, "second", actor)],
            request_id=f"{marker}-2",
            after_request_id=f"{marker}-1",
        )
        time.sleep(1.5)
        waited = not second.done()
        release_first.set()
        results = first.result(timeout=30).results + second.result(timeout=30).results
    try:
        assert waited, "the later call did not wait for the earlier one"
        first_result, second_result = results
        assert first_result.outcome is IngestOutcome.CREATED, first_result
        assert second_result.outcome is IngestOutcome.CREATED, second_result
        # The earlier call created the actor; the later one, deciding after it, linked to it.
        assert len(first_result.actors) == 1
        assert second_result.actors == first_result.actors
    finally:
        # Other tests assert the seed's exact answers: what this one wrote goes.
        for result in results:
            if result.event:
                client.delete_event(result.event)
        for name in {a for result in results for a in result.actors}:
            client.delete_actor(name)


def test_after_request_id_is_checked_by_the_server(client: Client) -> None:
    try:
        client.ingest_events([], after_request_id="x" * 129)
    except InvalidArgument as error:
        assert "after_request_id" in str(error)
    else:
        raise AssertionError("a 129-byte after_request_id was accepted")
