"""What the seed data (data/seed.json) holds, as the suite expects the server to answer it.
Checked by hand against data/seed.json, data/README.md and the root README's examples."""

from __future__ import annotations

from datetime import datetime, timezone

UTC = timezone.utc

#: Every seed event, in ListEvents' default order: events whose start is unknown first (in the
#: order they were created), then by start; the unresolved press conference last.
SEED_EVENTS = [
    "events/goita-receives-turkish-parliamentary-delegation",
    "events/tinzaouaten-drone-strikes",
    "events/tessalit-retaken-by-malian-army",
    "events/turkey-supplies-drones-to-mali",
    "events/bamako-attacks-2024-09",
    "events/diop-lavrov-press-conference-moscow",
]
#: The seed's event changes: one CREATED change per event, in the order they were loaded.
#: Their cursors are opaque (the log also records the seed's actors, places and sources), so
#: only their order is known.
SEED_CHANGES = [
    ("CREATED", "events/goita-receives-turkish-parliamentary-delegation"),
    ("CREATED", "events/bamako-attacks-2024-09"),
    ("CREATED", "events/tinzaouaten-drone-strikes"),
    ("CREATED", "events/tessalit-retaken-by-malian-army"),
    ("CREATED", "events/turkey-supplies-drones-to-mali"),
    ("CREATED", "events/diop-lavrov-press-conference-moscow"),
]
#: The events in Mali (places/ml and below) that may have happened in 2024.
MALI_2024 = SEED_EVENTS[:5]
SEED_ACTORS = [
    "actors/abdoulaye-diop",
    "actors/assimi-goita",
    "actors/azawad-rebels",
    "actors/mali",
    "actors/malian-armed-forces",
    "actors/orhan-diliguz",
    "actors/russia",
    "actors/sergey-lavrov",
    "actors/turkey",
    "actors/turkish-parliamentary-delegation-mali-2024",
    "actors/wagner-group",
]


def at(year: int, month: int = 1, day: int = 1, hour: int = 0, minute: int = 0) -> datetime:
    """An aware UTC datetime, for brevity."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
