import base64
import random
import secrets
from typing import Any

import pytest
from pydantic import ValidationError

from adapters.settings import Settings, sleutelbezwaar

SERVERS = {"database_url": "postgresql://doorbraak:db-wachtwoord@db/doorbraak", "nats_url": "nats://nats:4222"}


def productie(**instellingen: Any) -> Settings:
    return Settings(_env_file=None, omgeving="production", **{**SERVERS, **instellingen})


def weigering(**instellingen: Any) -> str:
    """The text of the error that refuses these production settings."""
    with pytest.raises(ValidationError) as fout:
        productie(**instellingen)
    return str(fout.value)


def test_productie_weigert_de_ontwikkelsleutel() -> None:
    with pytest.raises(ValidationError, match="DOORBRAAK_JWT_SLEUTEL"):
        Settings(_env_file=None, omgeving="production", **SERVERS)
    assert "development key" in weigering()


@pytest.mark.parametrize(
    ("sleutel", "reden"),
    [
        ("kort", "fewer than 32 characters"),
        ("0123456789abcdef0123456789abcde", "fewer than 32 characters"),  # 31
        (" " * 32, "blank"),
        ("\t \n" * 11, "blank"),
        ("a" * 32, "too little variety"),
        ("ab" * 16, "too little variety"),
        ("abcd" * 8, "too little variety"),
        ("abcdefgh" * 4, "too little variety"),  # 96 bits by character frequencies, but a repeated string
        ("aaaaaabbbbbbccccccddddddeeeeeeff", "too little variety"),  # 6 different characters: 80 bits
    ],
)
def test_productie_weigert_een_sleutel_zonder_entropie_en_toont_hem_niet(sleutel: str, reden: str) -> None:
    tekst = weigering(jwt_sleutel=sleutel)
    assert "DOORBRAAK_JWT_SLEUTEL" in tekst and reden in tekst
    assert sleutel not in tekst
    assert SERVERS["database_url"] not in tekst and "db-wachtwoord" not in tekst  # nor any other input value


@pytest.mark.parametrize(
    "maak",
    [
        lambda bytes_: bytes_(16).hex(),  # 32 hex characters: `openssl rand -hex 16`
        lambda bytes_: bytes_(32).hex(),
        lambda bytes_: base64.b64encode(bytes_(24)).decode(),  # 32 base64 characters: `openssl rand -base64 24`
        lambda bytes_: base64.urlsafe_b64encode(bytes_(32)).decode().rstrip("="),  # secrets.token_urlsafe(32)
    ],
    ids=["hex-32", "hex-64", "base64-32", "urlsafe-43"],
)
def test_productie_aanvaardt_een_willekeurige_sleutel(maak: Any) -> None:
    """Random keys (a seeded generator: a key refused by bad luck would make the test flaky, which the
    threshold makes about as likely as 1 in 13 million for 32 hex characters)."""
    willekeur = random.Random(2026)
    sleutels = [maak(willekeur.randbytes) for _ in range(2000)]
    assert [s for s in sleutels if sleutelbezwaar(s) is not None] == []
    assert productie(jwt_sleutel=sleutels[0]).omgeving == "production"


@pytest.mark.parametrize("ontbreekt", ["database_url", "nats_url"])
def test_productie_start_geen_ingebedde_servers(ontbreekt: str) -> None:
    servers = {k: v for k, v in SERVERS.items() if k != ontbreekt}
    with pytest.raises(ValidationError, match=f"DOORBRAAK_{ontbreekt.upper()}.*no embedded server"):
        Settings(_env_file=None, omgeving="production", jwt_sleutel=secrets.token_hex(16), **servers)
    assert Settings(_env_file=None, jwt_sleutel=secrets.token_hex(16), **servers).omgeving == "development"


def test_productie_noemt_alle_fouten_tegelijk() -> None:
    with pytest.raises(ValidationError) as fout:
        Settings(_env_file=None, omgeving="production", jwt_sleutel="a" * 32)
    tekst = str(fout.value)
    assert all(n in tekst for n in ("DOORBRAAK_DATABASE_URL", "DOORBRAAK_NATS_URL", "DOORBRAAK_JWT_SLEUTEL"))


def test_instellingen_uit_de_omgeving(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOORBRAAK_REGIOS", '["zeeland"]')
    monkeypatch.setenv("DOORBRAAK_REGIO_DATABASE_URLS", '{"zeeland": "postgresql://db-zeeland/doorbraak"}')
    monkeypatch.setenv("DOORBRAAK_POOL_SIZE", "4")
    settings = Settings(_env_file=None)
    assert settings.regios == ["zeeland"]
    assert settings.regio_database_urls == {"zeeland": "postgresql://db-zeeland/doorbraak"}
    assert settings.pool_size == 4


def test_ongeldig_schemaprefix() -> None:
    with pytest.raises(ValidationError, match="schema_prefix"):
        Settings(_env_file=None, schema_prefix="x; DROP")
