"""`doorbraak importsjabloon` and `doorbraak importeer` as a team's secretary runs them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

DOORBRAAK = str(Path(sys.executable).parent / "doorbraak")


@pytest.fixture
def env(database_url: str, schema_prefix: str, tmp_path: Path) -> dict[str, str]:
    omgeving = {k: v for k, v in os.environ.items() if not k.startswith("DOORBRAAK_")}
    omgeving.update(
        DOORBRAAK_DATABASE_URL=database_url,
        DOORBRAAK_NATS_URL="nats://127.0.0.1:1",  # the import does not publish; nothing connects to it
        DOORBRAAK_SCHEMA_PREFIX=schema_prefix,
        DOORBRAAK_REGIOS='["hart-van-brabant"]',
        DOORBRAAK_DATA_DIR=str(tmp_path / "data"),
        DOORBRAAK_JWT_SLEUTEL="een-sleutel-voor-de-cli-test-van-minstens-32-tekens",
    )
    return omgeving


def doorbraak(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [DOORBRAAK, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=180, check=False
    )


def test_sjabloon_droog_weigeren_schone_rijen_en_nog_eens(env: dict[str, str], tmp_path: Path) -> None:
    gemaakt = doorbraak(
        env, "importsjabloon", "sjabloon.xlsx", "--voorbeeld", "voorbeeld.xlsx", "--tot", "2026-10-31", cwd=tmp_path
    )
    assert gemaakt.returncode == 0, gemaakt.stderr
    assert (tmp_path / "sjabloon.xlsx").stat().st_size > 0 and (tmp_path / "voorbeeld.xlsx").stat().st_size > 0

    droog = doorbraak(env, "importeer", "voorbeeld.xlsx", "--regio", "hart-van-brabant", "--droog", cwd=tmp_path)
    assert droog.returncode == 1, droog.stderr
    regels = droog.stdout.splitlines()
    assert len(regels) == 6 and all(r.startswith("rij ") and r.count("\t") == 3 for r in regels)
    assert "rij 19\tLeeftijd\tleeftijd-buiten-bereik\t" in droog.stdout
    assert "120 rows, 6 with problems; dry run, nothing written" in droog.stderr
    assert "ignored: Opmerking" in droog.stderr

    geweigerd = doorbraak(env, "importeer", "voorbeeld.xlsx", "--regio", "hart-van-brabant", cwd=tmp_path)
    assert geweigerd.returncode == 1 and "nothing written" in geweigerd.stderr

    schoon = ["importeer", "voorbeeld.xlsx", "--regio", "hart-van-brabant", "--alleen-schone-rijen"]
    eerste = doorbraak(env, *schoon, cwd=tmp_path)
    assert eerste.returncode == 0, eerste.stderr
    assert "114/114 rows" in eerste.stderr and "114 rows, 114 new cases" in eerste.stderr
    tweede = doorbraak(env, *schoon, cwd=tmp_path)
    assert tweede.returncode == 0, tweede.stderr
    assert "0 new cases, 0 steps recorded, 114 rows already imported before" in tweede.stderr

    leeg = doorbraak(env, "importeer", "sjabloon.xlsx", "--regio", "hart-van-brabant", cwd=tmp_path)
    assert leeg.returncode == 0 and "0 rows, 0 with problems" in leeg.stderr


@pytest.mark.parametrize(
    ("bestand", "inhoud", "extra", "melding"),
    [
        ("meldingen.xlsx", b"Aanmelddatum;Leeftijd\n", [], "not an .xlsx file"),
        ("meldingen.csv", b"Aanmelddatum;Leeftijd\n", [], "an .xlsx file"),
        ("weg.xlsx", None, [], "is not a file"),
        ("meldingen.xlsx", b"PK\x03\x04kapot", [], "damaged"),
        ("meldingen.xlsx", b"PK\x03\x04kapot", ["--koppeling", "koppeling.toml"], "not valid TOML"),
        ("meldingen.xlsx", b"PK\x03\x04kapot", ["--regio", "zeeland"], "no region 'zeeland'"),
    ],
)
def test_slechte_invoer_geeft_een_regel_en_code_2(
    env: dict[str, str], tmp_path: Path, bestand: str, inhoud: bytes | None, extra: list[str], melding: str
) -> None:
    if inhoud is not None:
        (tmp_path / bestand).write_bytes(inhoud)
    (tmp_path / "koppeling.toml").write_text("[kolommen\n")
    if "--regio" in extra:  # a region this node does not serve is refused once the file reads
        from adapters.importsjabloon import sjabloon

        (tmp_path / bestand).write_bytes(sjabloon())
    args = ["importeer", bestand, *(["--regio", "hart-van-brabant"] if "--regio" not in extra else []), *extra]
    uitkomst = doorbraak(env, *args, cwd=tmp_path)
    assert uitkomst.returncode == 2, uitkomst.stderr
    assert melding in uitkomst.stderr and "Traceback" not in uitkomst.stderr
    assert len(uitkomst.stderr.strip().splitlines()) == 1
