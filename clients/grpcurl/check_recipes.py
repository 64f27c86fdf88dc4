#!/usr/bin/env python3
"""Runs every recipe of a Markdown document against real servers and compares the answers.

A recipe is a ```console block: lines starting with "$ " are a command (continued over the next
lines until bash sees it complete), the lines after it up to the next command are what it prints,
stdout and stderr together. Other blocks (```sh, ```text, ...) are not run. In the expected
output, a line that is only "…" stands for any number of lines, and "…" inside a line for any
text; nothing else is loose.

The commands run in order in one bash session, so a recipe can use what an earlier one set
(`etag=$(...)`), in a scratch folder holding the TLS files the document names. Addresses in the
document are replaced by the servers' real ones:
  127.0.0.1:50051  the plaintext server (TIMELINE_ADDR)
  localhost:50443  a TLS server with bearer tokens, started here on the same database
                   (TIMELINE_TIMELINED, TIMELINE_DATABASE_URL); its certificate is timeline.pem
                   and $TIMELINE_TOKEN holds a token it accepts

Usage: check_recipes.py [--write] DOCUMENT.md
  --write  rewrite the document with the outputs seen (review the diff before committing)
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PLAINTEXT_ADDRESS = "127.0.0.1:50051"
TLS_ADDRESS = "localhost:50443"
TOKEN = "recipes-token-0123456789abcdef"
COMMAND_TIMEOUT_SECONDS = 60


@dataclass
class Recipe:
    command: str
    expected: list[str]
    line: int  # 1-based line of the command in the document
    output_span: tuple[int, int] = (0, 0)  # [start, end) lines of the expected output, 0-based
    actual: list[str] = field(default_factory=list)


def is_complete(command: str) -> bool:
    """Whether bash would run `command` as it stands (no open quote, heredoc or continuation)."""
    if command.endswith("\\") or command.rstrip().endswith("|"):
        return False
    check = subprocess.run(["bash", "-n", "-c", command], capture_output=True, text=True)
    unfinished = ("unexpected end of file", "unexpected EOF", "here-document")
    return not any(sign in check.stderr for sign in unfinished)


def parse_recipes(lines: list[str]) -> list[Recipe]:
    recipes: list[Recipe] = []
    in_console = False
    current: Recipe | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if not in_console:
            in_console = line.strip() == "```console"
            i += 1
            continue
        if line.strip() == "```":
            if current:
                current.output_span = (current.output_span[0], i)
            in_console, current = False, None
            i += 1
            continue
        if line.startswith("$ "):
            if current:
                current.output_span = (current.output_span[0], i)
            start = i
            command = line[2:]
            while not is_complete(command):
                i += 1
                if i >= len(lines) or lines[i].strip() == "```":
                    sys.exit(f"line {start + 1}: the command never ends")
                command += "\n" + lines[i]
            current = Recipe(command=command, expected=[], line=start + 1, output_span=(i + 1, i + 1))
            recipes.append(current)
        elif current is not None:
            current.expected.append(line)
        i += 1
    return recipes


def matches(expected: list[str], actual: list[str]) -> bool:
    pattern = []
    for line in expected:
        if line.strip() == "…":
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            pattern.append(".*?".join(re.escape(part) for part in line.split("…")) + r"\n")
    return re.fullmatch("".join(pattern), "".join(l + "\n" for l in actual), re.DOTALL) is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_tls_server(scratch: Path) -> tuple[subprocess.Popen, str]:
    """A second server, TLS with bearer tokens, on the plaintext server's database."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(scratch / "timeline.key"), "-out", str(scratch / "timeline.pem")],
        check=True, capture_output=True)
    (scratch / "tokens").write_text(f"# recipes\n{TOKEN}\n")
    port = free_port()
    server = subprocess.Popen(
        [os.environ["TIMELINE_TIMELINED"], "serve",
         f"--database_url={os.environ['TIMELINE_DATABASE_URL']}", f"--listen=127.0.0.1:{port}",
         f"--tls_cert_file={scratch / 'timeline.pem'}", f"--tls_key_file={scratch / 'timeline.key'}",
         f"--auth_tokens_file={scratch / 'tokens'}"],
        stderr=open(scratch / "tls-server.log", "w"))
    address = f"localhost:{port}"
    for _ in range(100):
        probe = subprocess.run(
            ["grpcurl", "-cacert", str(scratch / "timeline.pem"), "-max-time", "1", address,
             "grpc.health.v1.Health/Check"], capture_output=True, text=True)
        if "SERVING" in probe.stdout:
            return server, address
        if server.poll() is not None:
            break
        time.sleep(0.1)
    sys.exit("the TLS server did not start:\n" + (scratch / "tls-server.log").read_text())


