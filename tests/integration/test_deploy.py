"""The deployment files agree with the code: every BEN region has its node and its NATS user, every
variable they set is a setting, nats-server accepts the configuration, and the nodes connect to PostgreSQL as
the application's role while only the set-up step connects as the owner's (deploy/postgres/rollen.sql)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import yaml
from psycopg.conninfo import conninfo_to_dict

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


def k8s_documenten(bestand: str, soort: str) -> dict[str, dict[str, Any]]:
    """The documents of one kind in a manifest, by name."""
    documenten = yaml.safe_load_all((DEPLOY / "k8s" / bestand).read_text())
    return {d["metadata"]["name"]: d for d in documenten if d and d["kind"] == soort}


def k8s_omgevingen(bestand: str = "knooppunten.yaml", soort: str = "Deployment") -> dict[str, dict[str, str]]:
    omgevingen = {}
    for naam, document in k8s_documenten(bestand, soort).items():
        container = document["spec"]["template"]["spec"]["containers"][0]
        omgevingen[naam] = {e["name"]: e.get("value", "") for e in container["env"]}
    return omgevingen


def gebruiker(url: str) -> str:
    return str(conninfo_to_dict(url.replace("${", "").replace("}", "")).get("user"))


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
        assert f'user: "{regio}"' in nats_conf and f'subscribe: {{ allow: [\n          "_INBOX_{regio}.>",' in nats_conf
    for omgeving in (diensten["netwerk"]["environment"], omgevingen["netwerk"]):
        assert (omgeving["DOORBRAAK_KNOOPPUNT"], omgeving["DOORBRAAK_NETWERKEN"]) == ("netwerk", f'["{BEN}"]')


def test_elk_knooppunt_ondertekent_met_een_eigen_sleutel() -> None:
    diensten = {
        naam: d["environment"]
        for naam, d in compose()["services"].items()
        if "DOORBRAAK_NATS_INBOX" in d.get("environment", {})
    }
    sleutels = {naam: omgeving["DOORBRAAK_CHECKPOINT_SLEUTEL"] for naam, omgeving in diensten.items()}
    assert len(sleutels) == 7 and len(set(sleutels.values())) == 7
    k8s = []
    for document in yaml.safe_load_all((DEPLOY / "k8s" / "knooppunten.yaml").read_text()):
        if document and document["kind"] == "Deployment":
            [env] = [
                e
                for e in document["spec"]["template"]["spec"]["containers"][0]["env"]
                if e["name"] == "DOORBRAAK_CHECKPOINT_SLEUTEL"
            ]
            k8s.append(env["valueFrom"]["secretKeyRef"]["key"])
    assert sorted(k8s) == sorted([*REGIOS, BEN])


def test_elke_variabele_is_een_instelling() -> None:
    velden = {f"DOORBRAAK_{naam.upper()}" for naam in Settings.model_fields}
    wachtwoorden = {wachtwoord_variabele(g) for g in [*REGIOS, BEN]}
    gezet: set[str] = set()
    for dienst in compose()["services"].values():
        gezet |= {k for k in dienst.get("environment", {}) if k.startswith("DOORBRAAK_")}
    for omgeving in [*k8s_omgevingen().values(), *k8s_omgevingen("inrichten.yaml", "Job").values()]:
        gezet |= set(omgeving)
    for document in yaml.safe_load_all((DEPLOY / "k8s" / "secrets.example.yaml").read_text()):
        gezet |= {k for k in document["stringData"] if k.startswith("DOORBRAAK_")}
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


def test_de_knooppunten_zijn_de_app_rol_en_alleen_het_inrichten_is_de_eigenaar() -> None:
    diensten = compose()["services"]
    knooppunten = {naam: d for naam, d in diensten.items() if d.get("image") == "doorbraak:latest"}
    inrichten = knooppunten.pop("inrichten")
    assert inrichten["command"] == ["doorbraak", "database", "inrichten"]
    assert gebruiker(inrichten["environment"]["DOORBRAAK_EIGENAAR_DATABASE_URL"]) == "doorbraak_eigenaar"
    assert len(knooppunten) == len(REGIOS) + 1
    for naam, dienst in knooppunten.items():
        assert gebruiker(dienst["environment"]["DOORBRAAK_DATABASE_URL"]) == "doorbraak_app", naam
        assert "DOORBRAAK_EIGENAAR_DATABASE_URL" not in dienst["environment"], naam
        assert dienst["depends_on"]["inrichten"] == {"condition": "service_completed_successfully"}, naam
        assert inrichten["environment"]["DOORBRAAK_DATABASE_URL"] == dienst["environment"]["DOORBRAAK_DATABASE_URL"]
        regios = dienst["environment"].get("DOORBRAAK_REGIOS")
        assert regios is None or set(yaml.safe_load(regios)) <= set(
            yaml.safe_load(inrichten["environment"]["DOORBRAAK_REGIOS"])
        )
    assert sorted(yaml.safe_load(inrichten["environment"]["DOORBRAAK_REGIOS"])) == REGIOS
    assert inrichten["environment"]["DOORBRAAK_KNOOPPUNT"] == "alles"  # the regions' network too

    postgres = diensten["postgres"]
    assert "POSTGRES_USER" not in postgres["environment"]  # the superuser is postgres, not a role of doorbraak
    assert "./postgres/rollen.sh:/docker-entrypoint-initdb.d/rollen.sh:ro" in postgres["volumes"]
    assert "./postgres/rollen.sql:/doorbraak/rollen.sql:ro" in postgres["volumes"]
    script = (DEPLOY / "postgres" / "rollen.sh").read_text()
    assert "-v eigenaar=doorbraak_eigenaar" in script and "-v app=doorbraak_app" in script
    assert "-f /doorbraak/rollen.sql" in script


def test_op_kubernetes_leest_alleen_de_inrichtingsjob_het_geheim_van_de_eigenaar() -> None:
    assert "k8s/inrichten.yaml" in yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())["resources"]
    geheimen = {
        d["metadata"]["name"]: d["stringData"]
        for d in yaml.safe_load_all((DEPLOY / "k8s" / "secrets.example.yaml").read_text())
    }
    assert gebruiker(geheimen["doorbraak"]["DOORBRAAK_DATABASE_URL"]) == "doorbraak_app"
    assert gebruiker(geheimen["doorbraak-eigenaar"]["DOORBRAAK_EIGENAAR_DATABASE_URL"]) == "doorbraak_eigenaar"
    for naam, deployment in k8s_documenten("knooppunten.yaml", "Deployment").items():
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert [b["secretRef"]["name"] for b in container["envFrom"]] == ["doorbraak"], naam
        assert "doorbraak-eigenaar" not in yaml.safe_dump(deployment), naam
    job = k8s_documenten("inrichten.yaml", "Job")["database-inrichten"]["spec"]["template"]["spec"]["containers"][0]
    assert job["command"] == ["doorbraak", "database", "inrichten"]
    assert [b["secretRef"]["name"] for b in job["envFrom"]] == ["doorbraak", "doorbraak-eigenaar"]
    omgeving = {e["name"]: e["value"] for e in job["env"]}
    assert (sorted(yaml.safe_load(omgeving["DOORBRAAK_REGIOS"])), omgeving["DOORBRAAK_KNOOPPUNT"]) == (REGIOS, "alles")


def test_het_voorbeeld_van_een_knooppunt_is_de_app_rol() -> None:
    regels = (DEPLOY / "doorbraak.env.example").read_text().splitlines()
    urls = dict(r.lstrip("# ").split("=", 1) for r in regels if "DATABASE_URL=" in r)
    assert gebruiker(urls["DOORBRAAK_DATABASE_URL"]) == "doorbraak_app"
    assert gebruiker(urls["DOORBRAAK_EIGENAAR_DATABASE_URL"]) == "doorbraak_eigenaar"
    assert not any(r.startswith("DOORBRAAK_EIGENAAR_DATABASE_URL") for r in regels)  # not on a node
