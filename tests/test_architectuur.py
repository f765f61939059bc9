"""The domain stays pure, and dependencies point inwards."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOEGESTAAN_IN_DOMEIN = {
    "pydantic",
    "pydantic_core.core_schema",
    "eventsourcing.domain",
    "eventsourcing.utils",
    "domain",
    "__future__",
}
"""`eventsourcing.utils` for its topic functions (class <-> 'module:Qual.Name'), which do no I/O;
`pydantic_core.core_schema`, pydantic's own schema builders, as pydantic documents them for a type's checks."""
LAGEN = {
    "domain": set(),
    "services": {"domain"},
    "projections": {"domain"},
    "adapters": {"domain", "services", "projections"},
}


def imports(pad: Path) -> set[str]:
    boom = ast.parse(pad.read_text(), filename=str(pad))
    namen: set[str] = set()
    for knoop in ast.walk(boom):
        if isinstance(knoop, ast.Import):
            namen.update(alias.name for alias in knoop.names)
        elif isinstance(knoop, ast.ImportFrom) and knoop.module and knoop.level == 0:
            namen.add(knoop.module)
    return namen


def bronbestanden(pakket: str) -> list[Path]:
    return sorted((ROOT / pakket).rglob("*.py"))


def toegestaan_in_domein(module: str) -> bool:
    top = module.split(".", maxsplit=1)[0]
    if top in sys.stdlib_module_names:
        return True
    return any(module == t or module.startswith(f"{t}.") for t in TOEGESTAAN_IN_DOMEIN)


@pytest.mark.parametrize("pad", bronbestanden("domain"), ids=lambda p: p.name)
def test_domein_importeert_alleen_stdlib_pydantic_en_eventsourcing_domain(pad: Path) -> None:
    verboden = sorted(m for m in imports(pad) if not toegestaan_in_domein(m))
    assert verboden == [], f"{pad.name} imports {verboden}"


@pytest.mark.parametrize("pakket", sorted(LAGEN))
def test_afhankelijkheden_wijzen_naar_binnen(pakket: str) -> None:
    buiten = set(LAGEN) - LAGEN[pakket] - {pakket}
    fout = sorted(
        f"{pad.relative_to(ROOT)} -> {m}"
        for pad in bronbestanden(pakket)
        for m in imports(pad)
        if m.split(".")[0] in buiten
    )
    assert fout == []


def test_de_controle_vangt_een_verboden_import(tmp_path: Path) -> None:
    bestand = tmp_path / "x.py"
    bestand.write_text("import psycopg\nfrom holidays import NL\nfrom datetime import date\n")
    assert sorted(m for m in imports(bestand) if not toegestaan_in_domein(m)) == ["holidays", "psycopg"]
