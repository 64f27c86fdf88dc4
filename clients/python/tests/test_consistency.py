"""Read-your-writes tokens: kept from a write's trailers, newest first, sent with later calls.
No replica needed; the server's side is tested in tests/integration/replica_reads_test.cc."""

from __future__ import annotations

from timeline_client import Client
from timeline_client._consistency import KEY, ConsistencyTokens, position


def test_position_reads_postgres_text_form() -> None:
    assert position("16/B374D848") == (0x16 << 32) | 0xB374D848
    assert position("0/0") == 0
    for bad in ("", "16", "x/1", "1/y"):
        assert position(bad) is None


def test_keeps_the_newest_token_and_sends_it() -> None:
    tokens = ConsistencyTokens()
    assert tokens.metadata() == ()
    tokens.remember([("other", "1"), (KEY, "0/3000148")])
    tokens.remember([(KEY, "0/2000000")])  # an older write finishing late changes nothing
    tokens.remember([(KEY, "not a token")])
    tokens.remember(None)
    assert tokens.token == "0/3000148"
    tokens.remember([(KEY, "1/0")])
    assert tokens.metadata() == ((KEY, "1/0"),)


def test_a_server_without_replicas_gives_no_token(client: Client) -> None:
    # The seed's server reads no replica: reads and writes work, and no token is kept.
    assert next(iter(client.events()), None) is not None
    assert client.consistency_token is None
