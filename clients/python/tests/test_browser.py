"""The rendered seed timeline in a real browser: headless Chromium lays it out and takes a
screenshot. The page's own script records what it drew; the screenshot must be a real picture
with the attack's bar in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from timeline_client import Client
from timeline_client.render import browser, render_html, type_color

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seed_page(client: Client, tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("browser") / "seed.html"
    page.write_text(render_html(client.events(), group_by="place", title="Seed"), encoding="utf-8")
    return page


def test_chromium_is_there() -> None:
    try:
        browser.find_chromium()
    except browser.BrowserError as err:
        pytest.fail(f"{err} (clients/python/setup installs it)", pytrace=False)


def test_browser_lays_out_every_event(seed_page: Path) -> None:
    dom = browser.dump_dom(seed_page)
    body = re.search(r"<body[^>]*>", dom)
    assert body, dom[:500]
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', body.group(0)))
    assert attributes["data-ready"] == "1", "the page's script did not run"
    # The attacks, once in each of their three places' rows; the five undated events aside.
    assert attributes["data-drawn-events"] == "3"
    assert attributes["data-listed-events"] == "5"
    assert len(re.findall(r"\bdata-event-name=", dom)) == 8
    assert int(attributes["data-page-height"]) > 500


def test_screenshot_is_a_real_picture_of_the_timeline(seed_page: Path, tmp_path: Path) -> None:
    png = browser.screenshot(seed_page, tmp_path / "seed.png", width=1400)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000
    with Image.open(png) as image:
        assert image.width == 1400 and image.height > 500
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200  # text, shading, bars: not a blank page
    attack = tuple(int(type_color("attack")[i : i + 2], 16) for i in (1, 3, 5))
    attack_pixels = sum(count for count, colour in colours if colour == attack)
    assert attack_pixels > 300, "the attack's bars are not in the picture"
