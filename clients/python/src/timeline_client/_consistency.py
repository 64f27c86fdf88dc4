"""Read-your-writes when the server reads from a replica (docs/replicas.md in the repository).

A write answers with the ``timeline-consistency-token`` trailer: the primary's WAL position
after its commit. A read that sends it back as metadata sees that write, even when a replica
that lags serves it. A Client keeps the newest token it was given and sends it with every read,
so one Client object reads its own writes; pass ``Client.consistency_token`` to another Client
(``metadata=``) to carry that guarantee over.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

KEY = "timeline-consistency-token"


def position(token: str) -> int | None:
    """The WAL position a token names ("16/B374D848"), or None for anything else."""
    high, sep, low = token.partition("/")
    if not sep:
        return None
    try:
        return (int(high, 16) << 32) | int(low, 16)
    except ValueError:
        return None


class ConsistencyTokens:
    """The newest token one client was given, safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._token: str | None = None
        self._position = -1

    @property
    def token(self) -> str | None:
        with self._lock:
            return self._token

    def remember(self, trailing_metadata: Iterable[tuple[str, str]] | None) -> None:
        """Keeps the token among a call's trailers when it is newer than the one kept."""
        for key, value in trailing_metadata or ():
            if key != KEY:
                continue
            at = position(value)
            if at is None:
                continue
            with self._lock:
                if at > self._position:
                    self._token, self._position = value, at

    def metadata(self) -> tuple[tuple[str, str], ...]:
        """The metadata pair that sends the kept token; empty before any write."""
        token = self.token
        return ((KEY, token),) if token else ()
