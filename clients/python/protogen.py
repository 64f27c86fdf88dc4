"""Generates timeline_client's protobuf and gRPC modules from the repository's proto/ folder.

Used by setup.py when the package is built, and by run-tests (``--if-changed``) so that an
editable checkout picks up a changed .proto before its tests run.

grpc_tools emits absolute imports between the generated modules (``from timeline.v1 import
place_pb2``), which only work if a top-level ``timeline`` package is importable. Instead of
putting the generated folder on ``sys.path`` (which would claim the generic name ``timeline``
for every program that installs this client), the modules are generated under
``timeline_client/_proto/timeline/v1/`` and those import lines are rewritten to
``from timeline_client._proto.timeline.v1 import place_pb2``. The .proto files keep their
names ("timeline/v1/event.proto") in the descriptor pool, as the server's reflection has them.
The rewrite is checked: generation fails if any import of ``timeline`` is left.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Where an editable install imports the package from; the generated modules go in _proto/.
SOURCE_STUBS_DIR = HERE / "src" / "timeline_client" / "_proto"
#: The Python package the generated modules live in.
STUBS_PACKAGE = "timeline_client._proto"
#: Written into the generated folder: the hash of what it was generated from.
HASH_FILE = "SOURCE_HASH"

_IMPORT_LINE = re.compile(r"^(\s*)from timeline\.v1 import ", re.MULTILINE)
_LEFTOVER_IMPORT = re.compile(r"^\s*(from|import)\s+timeline(\.|\s|$)", re.MULTILINE)


class ProtoFilesMissing(RuntimeError):
    """The .proto files the client is generated from cannot be found."""


def find_proto_root() -> Path:
    """Returns the folder holding timeline/v1/*.proto.

    ``TIMELINE_PROTO_DIR`` overrides the default, the repository's ``proto/`` two levels above
    this file (``pip install ./clients/python`` builds in place, so it is there).
    """
    override = os.environ.get("TIMELINE_PROTO_DIR")
    root = Path(override) if override else HERE.parent.parent / "proto"
    if not sorted((root / "timeline" / "v1").glob("*.proto")):
        raise ProtoFilesMissing(
            f"timeline-client: no .proto files in {root / 'timeline' / 'v1'}. The client's gRPC "
            "modules are generated from the Timeline repository's proto/ folder at build time: "
            "build it from a checkout (pip install ./clients/python from the repository root), "
            "or set TIMELINE_PROTO_DIR to a folder that holds timeline/v1/*.proto."
        )
    return root


def proto_files(root: Path) -> list[Path]:
    """Returns the .proto files to compile, in a stable order."""
    return sorted((root / "timeline" / "v1").glob("*.proto"))


def source_hash(root: Path) -> str:
    """Hashes the .proto files and the generator's version: equal hashes, equal output."""
    import grpc_tools

    digest = hashlib.sha256()
    digest.update(_grpc_tools_version(grpc_tools).encode())
    digest.update(Path(__file__).read_bytes())
    for path in proto_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_current(out_dir: Path, root: Path) -> bool:
    """Tells whether out_dir was generated from exactly these .proto files."""
    try:
        return (out_dir / HASH_FILE).read_text().strip() == source_hash(root)
    except FileNotFoundError:
        return False


def generate(out_dir: Path, root: Path | None = None) -> None:
    """Generates the modules into out_dir (replacing what is there) as package STUBS_PACKAGE."""
    from grpc_tools import protoc

    root = root or find_proto_root()
    with tempfile.TemporaryDirectory(prefix="timeline-protogen-") as tmp:
        staging = Path(tmp) / "_proto"
        staging.mkdir()
        well_known = _well_known_protos_dir()
        args = [
            "grpc_tools.protoc",
            f"--proto_path={root}",
            f"--proto_path={well_known}",
            f"--python_out={staging}",
            f"--pyi_out={staging}",
            f"--grpc_python_out={staging}",
            *(str(p) for p in proto_files(root)),
        ]
        if protoc.main(args) != 0:
            raise RuntimeError(f"timeline-client: protoc failed on {root} (see the messages above)")
        _rewrite_imports(staging)
        _add_package_markers(staging)
        (staging / HASH_FILE).write_text(source_hash(root) + "\n")
        _replace_dir(staging, out_dir)


def _rewrite_imports(staging: Path) -> None:
    prefix = f"from {STUBS_PACKAGE}.timeline.v1 import "
    for path in sorted(staging.rglob("*.py*")):
        if path.suffix not in (".py", ".pyi"):
            continue
        text = _IMPORT_LINE.sub(lambda m: m.group(1) + prefix, path.read_text())
        leftover = _LEFTOVER_IMPORT.search(text)
        if leftover:
            raise RuntimeError(
                f"timeline-client: {path.name} still imports the top-level 'timeline' package "
                f"after rewriting ({leftover.group(0).strip()!r}); the grpc_tools output changed"
            )
        path.write_text(text)


def _add_package_markers(staging: Path) -> None:
    for folder in [staging, *[p for p in staging.rglob("*") if p.is_dir()]]:
        marker = folder / "__init__.py"
        if not marker.exists():
            marker.write_text('"""Generated from proto/ by clients/python/protogen.py."""\n')


def _replace_dir(staging: Path, out_dir: Path) -> None:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(staging, out_dir)


def _well_known_protos_dir() -> Path:
    import grpc_tools

    return Path(grpc_tools.__file__).resolve().parent / "_proto"


def _grpc_tools_version(grpc_tools_module: object) -> str:
    try:
        from importlib.metadata import version

        return version("grpcio-tools")
    except Exception:  # an unusual install without metadata: the path still tells versions apart
        return str(getattr(grpc_tools_module, "__file__", ""))


def main(argv: list[str] | None = None) -> int:
    """Command line: regenerate the editable checkout's modules (by default into src/)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=SOURCE_STUBS_DIR, help="folder to generate into"
    )
    parser.add_argument(
        "--if-changed", action="store_true", help="do nothing when the .proto files are unchanged"
    )
    args = parser.parse_args(argv)
    try:
        root = find_proto_root()
    except ProtoFilesMissing as err:
        print(err, file=sys.stderr)
        return 1
    if args.if_changed and is_current(args.out, root):
        return 0
    generate(args.out, root)
    print(f"generated {STUBS_PACKAGE} from {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
