"""Build hook of timeline-client: generates the gRPC modules from proto/ while building.

Everything else about the package is in pyproject.toml. A regular build writes the modules into
the wheel's build folder; an editable install (``pip install -e``) writes them into
src/timeline_client/_proto, where the installed package is imported from (ignored by git).
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

sys.path.insert(0, str(Path(__file__).resolve().parent))
import protogen  # noqa: E402  (a sibling file, found through the line above)


class BuildPyWithStubs(build_py):
    """build_py that also generates timeline_client._proto from the .proto files."""

    def run(self) -> None:
        root = protogen.find_proto_root()  # fails early, with a clear message, when missing
        super().run()
        if getattr(self, "editable_mode", False):
            out_dir = protogen.SOURCE_STUBS_DIR
        else:
            out_dir = Path(self.build_lib) / "timeline_client" / "_proto"
        protogen.generate(out_dir, root)


setup(cmdclass={"build_py": BuildPyWithStubs})
