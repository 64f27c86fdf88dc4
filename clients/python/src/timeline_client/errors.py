"""Typed exceptions for the gRPC status codes the Timeline service answers with.

Every failed call raises a subclass of TimelineError chosen by its status code. INVALID_ARGUMENT
becomes InvalidArgument, which carries the server's google.rpc.BadRequest field violations, so a
caller can tell which field was wrong ("time_range.end_time") without parsing the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

__all__ = [
    "Aborted",
    "AlreadyExists",
    "Cancelled",
    "DataLoss",
    "DeadlineExceeded",
    "FailedPrecondition",
    "FieldViolation",
    "Internal",
    "InvalidArgument",
    "NotFound",
    "OutOfRange",
    "PermissionDenied",
    "ResourceExhausted",
    "TimelineError",
    "Unauthenticated",
    "Unavailable",
    "Unimplemented",
    "Unknown",
    "error_from_rpc",
]


@dataclass(frozen=True)
class FieldViolation:
    """One bad field of a request: its path (``event_types[0]``) and what is wrong with it."""

    field: str
    description: str

    def __str__(self) -> str:
        return f"{self.field}: {self.description}"


class TimelineError(Exception):
    """A call to the Timeline service failed. The base of every exception this client raises
    for a failed call.

    Attributes:
        code: The gRPC status code.
        message: The server's message.
        details: The status details the server attached, unpacked where their type is known
            (google.rpc.BadRequest, ErrorInfo, ...).
    """

    code: grpc.StatusCode = grpc.StatusCode.UNKNOWN

    def __init__(
        self,
        message: str,
        *,
        code: grpc.StatusCode | None = None,
        details: tuple[Any, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details

    def __str__(self) -> str:
        return f"{self.code.name}: {self.message}"


class InvalidArgument(TimelineError):
    """The request was malformed (INVALID_ARGUMENT).

    Attributes:
        field_violations: Each bad field and why, from the google.rpc.BadRequest detail.
    """

    code = grpc.StatusCode.INVALID_ARGUMENT

    @property
    def field_violations(self) -> tuple[FieldViolation, ...]:
        """The bad fields, in the order the server reported them."""
        return tuple(
            FieldViolation(v.field, v.description)
            for detail in self.details
            if isinstance(detail, error_details_pb2.BadRequest)
            for v in detail.field_violations
        )

    @property
    def fields(self) -> tuple[str, ...]:
        """The paths of the bad fields, such as ``("event_types[0]", "time_range.end_time")``."""
        return tuple(v.field for v in self.field_violations)


class NotFound(TimelineError):
    """A named resource does not exist (NOT_FOUND)."""

    code = grpc.StatusCode.NOT_FOUND


class AlreadyExists(TimelineError):
    """The resource to create exists already (ALREADY_EXISTS)."""

    code = grpc.StatusCode.ALREADY_EXISTS


class FailedPrecondition(TimelineError):
    """The system is not in a state the call needs (FAILED_PRECONDITION)."""

    code = grpc.StatusCode.FAILED_PRECONDITION


class Aborted(TimelineError):
    """A concurrency conflict, such as a stale etag (ABORTED). Read again and retry."""

    code = grpc.StatusCode.ABORTED


class OutOfRange(TimelineError):
    """A value is past the valid range (OUT_OF_RANGE)."""

    code = grpc.StatusCode.OUT_OF_RANGE


class PermissionDenied(TimelineError):
    """The caller may not do this (PERMISSION_DENIED)."""

    code = grpc.StatusCode.PERMISSION_DENIED


class Unauthenticated(TimelineError):
    """The call carried no valid credentials (UNAUTHENTICATED)."""

    code = grpc.StatusCode.UNAUTHENTICATED


class ResourceExhausted(TimelineError):
    """The server is at its limit of calls (RESOURCE_EXHAUSTED). Retry later."""

    code = grpc.StatusCode.RESOURCE_EXHAUSTED


class DeadlineExceeded(TimelineError):
    """The call's deadline passed before it finished (DEADLINE_EXCEEDED)."""

    code = grpc.StatusCode.DEADLINE_EXCEEDED


class Unavailable(TimelineError):
    """The server or its database cannot be reached (UNAVAILABLE). Safe to retry."""

    code = grpc.StatusCode.UNAVAILABLE


class Cancelled(TimelineError):
    """The call was cancelled (CANCELLED)."""

    code = grpc.StatusCode.CANCELLED


class Unimplemented(TimelineError):
    """The server does not offer this call (UNIMPLEMENTED)."""

    code = grpc.StatusCode.UNIMPLEMENTED


class Internal(TimelineError):
    """The server failed (INTERNAL)."""

    code = grpc.StatusCode.INTERNAL


class DataLoss(TimelineError):
    """Unrecoverable data loss (DATA_LOSS)."""

    code = grpc.StatusCode.DATA_LOSS


class Unknown(TimelineError):
    """An error without a more specific status (UNKNOWN)."""

    code = grpc.StatusCode.UNKNOWN


_BY_CODE: dict[grpc.StatusCode, type[TimelineError]] = {
    cls.code: cls
    for cls in (
        InvalidArgument,
        NotFound,
        AlreadyExists,
        FailedPrecondition,
        Aborted,
        OutOfRange,
        PermissionDenied,
        Unauthenticated,
        ResourceExhausted,
        DeadlineExceeded,
        Unavailable,
        Cancelled,
        Unimplemented,
        Internal,
        DataLoss,
        Unknown,
    )
}

# Detail types the server (or a proxy) may attach, unpacked from their google.protobuf.Any.
_DETAIL_TYPES = (
    error_details_pb2.BadRequest,
    error_details_pb2.ErrorInfo,
    error_details_pb2.RetryInfo,
    error_details_pb2.PreconditionFailure,
    error_details_pb2.ResourceInfo,
    error_details_pb2.QuotaFailure,
    error_details_pb2.DebugInfo,
    error_details_pb2.Help,
    error_details_pb2.LocalizedMessage,
)


def error_from_rpc(error: grpc.RpcError) -> TimelineError:
    """Turns a grpc.RpcError into the TimelineError subclass of its status code."""
    code = _call_value(error, "code") or grpc.StatusCode.UNKNOWN
    message = _call_value(error, "details") or ""
    cls = _BY_CODE.get(code, TimelineError)
    return cls(message, code=code, details=_status_details(error))


def _call_value(error: grpc.RpcError, name: str) -> Any:
    method = getattr(error, name, None)
    return method() if callable(method) else None


def _status_details(error: grpc.RpcError) -> tuple[Any, ...]:
    """Unpacks grpc-status-details-bin; an absent or inconsistent one gives no details."""
    try:
        status = rpc_status.from_call(error)
    except (ValueError, AttributeError):
        return ()
    if status is None:
        return ()
    unpacked: list[Any] = []
    for detail in status.details:
        for detail_type in _DETAIL_TYPES:
            if detail.Is(detail_type.DESCRIPTOR):
                message = detail_type()
                detail.Unpack(message)
                unpacked.append(message)
                break
        else:
            unpacked.append(detail)
    return tuple(unpacked)
