"""The HTTP benchmark: a server that fails to start ends the run with its log."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from adapters.embedded import vrije_poort
from bench import grens, http

NERGENS = "postgresql://postgres@127.0.0.1:1/postgres"
"""A database nobody listens on: the floor fails in its start-up."""


def test_a_server_that_does_not_start_raises_with_its_log(tmp_path: Path) -> None:
    poort = vrije_poort()
    vloer = [sys.executable, "-m", "bench.vloer", "--database-url", NERGENS, "--schema", "nergens"]
    with (
        pytest.raises(grens.WerkerMislukt, match=r"bench\.vloer exited") as fout,
        http.draaiend("bench.vloer", [*vloer, "--port", str(poort)], dict(os.environ), poort, tmp_path / "vloer.log"),
    ):
        pass
    assert "Connect call failed" in str(fout.value)
