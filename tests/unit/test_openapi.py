"""The OpenAPI tells the truth: typed answers, declared problems, short unique operation ids."""

from __future__ import annotations

import re
from typing import Any

import pytest

from adapters.bootstrap import Container
from adapters.http.app import maak_app
from adapters.http.tabel_antwoord import XLSX_TYPE
from adapters.settings import Settings

BEHEER = {"/health", "/metrics"}
OPENBAAR = {"/audit/sleutels"}
"""Public without a token, no parameters: only a 503 to declare."""


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    return maak_app(Container(settings=Settings(_env_file=None), profielen={})).openapi()


def operaties(openapi: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(methode.upper(), pad, op) for pad, ops in openapi["paths"].items() for methode, op in ops.items()]


def test_operation_ids_zijn_kort_en_uniek(openapi: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operaties(openapi)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+){0,3}", i) for i in ids), ids
    assert {
        "registreer_casus",
        "lees_casus",
        "trieer_casus",
        "corrigeer_casus",
        "geef_terugkoppeling",
        "leg_bestuurlijk_overleg_vast",
        "evalueer_bestuurlijk_overleg",
        "lees_werkvoorraad",
        "lees_netwerk_signalering",
        "lees_inbox",
    } <= set(ids)
    assert {"lees_agenda", "beleg_overleg", "plan_evaluatiemoment"} <= set(ids)


def test_elke_fout_is_problem_json_met_het_probleemschema(openapi: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in openapi["components"]["schemas"]
    assert {"type", "title", "status", "detail", "fouten", "regel", "veld"} <= set(
        openapi["components"]["schemas"]["Probleem"]["properties"]
    )
    for methode, pad, op in operaties(openapi):
        for status, antwoord in op["responses"].items():
            if int(status) >= 400:
                inhoud = antwoord["content"]
                assert inhoud["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Probleem"}
                assert pad == "/health" or set(inhoud) == {"application/problem+json"}, (methode, pad, status)
        if pad in BEHEER | OPENBAAR:
            assert "503" in op["responses"]
            continue
        verwacht = {"401", "404", "422", "503"} | ({"400", "403", "408", "409", "413"} if methode == "POST" else set())
        assert verwacht <= set(op["responses"]), (methode, pad, sorted(op["responses"]))


def test_elke_lezing_heeft_een_getypeerd_antwoord(openapi: dict[str, Any]) -> None:
    for methode, pad, op in operaties(openapi):
        if pad in BEHEER:
            continue
        aangemaakt = pad.endswith(("/casussen", "/overleggen")) and methode == "POST"
        succes = op["responses"]["201" if aangemaakt else "200"]
        schema = succes["content"]["application/json"]["schema"]
        assert schema.get("$ref", "").startswith("#/components/schemas/"), (methode, pad, schema)
    monitoring = openapi["paths"]["/regios/{regio}/monitoring"]["get"]["responses"]["200"]["content"]
    assert set(monitoring) == {"application/json", "text/csv", XLSX_TYPE}
    assert openapi["paths"]["/metrics"]["get"]["responses"]["200"]["content"].keys() == {"text/plain"}


def test_invoer_is_begrensd_in_het_schema(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    leefgebieden = schemas["Aanmelding"]["properties"]["leefgebieden"]
    assert leefgebieden["uniqueItems"] is True and leefgebieden["maxItems"] == 11
    assert schemas["Triage"]["properties"]["knelpunten"]["maxItems"] == 50
    werkvoorraad = {p["name"]: p for p in openapi["paths"]["/regios/{regio}/werkvoorraad"]["get"]["parameters"]}
    assert werkvoorraad["pagina"]["schema"]["maximum"] == 1_000_000
    assert werkvoorraad["na_positie"]["schema"]["anyOf"][0]["maximum"] == 2**63 - 1
    assert werkvoorraad["regio"]["schema"]["maxLength"] == 60
