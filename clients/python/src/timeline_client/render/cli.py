"""The timeline-render command: ask a Timeline server (or read a JSON file) and write the events
as one self-contained HTML timeline, optionally with a PNG screenshot of it."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import grpc

from .._time import parse_when, zone
from ..client import DEFAULT_TARGET, Client
from ..errors import InvalidArgument, TimelineError
from ..models import Event, Match
from . import browser
from .html import render_html
from .jsonio import dump_events, load_events
from .layout import GROUPINGS

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments."""
    parser = argparse.ArgumentParser(
        prog="timeline-render",
        description="Render Timeline events as one self-contained HTML page: a time axis with "
        "a row per actor or place, each event drawn over the span its precision allows.",
        epilog="Example: timeline-render --place ml --start 2024 --end 2025 -o mali-2024.html",
    )
    where = parser.add_argument_group("where the events come from")
    where.add_argument(
        "--server",
        default=os.environ.get("TIMELINE_ADDR", DEFAULT_TARGET),
        metavar="HOST:PORT",
        help="the Timeline server (default: $TIMELINE_ADDR or %(default)s)",
    )
    where.add_argument("--tls", action="store_true", help="connect with TLS (system roots)")
    where.add_argument(
        "--token",
        default=os.environ.get("TIMELINE_TOKEN"),
        help="bearer token to send (default: $TIMELINE_TOKEN)",
    )
    where.add_argument(
        "--input",
        type=Path,
        metavar="FILE",
        help="read events from this proto-JSON file instead of a server (a JSON array, "
        "ListEvents or ExportEvents output as grpcurl prints it, or --save-json's output); "
        "'-' reads standard input",
    )

    query = parser.add_argument_group("which events (as ListEvents; ignored with --input)")
    query.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="NAME",
        help="an actor, 'actors/assimi-goita' or 'assimi-goita' (repeatable: any of them)",
    )
    query.add_argument(
        "--place",
        action="append",
        default=[],
        metavar="NAME",
        help="a place and everything in it, 'places/ml' or 'ml' (repeatable)",
    )
    query.add_argument(
        "--type",
        action="append",
        default=[],
        dest="event_types",
        metavar="TYPE",
        help="an event type such as attack or visit (repeatable)",
    )
    query.add_argument(
        "--start",
        metavar="WHEN",
        help="start of the time range: 2024, 2024-09, 2024-09-17 or an ISO 8601 "
        "time (without an offset: in --time-zone)",
    )
    query.add_argument("--end", metavar="WHEN", help="exclusive end of the time range, likewise")
    query.add_argument(
        "--match",
        choices=["overlaps", "within"],
        help="overlaps (default): may have happened in the range; within: certainly did",
    )
    query.add_argument("--filter", default="", metavar="EXPR", help="an AIP-160 filter expression")

    page = parser.add_argument_group("the page")
    page.add_argument(
        "--group-by",
        choices=GROUPINGS,
        default="actor",
        help="one row per actor or per place (default: %(default)s)",
    )
    page.add_argument("--title", help="the page's heading (default: from the query)")
    page.add_argument(
        "--time-zone",
        default="UTC",
        metavar="ZONE",
        help="IANA zone the axis counts days, months and years in (default: UTC)",
    )
    page.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("timeline.html"),
        metavar="FILE",
        help="the HTML file to write (default: %(default)s; '-' for standard output)",
    )
    page.add_argument(
        "--save-json",
        type=Path,
        metavar="FILE",
        help="also save the events as proto-JSON, to render again with --input",
    )
    page.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="also write a PNG of the whole page, taken with headless Chromium",
    )
    page.add_argument("--width", type=int, default=1400, help="screenshot width in pixels")
    page.add_argument("--scale", type=float, default=1.0, help="screenshot device scale factor")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command; returns its exit status (0, 1 on a failed call, 2 on bad arguments)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    tz = zone(args.time_zone)
    try:
        start = parse_when(args.start, tz) if args.start else None
        end = parse_when(args.end, tz) if args.end else None
    except ValueError as err:
        parser.error(str(err))
    if args.screenshot and str(args.output) == "-":
        parser.error("--screenshot needs the page in a file: give -o FILE")

    try:
        if args.input:
            events = _read_input(args.input)
            origin = "standard input" if str(args.input) == "-" else str(args.input)
            description = f"events read from {origin}"
        else:
            events = _query(args, start, end)
            origin = args.server
            description = _describe(args, start, end)
    except InvalidArgument as err:
        _complain(f"{err.code.name}: {err.message}")
        for violation in err.field_violations:
            _complain(f"  {violation.field}: {violation.description}")
        return 1
    except TimelineError as err:
        _complain(str(err))
        return 1
    except (OSError, ValueError) as err:
        _complain(str(err))
        return 1

    page = render_html(
        events,
        group_by=args.group_by,
        title=args.title or "Timeline",
        query=description,
        time_zone=args.time_zone,
        source=origin,
    )
    if args.save_json:
        with args.save_json.open("w", encoding="utf-8") as out:
            dump_events(events, out)
    if str(args.output) == "-":
        sys.stdout.write(page)
    else:
        args.output.write_text(page, encoding="utf-8")
    placed = sum(1 for e in events if e.time.is_dated)
    _complain(
        f"wrote {args.output} ({len(events)} events: {placed} on the time axis, "
        f"{len(events) - placed} listed aside)"
    )
    if args.screenshot:
        try:
            browser.screenshot(args.output, args.screenshot, width=args.width, scale=args.scale)
        except browser.BrowserError as err:
            _complain(str(err))
            return 1
        _complain(f"wrote {args.screenshot}")
    return 0


def _query(args: argparse.Namespace, start: datetime | None, end: datetime | None) -> list[Event]:
    credentials = grpc.ssl_channel_credentials() if args.tls else None
    with Client(args.server, credentials=credentials, token=args.token) as client:
        return list(
            client.events(
                actors=[_qualified("actors", a) for a in args.actor],
                places=[_qualified("places", p) for p in args.place],
                event_types=args.event_types,
                start=start,
                end=end,
                match=Match.parse(args.match) if args.match and (start or end) else None,
                filter=args.filter,
                page_size=500,
            )
        )


def _read_input(path: Path) -> list[Event]:
    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    return load_events(text)


def _qualified(collection: str, name: str) -> str:
    return name if "/" in name else f"{collection}/{name}"


def _describe(args: argparse.Namespace, start: datetime | None, end: datetime | None) -> str:
    parts = []
    if args.actor:
        parts.append("actors " + ", ".join(f"`{_qualified('actors', a)}`" for a in args.actor))
    if args.place:
        parts.append("places " + ", ".join(f"`{_qualified('places', p)}`" for p in args.place))
    if args.event_types:
        parts.append("types " + ", ".join(f"`{t}`" for t in args.event_types))
    if start or end:
        when = f"from {start.isoformat() if start else '…'} to {end.isoformat() if end else '…'}"
        parts.append(f"{when} ({args.match or 'overlaps'})")
    if args.filter:
        parts.append(f"filter `{args.filter}`")
    return "Events with " + " · ".join(parts) if parts else "Every event"


def _complain(message: str) -> None:
    print(f"timeline-render: {message}", file=sys.stderr)


if __name__ == "__main__":  # python -m timeline_client.render.cli
    sys.exit(main())
