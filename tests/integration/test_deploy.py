"""The deployment files agree with the code: every BEN region has its node and its NATS user, every
variable they set is a setting, and nats-server accepts the configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

from adapters.embedded import _nats_server
from adapters.regio_catalogus import laad_profielen
from adapters.settings import Settings

DEPLOY = Path(__file__).parents[2] / "deploy"
BEN = "ben-brabant-zeeland"
REGIOS = sorted(slug for slug, profiel in laad_profielen(None).items() if profiel.netwerk == BEN)


def wachtwoord_variabele(gebruiker: str) -> str:
    return "DOORBRAAK_NATS_" + gebruiker.upper().replace("-", "_")


def compose() -> dict[str, Any]:
    gelezen: dict[str, Any] = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    return gelezen


def k8s_omgevingen() -> dict[str, dict[str, str]]:
    omgevingen = {}
    for document in yaml.safe_load_all((DEPLOY / "k8s" / "knooppunten.yaml").read_text()):
        if document and document["kind"] == "Deployment":
            container = document["spec"]["template"]["spec"]["containers"][0]
            omgevingen[document["metadata"]["name"]] = {e["name"]: e.get("value", "") for e in container["env"]}
    return omgevingen


def test_elke_ben_regio_heeft_een_knooppunt_en_een_eigen_nats_gebruiker() -> None:
    assert len(REGIOS) == 6
    diensten = compose()["services"]
    omgevingen = k8s_omgevingen()
    nats_conf = (DEPLOY / "nats" / "nats.conf").read_text()
    for regio in REGIOS:
        for omgeving in (diensten[f"regio-{regio}"]["environment"], omgevingen[f"regio-{regio}"]):
            assert omgeving["DOORBRAAK_KNOOPPUNT"] == "regios"
            assert omgeving["DOORBRAAK_REGIOS"] == f'["{regio}"]'
            assert omgeving["DOORBRAAK_NATS_INBOX"] == f"_INBOX_{regio}"
            assert all(url.startswith(f"nats://{regio}:") for url in omgeving["DOORBRAAK_NATS_URL"].split(","))
        assert f'user: "{regio}"' in nats_conf and f'subscribe: {{ allow: ["_INBOX_{regio}.>"] }}' in nats_conf
    for omgeving in (diensten["netwerk"]["environment"], omgevingen["netwerk"]):
        assert (omgeving["DOORBRAAK_KNOOPPUNT"], omgeving["DOORBRAAK_NETWERKEN"]) == ("netwerk", f'["{BEN}"]')


def test_elke_variabele_is_een_instelling() -> None:
    velden = {f"DOORBRAAK_{naam.upper()}" for naam in Settings.model_fields}
    wachtwoorden = {wachtwoord_variabele(g) for g in [*REGIOS, BEN]}
    gezet: set[str] = set()
    for dienst in compose()["services"].values():
        gezet |= {k for k in dienst.get("environment", {}) if k.startswith("DOORBRAAK_")}
    for omgeving in k8s_omgevingen().values():
        gezet |= set(omgeving)
    for regel in (DEPLOY / "doorbraak.env.example").read_text().splitlines():
        if regel.startswith("DOORBRAAK_"):
            gezet.add(regel.split("=", 1)[0])
    assert gezet - wachtwoorden <= velden, sorted(gezet - wachtwoorden - velden)


def test_nats_server_aanvaardt_de_configuratie(tmp_path: Path) -> None:
    omgeving = {**os.environ, **{wachtwoord_variabele(g): "x" for g in [*REGIOS, BEN]}}
    uitkomst = subprocess.run(  # noqa: S603
        [_nats_server(), "-c", str(DEPLOY / "nats" / "nats.conf"), "-t"],
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert uitkomst.returncode == 0, uitkomst.stderr + uitkomst.stdout
