"""Opens a rendered page in headless Chromium: the DOM after its scripts ran, and screenshots.

Each run uses a new empty profile folder and no network features, so nothing is fetched,
remembered or shared between runs. ``TIMELINE_CHROMIUM`` names the browser binary when it is
not ``chromium`` (Debian's package) on PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["BrowserError", "dump_dom", "find_chromium", "page_height", "screenshot"]

_FLAGS = (
    "--headless",
    "--no-sandbox",  # as root (containers, CI) Chromium refuses to start with its sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)


class BrowserError(RuntimeError):
    """Chromium is missing or failed."""


def find_chromium() -> str:
    """Returns the Chromium binary to use, or raises BrowserError saying how to get one."""
    named = os.environ.get("TIMELINE_CHROMIUM")
    for candidate in ([named] if named else []) + ["chromium", "chromium-browser", "google-chrome"]:
        found = shutil.which(candidate)
        if found:
            return found
    raise BrowserError(
        "no Chromium found (looked for chromium, chromium-browser, google-chrome); on Debian: "
        "apt-get install --no-install-recommends chromium, or set TIMELINE_CHROMIUM"
    )


def dump_dom(page: Path, *, width: int = 1400, height: int = 900, timeout: float = 60) -> str:
    """Returns the page's DOM, serialized after its scripts ran, as Chromium laid it out."""
    return _run(page, [f"--window-size={width},{height}", "--dump-dom"], timeout).stdout


def page_height(dom: str) -> int | None:
    """The document height the page's script recorded (data-page-height), if any."""
    found = re.search(r'data-page-height="(\d+)"', dom)
    return int(found.group(1)) if found else None


def screenshot(
    page: Path,
    out: Path,
    *,
    width: int = 1400,
    height: int | None = None,
    scale: float = 1.0,
    timeout: float = 60,
) -> Path:
    """Writes a PNG of the page. Without ``height``, the whole page: its height is measured
    first (a --dump-dom run) so that nothing is cut off."""
    if height is None:
        height = page_height(dump_dom(page, width=width, timeout=timeout)) or 900
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    flags = [f"--window-size={width},{height}", f"--screenshot={out}"]
    if scale != 1.0:
        flags.append(f"--force-device-scale-factor={scale}")
    _run(page, flags, timeout)
    if not out.exists():
        raise BrowserError(f"Chromium wrote no screenshot to {out}")
    return out


def _run(page: Path, flags: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    binary = find_chromium()
    with tempfile.TemporaryDirectory(prefix="timeline-chromium-") as profile:
        command = [binary, *_FLAGS, f"--user-data-dir={profile}", *flags, page.resolve().as_uri()]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as err:
            raise BrowserError(f"Chromium took longer than {timeout:.0f} s on {page}") from err
    if result.returncode != 0:
        raise BrowserError(
            f"Chromium failed ({result.returncode}) on {page}:\n{result.stderr[-2000:]}"
        )
    return result
