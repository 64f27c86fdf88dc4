"""The generated protobuf and gRPC modules of timeline.v1, imported in one place.

They are generated from proto/ when the package is built (see protogen.py beside pyproject.toml).
A missing module gets an error that says so instead of a bare ModuleNotFoundError.
"""

from __future__ import annotations

try:
    from ._proto.timeline.v1 import (
        actor_pb2,
        actor_pb2_grpc,
        date_pb2,
        date_pb2_grpc,
        event_pb2,
        event_pb2_grpc,
        ingest_pb2,
        ingest_pb2_grpc,
        place_pb2,
        place_pb2_grpc,
        source_pb2,
        source_pb2_grpc,
        time_pb2,
    )
except ModuleNotFoundError as exc:  # pragma: no cover - depends on how the package was built
    if not (exc.name or "").startswith(__package__ + "._proto"):
        raise
    raise ImportError(
        "timeline_client: the generated gRPC modules (timeline_client._proto) are missing. They "
        "are generated from the repository's proto/ folder when the package is built: install it "
        "with pip (pip install ./clients/python), or in an editable checkout run "
        "`python clients/python/protogen.py`."
    ) from exc

__all__ = [
    "actor_pb2",
    "actor_pb2_grpc",
    "date_pb2",
    "date_pb2_grpc",
    "event_pb2",
    "event_pb2_grpc",
    "ingest_pb2",
    "ingest_pb2_grpc",
    "place_pb2",
    "place_pb2_grpc",
    "source_pb2",
    "source_pb2_grpc",
    "time_pb2",
]
