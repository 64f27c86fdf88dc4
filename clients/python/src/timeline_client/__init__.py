"""Python client for Timeline, the service of dated events with their actors, places and sources.

>>> from datetime import datetime, timezone
>>> from timeline_client import Client
>>> with Client("127.0.0.1:50051") as client:
...     for event in client.events(
...         places=["places/ml-bamako"],
...         start=datetime(2024, 9, 1, tzinfo=timezone.utc),
...         end=datetime(2024, 10, 1, tzinfo=timezone.utc),
...     ):
...         print(event.name, event.time)

See Client for every call, models for the values returned, errors for what failures raise and
timeline_client.render for the HTML timeline (the ``timeline-render`` command).
"""

from importlib.metadata import PackageNotFoundError, version

from .client import DEFAULT_TARGET, DEFAULT_TIMEOUT, Client, Stubs
from .errors import (
    Aborted,
    AlreadyExists,
    Cancelled,
    DataLoss,
    DeadlineExceeded,
    FailedPrecondition,
    FieldViolation,
    Internal,
    InvalidArgument,
    NotFound,
    OutOfRange,
    PermissionDenied,
    ResourceExhausted,
    TimelineError,
    Unauthenticated,
    Unavailable,
    Unimplemented,
    Unknown,
)
from .models import (
    Actor,
    ActorKind,
    ActorName,
    ActorRole,
    BoundingBox,
    Change,
    ChangeKind,
    Count,
    Event,
    EventActor,
    EventPlace,
    EventSource,
    ExternalId,
    GroupBy,
    GroupCount,
    Histogram,
    HistogramBucket,
    ImpreciseEvents,
    IngestNote,
    IngestOutcome,
    IngestReport,
    IngestResult,
    Interval,
    LatLng,
    LocationPrecision,
    Match,
    Near,
    Place,
    PlaceKind,
    PlaceName,
    PlaceRole,
    Precision,
    RelatedActor,
    RolePair,
    Source,
    TimeSpan,
)
from .streams import Backoff, ChangeStream, EventExport

try:
    __version__ = version("timeline-client")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "DEFAULT_TARGET",
    "DEFAULT_TIMEOUT",
    "Aborted",
    "Actor",
    "ActorKind",
    "ActorName",
    "ActorRole",
    "AlreadyExists",
    "Backoff",
    "BoundingBox",
    "Cancelled",
    "Change",
    "ChangeKind",
    "ChangeStream",
    "Client",
    "Count",
    "DataLoss",
    "DeadlineExceeded",
    "Event",
    "EventActor",
    "EventExport",
    "EventPlace",
    "EventSource",
    "ExternalId",
    "FailedPrecondition",
    "FieldViolation",
    "GroupBy",
    "GroupCount",
    "Histogram",
    "HistogramBucket",
    "ImpreciseEvents",
    "IngestNote",
    "IngestOutcome",
    "IngestReport",
    "IngestResult",
    "Internal",
    "Interval",
    "InvalidArgument",
    "LatLng",
    "LocationPrecision",
    "Match",
    "Near",
    "NotFound",
    "OutOfRange",
    "PermissionDenied",
    "Place",
    "PlaceKind",
    "PlaceName",
    "PlaceRole",
    "Precision",
    "RelatedActor",
    "ResourceExhausted",
    "RolePair",
    "Source",
    "Stubs",
    "TimeSpan",
    "TimelineError",
    "Unauthenticated",
    "Unavailable",
    "Unimplemented",
    "Unknown",
    "__version__",
]
