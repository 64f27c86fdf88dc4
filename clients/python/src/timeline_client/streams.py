"""Server streams that survive a broken connection: the event export and the change feeds.

Both continue exactly where they stopped: an export from the resume_token of the last event
received, a watch from the cursor of the last change received. Reconnection waits with
exponential backoff and jitter while the server answers UNAVAILABLE (restarting, unreachable).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Generic, TypeVar

import grpc

from .errors import Unavailable, error_from_rpc
from .models import Change, Event

__all__ = ["Backoff", "ChangeStream", "EventExport", "WatchStream"]

_log = logging.getLogger("timeline_client")
_T = TypeVar("_T")

# Codes after which a stream is reopened: the server went away or is not reachable yet.
_RECONNECT_CODES = frozenset({grpc.StatusCode.UNAVAILABLE})


@dataclass(frozen=True)
class Backoff:
    """How long a stream waits between attempts to reconnect: ``initial`` seconds, multiplied by
    ``multiplier`` after each failure up to ``maximum``, each wait varied by ±``jitter`` (a
    fraction) so that many clients do not reconnect in step.

    ``give_up_after`` (seconds of failing without receiving anything) ends the stream with
    Unavailable; None retries for as long as the stream is iterated.
    """

    initial: float = 0.1
    maximum: float = 5.0
    multiplier: float = 2.0
    jitter: float = 0.2
    give_up_after: float | None = None

    def delays(self) -> Iterator[float]:
        """Yields the successive waits."""
        delay = self.initial
        while True:
            yield delay * random.uniform(1 - self.jitter, 1 + self.jitter)
            delay = min(delay * self.multiplier, self.maximum)


class _ResumableStream(Generic[_T]):
    """Iterates a server stream, reopening it after UNAVAILABLE from the last position seen."""

    _what = "stream"
    _reopen_when_ended = False

    def __init__(self, *, reconnect: bool, backoff: Backoff) -> None:
        self._reconnect = reconnect
        self._backoff = backoff
        self._closed = threading.Event()
        self._reconnects = 0
        self._call: Any = self._open()  # the request goes out now, not at the first next()
        self._items = self._run()

    def __iter__(self) -> _ResumableStream[_T]:
        return self

    def __next__(self) -> _T:
        return next(self._items)

    def __enter__(self) -> _ResumableStream[_T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def reconnects(self) -> int:
        """How many times the stream was reopened after the connection broke."""
        return self._reconnects

    def close(self) -> None:
        """Cancels the stream. Safe from another thread: the iterating one then stops cleanly."""
        self._closed.set()
        call = self._call
        if call is not None:
            call.cancel()
        try:
            self._items.close()
        except ValueError:  # being iterated in another thread; it sees _closed and returns
            pass

    # Subclasses say how to open the call from the current position and what a message means.
    def _open(self) -> Any:
        raise NotImplementedError

    def _accept(self, message: Any) -> _T:
        raise NotImplementedError

    def _run(self) -> Generator[_T, None, None]:
        try:
            yield from self._run_resuming()
        finally:  # closed, broken off or failed: the open call, if any, is not needed any more
            call, self._call = self._call, None
            if call is not None:
                call.cancel()

    def _run_resuming(self) -> Generator[_T, None, None]:
        failing_since: float | None = None
        delays: Iterator[float] | None = None
        while not self._closed.is_set():
            if self._call is None:
                self._call = self._open()
            error: grpc.RpcError | None = None
            try:
                for message in self._call:
                    item = self._accept(message)
                    failing_since, delays = None, None
                    yield item
                if not self._reopen_when_ended:
                    return
            except grpc.RpcError as err:
                if self._closed.is_set():
                    return
                if not self._reconnect or err.code() not in _RECONNECT_CODES:
                    raise error_from_rpc(err) from err
                error = err
            self._call = None
            now = time.monotonic()
            failing_since = failing_since if failing_since is not None else now
            limit = self._backoff.give_up_after
            if limit is not None and now - failing_since > limit:
                raise Unavailable(
                    f"{self._what}: gave up reconnecting after {now - failing_since:.1f} s"
                    + (f" ({error.details()})" if error is not None else "")
                ) from error
            delays = delays or self._backoff.delays()
            delay = next(delays)
            _log.warning(
                "%s broke (%s); reconnecting in %.2f s",
                self._what,
                error.details() if error is not None else "ended by the server",
                delay,
            )
            if self._closed.wait(delay):
                return
            self._reconnects += 1


class EventExport(_ResumableStream[Event]):
    """The events of an export, in order; iterate it. Returned by ``Client.export()``.

    ``resume_token`` is the position after the last event yielded: give it to a later
    ``Client.export(resume_token=...)`` with the same selection to continue there (after a
    crash, say). Within one iteration, a broken connection is resumed from it automatically.
    """

    _what = "export"

    def __init__(
        self,
        open_call: Callable[[str], Any],
        *,
        resume_token: str,
        reconnect: bool,
        backoff: Backoff,
    ) -> None:
        self._open_call = open_call
        self._resume_token = resume_token
        super().__init__(reconnect=reconnect, backoff=backoff)

    @property
    def resume_token(self) -> str:
        """Where the export stands: continues after the last event yielded."""
        return self._resume_token

    def _open(self) -> Any:
        return self._open_call(self._resume_token)

    def _accept(self, message: Any) -> Event:
        self._resume_token = message.resume_token
        return Event.from_pb(message.event)


class WatchStream(_ResumableStream[_T]):
    """A change feed, as changes are committed; iterate it (it does not end by itself:
    ``close()`` it, or break out of the loop). Returned by ``Client.watch_actors()`` and
    ``watch_places()``; ChangeStream is the one of ``Client.watch()``.

    Each change carries its ``cursor``. After a broken connection the stream reopens from the
    last cursor received, so no change is missed or repeated. A stream opened without a cursor
    or start time that breaks before its first change reopens from the time it was opened (as
    this machine's clock tells it).
    """

    _what = "watch"
    _reopen_when_ended = True  # a watch only ends when the server goes away

    def __init__(
        self,
        open_call: Callable[[str, datetime | None], Any],
        convert: Callable[[Any], _T],
        *,
        cursor: str,
        start_time: datetime | None,
        reconnect: bool,
        backoff: Backoff,
    ) -> None:
        self._open_call = open_call
        self._convert = convert
        self._cursor = cursor
        self._start_time = start_time
        self._opened_at = datetime.now(timezone.utc)
        super().__init__(reconnect=reconnect, backoff=backoff)

    @property
    def cursor(self) -> str:
        """The cursor of the last change yielded (or the one the stream was opened with)."""
        return self._cursor

    def _open(self) -> Any:
        if self._cursor:
            return self._open_call(self._cursor, None)
        if self._start_time is None and self._reconnects == 0:
            return self._open_call("", None)  # the first opening: "from the next change"
        return self._open_call("", self._start_time or self._opened_at)

    def _accept(self, message: Any) -> _T:
        change = self._convert(message)
        self._cursor = message.cursor
        return change


class ChangeStream(WatchStream[Change]):
    """Changes to the events of a selection, as they are committed (see WatchStream). Returned
    by ``Client.watch()``."""

    def __init__(
        self,
        open_call: Callable[[str, datetime | None], Any],
        *,
        cursor: str,
        start_time: datetime | None,
        reconnect: bool,
        backoff: Backoff,
    ) -> None:
        super().__init__(
            open_call,
            Change.from_pb,
            cursor=cursor,
            start_time=start_time,
            reconnect=reconnect,
            backoff=backoff,
        )
