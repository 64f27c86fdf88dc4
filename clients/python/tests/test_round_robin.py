"""Client-side round robin over replicas, as docs/kubernetes.md tells clients to spread calls:
two timelined on the suite's database sharing a page-token key file (--page_token_secret_file),
one channel to both with gRPC's round_robin policy. Pages of a listing alternate between the
servers (their call logs show it) and still give every seed event once, in order."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from seed import SEED_EVENTS
from timeline_client import Client

LIST_EVENTS = "/timeline.v1.EventService/ListEvents"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[int, Path]]]:
    """Two servers with one key file: [(port, call log)]."""
    binary = os.environ.get("TIMELINE_TIMELINED")
    database_url = os.environ.get("TIMELINE_DATABASE_URL")
    if not binary or not database_url:
        pytest.skip("TIMELINE_TIMELINED and TIMELINE_DATABASE_URL are not set "
                    "(with-server.sh sets them)")
    folder = tmp_path_factory.mktemp("replicas")
    key = folder / "page-token-secret"
    key.write_text(secrets.token_urlsafe(32) + "\n")
    servers, started = [], []
    try:
        for i in range(2):
            port, log = _free_port(), folder / f"replica{i}.log"
            with log.open("w") as log_file:
                started.append(subprocess.Popen(
                    [binary, "serve", f"--database_url={database_url}",
                     f"--listen=127.0.0.1:{port}", f"--page_token_secret_file={key}"],
                    stderr=log_file))
            servers.append((port, log))
        for (port, log), server in zip(servers, started):
            channel = grpc.insecure_channel(f"127.0.0.1:{port}")
            try:
                grpc.channel_ready_future(channel).result(timeout=20)
            except grpc.FutureTimeoutError:
                raise AssertionError(f"timelined is not serving at {port}:\n{log.read_text()}")
            finally:
                channel.close()
            assert server.poll() is None, log.read_text()
        yield servers
    finally:
        for server in started:
            server.terminate()
            server.wait(timeout=20)


def _list_calls(log: Path) -> int:
    """ListEvents calls in a server's call log (one JSON line per call)."""
    calls = 0
    for line in log.read_text().splitlines():
        if line.startswith("{") and json.loads(line).get("method") == LIST_EVENTS:
            calls += 1
    return calls


def test_pages_alternate_between_replicas_and_give_every_event(
    replicas: list[tuple[int, Path]],
) -> None:
    target = "ipv4:" + ",".join(f"127.0.0.1:{port}" for port, _ in replicas)
    with Client(target, options=[("grpc.lb_policy_name", "round_robin")]) as client:
        # round_robin uses the servers it has connected to; until both are, calls go to one.
        for _ in range(100):
            list(client.events(page_size=100))
            if all(_list_calls(log) > 0 for _, log in replicas):
                break
            time.sleep(0.05)
        before = [_list_calls(log) for _, log in replicas]
        assert [event.name for event in client.events(page_size=2)] == SEED_EVENTS
    served = [_list_calls(log) - b for (_, log), b in zip(replicas, before)]
    pages = (len(SEED_EVENTS) + 1) // 2
    assert sum(served) == pages
    assert min(served) >= 1, f"every page went to one server: {served}"
