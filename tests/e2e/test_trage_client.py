"""A client that sends its request too slowly through a real HTTP server: its head or a part of its body late
answers 408 and the connection closes; a connection kept between requests and a request sent at once are not
touched."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from adapters.bootstrap import Container
from tests.e2e.conftest import Koppen, serveer

pytestmark = pytest.mark.e2e

TIMEOUT = 1.0


@pytest.fixture
def traag(maak_container: Callable[..., Container]) -> Container:
    return maak_container(regios=["hart-van-brabant"], lees_timeout=TIMEOUT)


@pytest.fixture
def client(traag: Container) -> Iterator[httpx.Client]:
    with serveer(traag) as c:
        yield c


def _verbinding(client: httpx.Client) -> socket.socket:
    adres = client.base_url
    verbinding = socket.create_connection((str(adres.host), int(adres.port or 80)), timeout=10)
    return verbinding


def _een_antwoord(verbinding: socket.socket) -> bytes:
    """One whole answer (its head, then as many bytes as its Content-Length says), however TCP splits it."""
    ontvangen = b""
    while b"\r\n\r\n" not in ontvangen:
        deel = verbinding.recv(65536)
        assert deel, f"the connection closed after {ontvangen!r}"
        ontvangen += deel
    kop, _, body = ontvangen.partition(b"\r\n\r\n")
    lengte = next(int(r.split(b":")[1]) for r in kop.split(b"\r\n") if r.lower().startswith(b"content-length:"))
    while len(body) < lengte:
        deel = verbinding.recv(65536)
        assert deel, "the connection closed during the body"
        body += deel
    return kop + b"\r\n\r\n" + body


def _tot_het_einde(verbinding: socket.socket) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    begin, ontvangen = time.monotonic(), b""
    while deel := verbinding.recv(65536):
        ontvangen += deel
    return ontvangen, time.monotonic() - begin


def test_een_kop_die_niet_af_komt_krijgt_408_en_de_verbinding_sluit(client: httpx.Client) -> None:
    with _verbinding(client) as verbinding:
        verbinding.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        antwoord, duur = _tot_het_einde(verbinding)
    assert antwoord.startswith(b"HTTP/1.1 408 ")
    assert TIMEOUT * 0.5 < duur < TIMEOUT + 3


def test_een_kop_die_druppelt_is_samen_begrensd(client: httpx.Client) -> None:
    """A byte now and then does not restart the wait: the head as a whole has the time."""
    with _verbinding(client) as verbinding:
        begin = time.monotonic()
        for teken in b"GET /health HTTP/1.1\r\nHost: x\r\n":
            try:
                verbinding.sendall(bytes([teken]))
            except OSError:
                break
            time.sleep(0.2)
            if time.monotonic() - begin > TIMEOUT + 3:
                break
        try:
            antwoord, _ = _tot_het_einde(verbinding)
            assert antwoord.startswith(b"HTTP/1.1 408 ")
        except ConnectionResetError:
            pass  # a byte arrived as the server closed: the kernel reset the connection, the 408 with it
    assert time.monotonic() - begin < TIMEOUT + 3


def test_een_body_die_niet_af_komt_krijgt_408_als_probleem(client: httpx.Client, koppen: Koppen) -> None:
    kop = "".join(f"{k}: {v}\r\n" for k, v in koppen("aanmelder").items())
    with _verbinding(client) as verbinding:
        verbinding.sendall(
            f"POST /regios/hart-van-brabant/casussen HTTP/1.1\r\nHost: x\r\n{kop}"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{".encode()
        )
        antwoord, duur = _tot_het_einde(verbinding)
    kop_deel, _, body = antwoord.partition(b"\r\n\r\n")
    assert kop_deel.startswith(b"HTTP/1.1 408 ") and b"connection: close" in kop_deel.lower()
    assert json.loads(body)["status"] == 408
    assert TIMEOUT * 0.5 < duur < TIMEOUT + 3


def test_een_verbinding_tussen_verzoeken_en_een_snel_verzoek_blijven_ongemoeid(client: httpx.Client) -> None:
    """A kept connection serves its next request: the wait between requests is uvicorn's keep-alive (5 s),
    longer here than the bound on a head, which counts from the next request's first byte."""
    assert client.get("/health").status_code == 200
    with _verbinding(client) as verbinding:
        for _ in range(2):
            verbinding.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert _een_antwoord(verbinding).startswith(b"HTTP/1.1 200 ")
            time.sleep(TIMEOUT * 1.5)
    with _verbinding(client) as verbinding:
        verbinding.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        antwoord, _ = _tot_het_einde(verbinding)
    assert antwoord.startswith(b"HTTP/1.1 200 ")


def test_een_formulier_dat_niet_af_komt_krijgt_408_als_pagina(client: httpx.Client) -> None:
    """A page's form too: the refusal is the page's, and the connection closes."""
    with _verbinding(client) as verbinding:
        verbinding.sendall(
            b"POST /aanmelden HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nnaam=a"
        )
        antwoord, duur = _tot_het_einde(verbinding)
    assert antwoord.startswith(b"HTTP/1.1 408 ") and b"Te langzaam verstuurd" in antwoord
    assert TIMEOUT * 0.5 < duur < TIMEOUT + 3
