"""The API through HTTP, with signed tokens per role and region."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from adapters.bootstrap import Container
from adapters.tokens import Gebruiker, maak_token
from bench.servers import draaiend
from domain.rollen import Rol

Koppen = Callable[..., dict[str, str]]


@contextlib.contextmanager
def serveer(container: Container, timeout: float = 30) -> Iterator[httpx.Client]:
    """A real HTTP server (uvicorn on 127.0.0.1, in a thread) around the container, and a client for it."""
    with draaiend(container) as adres, httpx.Client(base_url=adres, timeout=timeout) as c:
        yield c


@pytest.fixture
def client(container: Container) -> Iterator[httpx.Client]:
    with serveer(container) as c:
        yield c


@pytest.fixture
def koppen(container: Container) -> Koppen:
    """Authorization headers for a role in a region (or several); an auditor's name a purpose."""

    def _koppen(
        rol: str = "triagist", *regios: str, naam: str = "tester", netwerken: tuple[str, ...] = (), **extra: str
    ) -> dict[str, str]:
        if not regios and not netwerken:
            regios = ("hart-van-brabant",)
        gebruiker = Gebruiker(naam=naam, rol=Rol(rol), regios=regios, netwerken=netwerken)
        sleutel = container.settings.jwt_sleutel.get_secret_value()
        doel = {"X-Doorbraak-Doel": "Toetsing in de test"} if gebruiker.rol is Rol.AUDITOR else {}
        token = maak_token(gebruiker, sleutel, container.settings.jwt_issuer)
        return {"Authorization": f"Bearer {token}", **doel, **extra}

    return _koppen


def zonder(body: dict[str, Any], *pad: str) -> dict[str, Any]:
    """A deep copy of `body` without the field at `pad`."""
    import copy

    kopie = copy.deepcopy(body)
    doel = kopie
    for deel in pad[:-1]:
        doel = doel[deel]
    del doel[pad[-1]]
    return kopie
