"""Bearer tokens: every claim checked at the door, and a bounded lifetime."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from typer.testing import CliRunner

from adapters.cli import app
from adapters.tokens import ALGORITME, Gebruiker, GelezenTokens, OngeldigToken, lees_token, maak_token
from domain.rollen import Rol

SLEUTEL = "een-sleutel-van-minstens-twee-en-dertig-tekens"
DAG = timedelta(hours=24)


def token(**claims: Any) -> str:
    nu = datetime.now(UTC)
    basis: dict[str, Any] = {
        "sub": "anna",
        "rol": "triagist",
        "regios": ["zeeland"],
        "netwerken": [],
        "iss": "doorbraak",
        "iat": nu,
        "exp": nu + timedelta(hours=1),
    }
    basis.update(claims)
    return jwt.encode({k: v for k, v in basis.items() if v is not ...}, SLEUTEL, algorithm=ALGORITME)


def test_een_geldig_token() -> None:
    gebruiker = lees_token(token(), SLEUTEL, "doorbraak", DAG)
    assert gebruiker == Gebruiker(naam="anna", rol=Rol.TRIAGIST, regios=("zeeland",))
    assert lees_token(token(sub="anna.de-vries@gemeente.nl"), SLEUTEL, "doorbraak", DAG).naam.startswith("anna")


@pytest.mark.parametrize(
    ("claims", "melding"),
    [
        ({"sub": ""}, "sub"),
        ({"sub": "   "}, "sub"),
        ({"sub": "x" * 201}, "sub"),
        ({"sub": "anna\x00"}, "sub"),
        ({"sub": "anna\n"}, "sub"),
        ({"rol": "directeur"}, "rol"),
        ({"regios": ["Zeeland!"]}, "regios"),
        ({"regios": ["zeeland"] * 51}, "regios"),
        ({"netwerken": "ben-brabant-zeeland"}, "netwerken"),
        ({"iat": ...}, "iat"),
        ({"exp": ...}, "exp"),
        ({"sub": ...}, "sub"),
    ],
)
def test_claims_worden_aan_de_deur_gecontroleerd(claims: dict[str, Any], melding: str) -> None:
    with pytest.raises(OngeldigToken, match=melding):
        lees_token(token(**claims), SLEUTEL, "doorbraak", DAG)


@pytest.mark.parametrize("claims", [{"exp": "99999999999"}, {"exp": "4102444800"}])
def test_tijden_die_geen_getal_zijn_worden_geweigerd_zonder_binnenwerk(claims: dict[str, Any]) -> None:
    """A signed token whose expiry is a string of digits (which the JWT library takes): refused with a message
    about the claims, not the error Python raised."""
    with pytest.raises(OngeldigToken, match="exp and iat are numbers"):
        lees_token(token(**claims), SLEUTEL, "doorbraak", DAG)


def test_een_verkeerde_handtekening_zegt_dat() -> None:
    vals = jwt.encode({"sub": "anna"}, "een andere sleutel van genoeg lengte", algorithm=ALGORITME)
    with pytest.raises(OngeldigToken, match="Signature verification failed"):
        lees_token(vals, SLEUTEL, "doorbraak", DAG)


def test_een_onleesbare_kop_wordt_geweigerd_zonder_binnenwerk() -> None:
    kop = base64.urlsafe_b64encode(("[" * 5000 + "]" * 5000).encode()).rstrip(b"=").decode()
    with pytest.raises(OngeldigToken, match="not a JWT that can be read") as fout:
        lees_token(f"{kop}.e30.c2ln", SLEUTEL, "doorbraak", DAG)
    assert "recursion" not in str(fout.value)


def test_een_token_leeft_niet_langer_dan_het_maximum() -> None:
    nu = datetime.now(UTC)
    tien_jaar = token(iat=nu, exp=nu + timedelta(days=3650))
    with pytest.raises(OngeldigToken, match="at most 24 hours"):
        lees_token(tien_jaar, SLEUTEL, "doorbraak", DAG)
    assert lees_token(token(iat=nu, exp=nu + DAG), SLEUTEL, "doorbraak", DAG).naam == "anna"
    with pytest.raises(OngeldigToken):
        lees_token(token(iat=nu, exp=nu + DAG + timedelta(seconds=1)), SLEUTEL, "doorbraak", DAG)


def test_maak_token_en_lees_token_passen_op_elkaar() -> None:
    gebruiker = Gebruiker(naam="kernteam-lid", rol=Rol.KERNTEAM, netwerken=("ben-brabant-zeeland",))
    assert lees_token(maak_token(gebruiker, SLEUTEL, "doorbraak"), SLEUTEL, "doorbraak", DAG) == gebruiker


def test_het_token_commando_weigert_een_te_lange_looptijd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOORBRAAK_JWT_SLEUTEL", SLEUTEL)
    monkeypatch.setenv("DOORBRAAK_TOKEN_MAX_UREN", "8")
    runner = CliRunner()
    te_lang = runner.invoke(app, ["token", "--rol", "triagist", "--regio", "zeeland", "--uren", "9"])
    assert te_lang.exit_code != 0 and "at most 8 hours" in te_lang.output
    leeg = runner.invoke(app, ["token", "--rol", "triagist", "--regio", "zeeland", "--naam", " "])
    assert leeg.exit_code != 0
    goed = runner.invoke(app, ["token", "--rol", "triagist", "--regio", "zeeland", "--uren", "8"])
    assert goed.exit_code == 0, goed.output
    gebruiker = lees_token(goed.output.strip(), SLEUTEL, "doorbraak", timedelta(hours=8))
    assert gebruiker.regios == ("zeeland",)


def test_een_gelezen_token_wordt_onthouden_tot_het_verloopt(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = GelezenTokens()
    nu = datetime.now(UTC)
    geldig = token(iat=nu, exp=nu + timedelta(seconds=30))
    assert tokens.lees(geldig, SLEUTEL, "doorbraak", DAG).naam == "anna"
    monkeypatch.setattr(jwt, "decode", lambda *_a, **_k: pytest.fail("the signature was checked again"))
    assert tokens.lees(geldig, SLEUTEL, "doorbraak", DAG).naam == "anna"

    def verlopen(*_a: Any, **_k: Any) -> None:
        raise jwt.ExpiredSignatureError("Signature has expired")

    monkeypatch.setattr(jwt, "decode", verlopen)
    monkeypatch.setattr("adapters.tokens.time.time", (nu + timedelta(seconds=31)).timestamp)
    with pytest.raises(OngeldigToken, match="expired"):
        tokens.lees(geldig, SLEUTEL, "doorbraak", DAG)


def test_een_onthouden_token_geldt_alleen_bij_dezelfde_sleutel_en_looptijd() -> None:
    tokens = GelezenTokens(max_aantal=1)
    geldig = token()
    tokens.lees(geldig, SLEUTEL, "doorbraak", DAG)
    with pytest.raises(OngeldigToken):
        tokens.lees(geldig, "een-andere-sleutel-van-twee-en-dertig-tekens", "doorbraak", DAG)
    with pytest.raises(OngeldigToken, match="at most"):
        tokens.lees(geldig, SLEUTEL, "doorbraak", timedelta(minutes=30))
    with pytest.raises(OngeldigToken):
        tokens.lees(token(sub=""), SLEUTEL, "doorbraak", DAG)
