"""A node with 42 regions and 8 networks holds a bounded number of PostgreSQL connections and threads: the
stores, the read models, the relays and the services share their pools per database."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import psutil

from adapters.bootstrap import Container
from adapters.embedded import EmbeddedNats
from bench.knooppunt import maak_profielen, pg_verbindingen
from tests.conftest import draaiend
from tests.e2e.conftest import serveer

GRENS = 30


def test_een_knooppunt_met_42_regios_en_8_netwerken_houdt_hoogstens_30_verbindingen(
    maak_container: Callable[..., Container], database_url: str, tmp_path: Path
) -> None:
    profielen = tmp_path / "profielen"
    profielen.mkdir()
    maak_profielen(profielen)
    voor, draden_voor = pg_verbindingen(os.getpid(), database_url), psutil.Process().num_threads()
    # a private nats-server: the node's consumers take from the streams of networks other tests use too
    with draaiend(EmbeddedNats(tmp_path / "nats")) as nats:
        container = maak_container(regios=[], regio_profielen_dir=profielen, nats_url=nats.url)
        assert (len(container.casussen), len(container.netwerken)) == (42, 8)
        with serveer(container) as client:
            gezondheid = client.get("/health").json()
            assert len(gezondheid["projecties"]) == 42
            assert len(gezondheid["escalaties"]["relays"]) == 50
            bezet = pg_verbindingen(os.getpid(), database_url) - voor
            draden = psutil.Process().num_threads() - draden_voor
    assert bezet <= GRENS
    assert draden <= 30  # not a thread per store: one pool per database, one notifier
