import base64
import random
import secrets
from typing import Any

import pytest
from pydantic import ValidationError

from adapters.settings import Settings, sleutelbezwaar

SERVERS = {
    "database_url": "postgresql://doorbraak:db-wachtwoord@db/doorbraak",
    "nats_url": "nats://nats:4222",
    "checkpoint_sleutel": base64.b64encode(secrets.token_bytes(32)).decode(),
    "hoofdsleutels": {"2026-1": base64.b64encode(secrets.token_bytes(32)).decode()},
    "hoofdsleutel": "2026-1",
}


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


SLEUTEL = secrets.token_hex(32)


def test_smtp_standaard_voor_ontwikkeling_en_de_gebruikelijke_poorten() -> None:
    s = Settings(_env_file=None)
    assert (s.smtp_host, s.smtp_poort, s.smtp_tls, s.basis_url, s.herinnering_tijd.isoformat()) == (
        "127.0.0.1",
        25,
        "geen",
        None,
        "07:00:00",
    )
    assert Settings(_env_file=None, smtp_tls="starttls").smtp_poort == 587
    assert Settings(_env_file=None, smtp_tls="ssl").smtp_poort == 465
    assert Settings(_env_file=None, smtp_tls="ssl", smtp_port=2465).smtp_poort == 2465


def test_smtp_gebruiker_en_wachtwoord_samen() -> None:
    for half in ({"smtp_gebruiker": "team"}, {"smtp_wachtwoord": "geheim-wachtwoord"}):
        with pytest.raises(ValidationError, match="DOORBRAAK_SMTP_GEBRUIKER and DOORBRAAK_SMTP_WACHTWOORD") as fout:
            Settings(_env_file=None, **half)
        assert "geheim-wachtwoord" not in str(fout.value)
    assert Settings(_env_file=None, smtp_gebruiker="team", smtp_wachtwoord="x").smtp_gebruiker == "team"


def test_productie_mailt_versleuteld_behalve_naar_een_relay_op_deze_host() -> None:
    for host in ("127.0.0.1", "localhost", "::1"):
        assert productie(jwt_sleutel=SLEUTEL, smtp_host=host).smtp_tls == "geen"
    assert "DOORBRAAK_SMTP_TLS=geen" in weigering(jwt_sleutel=SLEUTEL, smtp_host="smtp.example.org")
    assert productie(jwt_sleutel=SLEUTEL, smtp_host="smtp.example.org", smtp_tls="starttls").smtp_poort == 587
    assert Settings(_env_file=None, smtp_host="smtp.example.org").smtp_tls == "geen"  # development: allowed


def test_productie_linkt_met_https() -> None:
    assert "DOORBRAAK_BASIS_URL must be an https://" in weigering(jwt_sleutel=SLEUTEL, basis_url="http://x.example")
    assert (
        productie(jwt_sleutel=SLEUTEL, basis_url="https://doorbraak.example").basis_url == "https://doorbraak.example"
    )
    assert productie(jwt_sleutel=SLEUTEL).basis_url is None
    for fout in ("ftp://x.example", "https://x.example/?a=1", "https://x example", "doorbraak.example"):
        with pytest.raises(ValidationError, match="basis_url"):
            Settings(_env_file=None, basis_url=fout)


def test_alle_bezwaren_in_een_regel() -> None:
    tekst = weigering(smtp_host="smtp.example.org", smtp_gebruiker="team")
    for deel in ("DOORBRAAK_SMTP_GEBRUIKER", "DOORBRAAK_SMTP_TLS=geen", "DOORBRAAK_JWT_SLEUTEL"):
        assert deel in tekst


def test_hoofdsleutels_zijn_32_bytes_de_actieve_erbij_en_in_productie_niet_die_van_ontwikkeling() -> None:
    assert Settings(_env_file=None).hoofdsleutel_bytes()["ontwikkeling"]
    assert "not 32 bytes" in str(_fout(hoofdsleutels={"k": base64.b64encode(b"kort").decode()}, hoofdsleutel="k"))
    assert "not among" in str(_fout(hoofdsleutel="onbekend"))
    assert "development key" in weigering(
        hoofdsleutels={"ontwikkeling": Settings(_env_file=None).hoofdsleutels["ontwikkeling"]},
        hoofdsleutel="ontwikkeling",
    )
    assert productie(jwt_sleutel=secrets.token_hex(32)).hoofdsleutel == "2026-1"


def _fout(**instellingen: Any) -> ValidationError:
    with pytest.raises(ValidationError) as fout:
        Settings(_env_file=None, **instellingen)
    return fout.value
