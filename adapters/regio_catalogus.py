"""Loads the region profiles: one TOML file per region."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError

from domain.regioprofiel import RegioProfiel

INGEBOUWDE_PROFIELEN = Path(__file__).parent / "regios"


class OngeldigProfiel(Exception):
    pass


def laad_profiel(pad: Path) -> RegioProfiel:
    try:
        with pad.open("rb") as bestand:
            profiel = RegioProfiel.model_validate(tomllib.load(bestand))
    except (tomllib.TOMLDecodeError, ValidationError) as e:
        raise OngeldigProfiel(f"{pad}: {e}") from e
    if profiel.slug != pad.stem:
        raise OngeldigProfiel(f"{pad}: slug {profiel.slug!r} must equal the file name")
    return profiel


def laad_profielen(*mappen: Path | None) -> dict[str, RegioProfiel]:
    """All profiles from the built-in folder and any extra folders; a later folder overrides."""
    profielen: dict[str, RegioProfiel] = {}
    for map_ in (INGEBOUWDE_PROFIELEN, *mappen):
        if map_ is None:
            continue
        for pad in sorted(map_.glob("*.toml")):
            profiel = laad_profiel(pad)
            profielen[profiel.slug] = profiel
    return profielen
