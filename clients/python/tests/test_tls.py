"""The client against a timelined serving TLS with bearer tokens (--tls_cert_file,
--tls_key_file, --auth_tokens_file): credentials and token as a deployment uses them. The
certificate is made for the run with the openssl command."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from timeline_client import Client, Unauthenticated

TOKEN = "py-client-token-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, bytes]]:
    """A second timelined on the suite's database, TLS with one token: (address, its cert)."""
    binary = os.environ.get("TIMELINE_TIMELINED")
    database_url = os.environ.get("TIMELINE_DATABASE_URL")
    if not binary or not database_url:
        pytest.skip("TIMELINE_TIMELINED and TIMELINE_DATABASE_URL are not set (with-server.sh sets them)")
    folder = tmp_path_factory.mktemp("tls")
    cert, key, tokens = folder / "cert.pem", folder / "key.pem", folder / "tokens"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True)
    tokens.write_text(f"# the Python client's tests\n{TOKEN}\n")
    port = _free_port()
    log = folder / "server.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [binary, "serve", f"--database_url={database_url}", f"--listen=127.0.0.1:{port}",
             f"--tls_cert_file={cert}", f"--tls_key_file={key}", f"--auth_tokens_file={tokens}"],
            stderr=log_file)
    address = f"localhost:{port}"
    root = cert.read_bytes()
    try:
        _wait_serving(address, root, server, log)
        yield address, root
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_serving(address: str, root: bytes, server: subprocess.Popen[bytes], log: Path) -> None:
    channel = grpc.secure_channel(address, grpc.ssl_channel_credentials(root_certificates=root))
    try:
        grpc.channel_ready_future(channel).result(timeout=20)
    except grpc.FutureTimeoutError:
        raise AssertionError(f"timelined is not serving TLS at {address}:\n{log.read_text()}")
    finally:
        channel.close()
    assert server.poll() is None, log.read_text()


def _client(address: str, root: bytes, token: str | None) -> Client:
    return Client(address, credentials=grpc.ssl_channel_credentials(root_certificates=root), token=token)


def test_a_call_with_a_known_token_is_answered(tls_server: tuple[str, bytes]) -> None:
    with _client(*tls_server, token=TOKEN) as client:
        assert client.get_actor("actors/assimi-goita").display_name == "Assimi Goïta"


def test_a_call_without_a_token_is_unauthenticated(tls_server: tuple[str, bytes]) -> None:
    with _client(*tls_server, token=None) as client:
        with pytest.raises(Unauthenticated, match="authorization: missing"):
            client.get_actor("actors/assimi-goita")


def test_a_call_with_an_unknown_token_is_unauthenticated(tls_server: tuple[str, bytes]) -> None:
    with _client(*tls_server, token="py-client-token-9876543210") as client:
        with pytest.raises(Unauthenticated, match="not a valid bearer token"):
            client.get_actor("actors/assimi-goita")
