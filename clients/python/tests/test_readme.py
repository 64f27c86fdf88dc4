"""The README's Bamako program is the one in examples/, and it prints what the README shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
README = (HERE / "README.md").read_text(encoding="utf-8")
PROGRAM = HERE / "examples" / "bamako_september.py"


def test_readme_shows_the_example_program() -> None:
    assert f"```python\n{PROGRAM.read_text(encoding='utf-8')}```" in README
    lines = [line for line in PROGRAM.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) <= 10


def test_example_prints_what_the_readme_shows(address: str) -> None:
    shown = re.search(
        r"```console\n\$ python clients/python/examples/bamako_september.py\n(.*?)```", README, re.S
    )
    assert shown, "the README's output block is missing"
    ran = subprocess.run(
        [sys.executable, str(PROGRAM)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TIMELINE_ADDR": address},
    )
    assert ran.stdout == shown.group(1)
