"""The read-model and verification benchmarks: a measuring process that fails ends the run with its error."""

from __future__ import annotations

import pytest

from bench import grens, leesmodellen, verificatie

NERGENS = "postgresql://postgres@127.0.0.1:1/postgres"
"""A database nobody listens on: every measuring process fails at its first connection."""


@pytest.mark.parametrize("soort", leesmodellen.SOORTEN)
def test_a_failing_read_model_measurement_raises_with_its_error(soort: str) -> None:
    with pytest.raises(grens.WerkerMislukt, match=f"{soort} measurement exited") as fout:
        leesmodellen.in_proces(soort, NERGENS, "nergens_", 120)
    assert "127.0.0.1" in str(fout.value)


@pytest.mark.parametrize("soort", ["raw", "verificatie"])
def test_a_failing_verification_measurement_raises_with_its_error(soort: str) -> None:
    with pytest.raises(grens.WerkerMislukt, match=f"{soort} measurement exited") as fout:
        verificatie.in_proces(soort, NERGENS, "nergens_")
    assert "127.0.0.1" in str(fout.value)
