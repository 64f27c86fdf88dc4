"""Timelines of events as self-contained HTML pages (the ``timeline-render`` command).

>>> from timeline_client import Client
>>> from timeline_client.render import render_html
>>> with Client() as client:
...     page = render_html(client.events(places=["places/ml"]), group_by="place")
>>> Path("mali.html").write_text(page, encoding="utf-8")
"""

from .html import EVENT_TYPE_COLORS, render_html, type_color
from .jsonio import dump_events, load_events
from .layout import GROUPINGS

__all__ = [
    "EVENT_TYPE_COLORS",
    "GROUPINGS",
    "dump_events",
    "load_events",
    "render_html",
    "type_color",
]