class Shell:
    """One bash session; each command's output is read up to a marker line."""

    MARKER = "__RECIPE_DONE_7f3a__"

    def __init__(self, cwd: Path, env: dict[str, str]):
        self.cwd = cwd
        self.process = subprocess.Popen(
            ["bash", "--noprofile", "--norc"], cwd=cwd, env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)

    def run(self, command: str, number: int) -> list[str]:
        script = self.cwd / f"recipe-{number}.sh"
        script.write_text(command + "\n")
        # stdin from /dev/null: a command must not read the session's own input.
        self.process.stdin.write(
            f"source {script} </dev/null 2>&1; printf '\\n{self.MARKER}\\n'\n")
        self.process.stdin.flush()
        output = []
        deadline = time.monotonic() + COMMAND_TIMEOUT_SECONDS
        while True:
            if time.monotonic() > deadline:
                sys.exit(f"recipe {number} took over {COMMAND_TIMEOUT_SECONDS} s")
            line = self.process.stdout.readline()
            if line == "":
                sys.exit("the shell ended unexpectedly")
            if line.rstrip("\n") == self.MARKER:
                break
            output.append(line.rstrip("\n"))
        # The marker follows a newline of its own; drop the empty line it leaves.
        if output and output[-1] == "":
            output.pop()
        return output

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


def localize(command: str, plaintext: str, tls: str) -> str:
    return command.replace(PLAINTEXT_ADDRESS, plaintext).replace(TLS_ADDRESS, tls)


def generalize(lines: list[str], plaintext: str, tls: str) -> list[str]:
    return [l.replace(plaintext, PLAINTEXT_ADDRESS).replace(tls, TLS_ADDRESS) for l in lines]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("document", type=Path)
    args = parser.parse_args()
    for name in ("TIMELINE_ADDR", "TIMELINE_TIMELINED", "TIMELINE_DATABASE_URL"):
        if name not in os.environ:
            sys.exit(f"{name} is not set: run this through tests/e2e/with-server.sh")

    lines = args.document.read_text().split("\n")
    recipes = parse_recipes(lines)
    with tempfile.TemporaryDirectory(prefix="timeline-recipes-") as scratch_name:
        scratch = Path(scratch_name)
        tls_server, tls_address = start_tls_server(scratch)
        env = dict(os.environ, TIMELINE_TOKEN=TOKEN, LC_ALL="C.UTF-8")
        shell = Shell(scratch, env)
        try:
            for number, recipe in enumerate(recipes, 1):
                command = localize(recipe.command, os.environ["TIMELINE_ADDR"], tls_address)
                recipe.actual = generalize(shell.run(command, number),
                                           os.environ["TIMELINE_ADDR"], tls_address)
        finally:
            shell.close()
            tls_server.terminate()
            tls_server.wait(timeout=10)

    failed = [r for r in recipes if not matches(r.expected, r.actual)]
    if args.write:
        for recipe in reversed(recipes):
            start, end = recipe.output_span
            if not matches(recipe.expected, recipe.actual):
                lines[start:end] = recipe.actual
        args.document.write_text("\n".join(lines))
        print(f"{args.document}: {len(failed)} of {len(recipes)} outputs rewritten")
        return 0
    for recipe in failed:
        print(f"FAIL {args.document}:{recipe.line}: $ {recipe.command.splitlines()[0]}")
        print("  expected:\n    " + "\n    ".join(recipe.expected))
        print("  got:\n    " + "\n    ".join(recipe.actual))
    print(f"{len(recipes) - len(failed)} of {len(recipes)} recipes answered as documented")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
