"""Fixtures of the client's suite: a Client of the server at $TIMELINE_ADDR (seed data loaded).
What the seed holds is in seed.py.

Tests that write create their own events (at places/dz, where the seed has none) and delete
them, so every other test can assert the seed's exact answers in any order.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from timeline_client import Client


@pytest.fixture(scope="session")
def address() -> str:
    """host:port of the server under test."""
    value = os.environ.get("TIMELINE_ADDR")
    if not value:
        pytest.fail(
            "TIMELINE_ADDR is not set: run the suite through clients/python/run-tests "
            "under tests/e2e/with-server.sh",
            pytrace=False,
        )
    return value


@pytest.fixture(scope="session")
def client(address: str) -> Iterator[Client]:
    """A client of the server under test, shared by the session."""
    with Client(address, timeout=20) as shared:
        yield shared


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository's root folder."""
    return Path(os.environ.get("TIMELINE_ROOT") or Path(__file__).resolve().parents[3])
