import os
from datetime import datetime, timezone

from timeline_client import Client

UTC = timezone.utc
with Client(os.environ.get("TIMELINE_ADDR", "127.0.0.1:50051")) as client:
    september = dict(start=datetime(2024, 9, 1, tzinfo=UTC), end=datetime(2024, 10, 1, tzinfo=UTC))
    for event in client.events(places=["places/ml-bamako"], **september):
        killed = event.fatalities or "unknown"
        print(f"{event.name}: {event.title}")
        print(f"    {event.time} ({event.time.precision.name.lower()} precision); killed: {killed}")
