"""The change feed: replay, resume from a cursor, and reconnection across a server restart."""

from __future__ import annotations

import itertools
import os
import queue
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from seed import SEED_CHANGES

from timeline_client import (
    Change,
    ChangeKind,
    ChangeStream,
    Client,
    Count,
    Event,
    EventPlace,
    NotFound,
    PlaceRole,
    Precision,
    TimelineError,
    TimeSpan,
)
from timeline_client.models import IngestOutcome

WAIT = 30.0  # seconds for a change to arrive, or a server to start, on a loaded machine


def pairs(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.kind.name, c.event.name) for c in changes]


def assert_cursors_increase(changes: list[Change]) -> None:
    """Cursors are opaque strings, but the server's are increasing numbers."""
    cursors = [int(c.cursor) for c in changes]
    assert cursors == sorted(set(cursors)), f"cursors must strictly increase: {cursors}"


def _replay_seed(client: Client) -> list[Change]:
    with client.watch(cursor=0) as stream:
        return list(itertools.islice(stream, len(SEED_CHANGES)))


def test_replay_from_the_start_gives_the_seed_changes_in_cursor_order(client: Client) -> None:
    changes = _replay_seed(client)
    assert pairs(changes) == SEED_CHANGES
    assert_cursors_increase(changes)
    assert all(c.change_time is not None for c in changes)
    assert changes[1].event.time.precision is Precision.MONTH  # the event as it is now


@pytest.mark.parametrize("after", [0, 2, 4])
def test_resume_from_a_cursor_gives_exactly_the_rest(client: Client, after: int) -> None:
    replay = _replay_seed(client)
    rest = len(SEED_CHANGES) - after - 1
    with client.watch(cursor=replay[after].cursor) as stream:
        changes = list(itertools.islice(stream, rest))
        assert stream.cursor == replay[-1].cursor
    assert pairs(changes) == SEED_CHANGES[after + 1 :]
    assert [c.cursor for c in changes] == [c.cursor for c in replay[after + 1 :]]


def test_watch_selects_like_a_listing(client: Client) -> None:
    with client.watch(places=["places/ml"], cursor=0) as stream:
        changes = list(itertools.islice(stream, 5))
    # Every seed change but the press conference in Moscow.
    assert pairs(changes) == SEED_CHANGES[:5]
    assert_cursors_increase(changes)


def test_watch_errors_are_typed(client: Client) -> None:
    with client.watch(places=["places/atlantis"], cursor=0) as stream:
        with pytest.raises(NotFound):
            next(stream)


class Timelined:
    """A second server of the suite's database, on a port of its own, to kill and restart."""

    def __init__(self, binary: str, database_url: str, log: Path) -> None:
        self.binary, self.database_url, self.log = binary, database_url, log
        self.port = _free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "serve",
                    f"--database_url={self.database_url}",
                    f"--listen={self.address}",
                ],
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + WAIT
        with Client(self.address, timeout=1) as probe:
            while True:
                try:
                    probe.get_event("events/bamako-attacks-2024-09")
                    return
                except TimelineError as err:
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        log = self.log.read_text()
                        raise AssertionError(f"timelined did not start:\n{log}") from err
                    time.sleep(0.1)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _collect(stream: ChangeStream, into: queue.Queue[Change]) -> threading.Thread:
    def run() -> None:
        for change in stream:
            into.put(change)

    thread = threading.Thread(target=run, name="watcher", daemon=True)
    thread.start()
    return thread


def _take(changes: queue.Queue[Change], count: int) -> list[Change]:
    return [changes.get(timeout=WAIT) for _ in range(count)]


def _probe_event(marker: str, suffix: str) -> Event:
    return Event(
        title=f"{marker} {suffix}",
        event_type="protest",
        time=TimeSpan(start=datetime(2023, 5, 17, tzinfo=timezone.utc), precision=Precision.DAY),
        places=[EventPlace("places/dz", PlaceRole.LOCATION)],  # Algeria: no seed event there
    )


@pytest.mark.restarts_server
def test_watch_resumes_after_the_server_is_killed(client: Client, tmp_path: Path) -> None:
    binary = os.environ.get("TIMELINE_TIMELINED")
    database_url = os.environ.get("TIMELINE_DATABASE_URL")
    if not (binary and database_url):
        pytest.fail(
            "TIMELINE_TIMELINED and TIMELINE_DATABASE_URL are not set (with-server.sh sets them)"
        )
    marker = f"pytest-watch-{uuid.uuid4().hex[:10]}"
    server = Timelined(binary, database_url, tmp_path / "timelined.log")
    server.start()
    watcher = Client(server.address)
    stream = watcher.watch(filter=f'title:"{marker}"', cursor=0)
    changes: queue.Queue[Change] = queue.Queue()
    thread = _collect(stream, changes)
    created: list[str] = []
    try:
        # A change while the watched server is up.
        first = client.create_event(_probe_event(marker, "one"), event_id=f"{marker}-one")
        created.append(first.name)
        (seen,) = _take(changes, 1)
        assert (seen.kind, seen.event.name) == (ChangeKind.CREATED, first.name)

        # The watched server dies; two changes are written through the other one meanwhile:
        # a record through IngestService, and an update through UpdateEvent.
        server.kill()
        report = client.ingest_events(
            [
                {
                    "external_id": {"system": "pytest", "id": f"{marker}-two"},
                    "title": f"{marker} two",
                    "event_type": "protest",
                    "date": {"text": "17 September 2024", "time_zone": "Africa/Algiers"},
                    "places": [{"place": "places/dz"}],
                }
            ]
        )
        (result,) = report.results
        assert result.outcome is IngestOutcome.CREATED, result
        created.append(result.event)
        updated = client.update_event(replace(first, fatalities=Count(best=3)), ["fatalities"])
        assert updated.fatalities == Count(best=3)
        time.sleep(1.0)  # the watcher fails to reconnect for a while
        assert changes.empty()

        server.start()  # the same port, the same database
        after_restart = _take(changes, 2)
        assert [(c.kind, c.event.name) for c in after_restart] == [
            (ChangeKind.CREATED, result.event),
            (ChangeKind.UPDATED, first.name),
        ]
        assert after_restart[1].event.fatalities == Count(best=3)

        # And the stream goes on after the reconnection.
        client.delete_event(first.name)
        (deleted,) = _take(changes, 1)
        assert (deleted.kind, deleted.event.name) == (ChangeKind.DELETED, first.name)
        assert deleted.event.is_deleted

        time.sleep(0.5)
        assert changes.empty(), "a change was delivered twice"
        every = [seen, *after_restart, deleted]
        cursors = [int(c.cursor) for c in every]
        assert cursors == sorted(set(cursors)), "cursors must strictly increase"
        assert stream.cursor == deleted.cursor
        assert stream.reconnects >= 1
    finally:
        stream.close()
        thread.join(WAIT)
        watcher.close()
        if server.process and server.process.poll() is None:
            server.kill()
        for name in created:
            try:
                client.delete_event(name)
            except TimelineError:  # deleted already
                pass
    assert not thread.is_alive()
