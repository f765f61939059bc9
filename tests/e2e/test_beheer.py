"""In production a load balancer learns from /health only whether the node serves; the detail and the metrics
are for the operator (role beheerder)."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from adapters.bootstrap import Container
from adapters.tokens import Gebruiker, maak_token
from domain.rollen import Rol
from tests.e2e.conftest import serveer

SLEUTEL = "Zq8v3Lw1Tn6Rb0Xc5Hk2Jm9Fd4Gs7Yp1"


@pytest.fixture
def productie(maak_container: Any) -> Container:
    container: Container = maak_container(
        omgeving="production",
        jwt_sleutel=SLEUTEL,
        checkpoint_sleutel="7Yq0m3Vb2Xc9Lk5Rt1Hn8Fd6Gs4Jp2Wz0Ae3Ui7Oy5E=",
        nats_url="nats://127.0.0.1:9",
        escalaties_in_proces=False,
        hoofdsleutels={"2026-1": base64.b64encode(secrets.token_bytes(32)).decode()},
        hoofdsleutel="2026-1",
    )
    return container


def koppen(rol: str) -> dict[str, str]:
    gebruiker = Gebruiker(naam="beheer-1", rol=Rol(rol), regios=("hart-van-brabant",))
    return {"Authorization": f"Bearer {maak_token(gebruiker, SLEUTEL, 'doorbraak')}"}


@pytest.fixture
def klant(productie: Container) -> Iterator[httpx.Client]:
    with serveer(productie) as client:
        yield client


def test_in_productie_zegt_health_zonder_beheerder_alleen_of_hij_werkt(klant: httpx.Client) -> None:
    kort = klant.get("/health")
    assert (kort.status_code, kort.json()) == (200, {"status": "ok"})
    assert klant.get("/health", headers=koppen("triagist")).json() == {"status": "ok"}
    volledig = klant.get("/health", headers=koppen("beheerder")).json()
    assert volledig["status"] == "ok" and {p["regio"] for p in volledig["projecties"]} == {
        "hart-van-brabant",
        "zeeland",
    }


def test_in_productie_zijn_de_metrics_voor_de_beheerder(klant: httpx.Client) -> None:
    zonder = klant.get("/metrics")
    assert zonder.status_code == 401 and zonder.headers["content-type"] == "application/problem+json"
    assert klant.get("/metrics", headers=koppen("auditor")).status_code == 403
    met = klant.get("/metrics", headers=koppen("beheerder"))
    assert met.status_code == 200 and "doorbraak_projectie_positie" in met.text
