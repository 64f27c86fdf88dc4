"""The per-call timeout argument every Client method takes, and its "client's default" marker."""

from __future__ import annotations

import enum


class _Default(enum.Enum):
    TIMEOUT = "the client's default timeout"


#: Stands for "the client's default" where a timeout may be given per call.
DEFAULT_TIMEOUT = _Default.TIMEOUT

Timeout = float | None | _Default
