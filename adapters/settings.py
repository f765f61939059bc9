"""All configuration, read once at start-up from the environment (prefix DOORBRAAK_)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import math
from collections import Counter
from datetime import time, timedelta
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.inloggen import Blokkadebeleid, Sessieduur

ONTWIKKELSLEUTEL = "doorbraak-development-only-signing-key-change-me"
MINIMALE_SLEUTELLENGTE = 32
ONTWIKKEL_CHECKPOINTSLEUTEL = base64.b64encode(hashlib.sha256(b"doorbraak development-only checkpoint key").digest())
"""Base64 of the Ed25519 seed development nodes sign checkpoints with; production refuses it."""
MINIMALE_VERSCHILLENDE_BYTES = 16
"""A production seed has at least this many different bytes (32 random bytes have about 30; a placeholder
such as 32 zero bytes has one)."""
MINIMALE_SLEUTELBITS = 85.0
ONTWIKKEL_HOOFDSLEUTEL_ID = "ontwikkeling"
ONTWIKKEL_HOOFDSLEUTEL = base64.b64encode(b"doorbraak-development-master-key"[:32]).decode()
"""The master key of development: known to all, refused in production."""


def geschatte_bits(sleutel: str) -> float:
    """An estimate of a key's entropy: the Shannon entropy of its characters' frequencies times its length."""
    n = len(sleutel)
    return -n * sum(k / n * math.log2(k / n) for k in Counter(sleutel).values())


def herhaalt_zich(sleutel: str) -> bool:
    """Whether the key is a shorter string repeated ("abcdefgh" four times)."""
    n = len(sleutel)
    return any(n % p == 0 and sleutel == sleutel[:p] * (n // p) for p in range(1, n // 2 + 1))


def sleutelbezwaar(sleutel: str) -> str | None:
    """Why a signing key is not good enough for production, or None; never the key itself."""
    if sleutel == ONTWIKKELSLEUTEL:
        return "is the development key"
    if not sleutel.strip():
        return "is blank"
    if len(sleutel) < MINIMALE_SLEUTELLENGTE:
        return f"has fewer than {MINIMALE_SLEUTELLENGTE} characters"
    if herhaalt_zich(sleutel) or geschatte_bits(sleutel) < MINIMALE_SLEUTELBITS:
        return f"has too little variety (under {MINIMALE_SLEUTELBITS:.0f} bits estimated, or a repeated string)"
    return None


def ed25519_sleutel(waarde: str) -> bytes:
    """The 32 bytes of an Ed25519 key given in base64 (a private seed or a public key); ValueError otherwise."""
    try:
        sleutel = base64.b64decode(waarde.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("is not base64") from None
    if len(sleutel) != 32:
        raise ValueError(f"is {len(sleutel)} bytes, not the 32 of an Ed25519 key")
    return sleutel


def _lokaal(host: str) -> bool:
    """Whether a host name or address is this host (loopback)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Settings(BaseSettings):
    # hide_input_in_errors: a refused value (a signing key, a URL with a password) never appears in an error
    model_config = SettingsConfigDict(
        env_prefix="DOORBRAAK_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    omgeving: Literal["development", "production"] = "development"
    database_url: str | None = Field(
        None, description="PostgreSQL URL for every region's store; unset: start an embedded PostgreSQL."
    )
    eigenaar_database_url: str | None = Field(
        None,
        description="The owner role's PostgreSQL URL, used only for DDL: the stores' schemas are set up as this role "
        "and DOORBRAAK_DATABASE_URL's role gets only the application's rights (`doorbraak database inrichten`).",
    )
    regio_database_urls: dict[str, str] = Field(
        default_factory=dict, description="Per region slug, a database URL that overrides database_url."
    )
    nats_url: str | None = Field(
        None, description="NATS URL(s), comma-separated for a cluster; unset: start an embedded nats-server."
    )
    nats_inbox: str = Field(
        "_INBOX",
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Prefix of this node's reply subjects; with NATS permissions, each user reads only its own.",
    )
    schema_prefix: str = Field("", pattern=r"^[a-z0-9_]*$", description="Prefix of every schema name.")
    knooppunt: Literal["alles", "regios", "netwerk"] = Field(
        "alles", description="What this node runs: regions and their networks, regions only, or networks only."
    )
    regios: list[str] = Field(default_factory=list, description="Region slugs served; empty: all profiles.")
    netwerken: list[str] = Field(
        default_factory=list,
        description="Networks served (knooppunt alles or netwerk); empty: the networks of the regions (alles) "
        "or of every profile (netwerk).",
    )
    netwerk_database_urls: dict[str, str] = Field(
        default_factory=dict, description="Per network slug, a database URL that overrides database_url."
    )
    stroom_replicas: int = Field(1, ge=1, le=5, description="JetStream replicas of each network's stream.")
    duplicaatvenster: float = Field(
        7200.0, gt=0, description="Seconds within which JetStream drops a repeated escalation (Nats-Msg-Id)."
    )
    stroom_bewaartijd: float = Field(
        30.0,
        gt=0,
        le=3650,
        description="Days JetStream keeps an escalation, answer or dead letter; longer than the network's node "
        "may ever be down.",
    )
    escalaties_in_proces: bool = Field(True, description="Run the relays and consumers of escalations inside `serve`.")
    regio_profielen_dir: Path | None = Field(None, description="Extra region profiles (*.toml).")
    data_dir: Path = Field(Path(".doorbraak"), description="Where embedded servers keep their data.")
    host: str = "127.0.0.1"
    port: int = 8000
    jwt_sleutel: SecretStr = SecretStr(ONTWIKKELSLEUTEL)
    jwt_issuer: str = "doorbraak"
    hoofdsleutels: dict[str, SecretStr] = Field(
        default_factory=lambda: {ONTWIKKEL_HOOFDSLEUTEL_ID: SecretStr(ONTWIKKEL_HOOFDSLEUTEL)},
        description="Master keys by id (JSON map id -> 32 bytes in base64, e.g. `openssl rand -base64 32`); they "
        "wrap the case keys. Keep an old one until `doorbraak sleutels roteer` has rewrapped its keys.",
    )
    hoofdsleutel: str = Field(ONTWIKKEL_HOOFDSLEUTEL_ID, min_length=1, description="The id of the active master key.")
    token_max_uren: int = Field(
        24, ge=1, le=24 * 366, description="Longest a bearer token may be valid (exp - iat), in hours."
    )
    pool_size: int = Field(
        8,
        ge=1,
        description="PostgreSQL connections of the event stores per database (its regions and networks share them).",
    )
    aggregate_cache: int = Field(10_000, ge=0, description="Cases kept in memory per region (0: none).")
    verbind_timeout: float = Field(
        5.0, gt=0, le=120, description="Seconds to wait for a database connection before answering 503."
    )
    statement_timeout: float = Field(
        30.0, gt=0, le=3600, description="Seconds a database statement of a request or a follower may take."
    )
    herstel_max_wacht: float = Field(
        5.0, gt=0, le=300, description="Longest wait between a follower's retries after a failure (growing, jittered)."
    )
    tijdzone: str = "Europe/Amsterdam"
    aanmelding_jaren_terug: int = Field(
        5, ge=0, le=50, description="How many years back a registration may be dated (its business date `op`)."
    )
    lees_timeout: float = Field(
        30.0,
        gt=0,
        le=600,
        description="Seconds a client may take to send a request's head, and each part of its body; then 408.",
    )
    leeswachttijd: float = Field(
        5.0, gt=0, le=60, description="Seconds a read with na_positie waits for the read model at most."
    )
    projectie_batch: int = Field(1000, ge=1, le=100_000, description="Events per projection transaction.")
    projecties_in_proces: bool = Field(
        True, description="Run the projections inside `serve`; false when `doorbraak projecties draai` runs them."
    )
    herinneringen_in_proces: bool = Field(True, description="Send the daily reminders of due dates from `serve`.")
    herinnering_tijd: time = Field(
        time(7, 0), description="Local time (DOORBRAAK_TIJDZONE) of the daily reminders, each working day."
    )
    basis_url: str | None = Field(
        None,
        max_length=500,
        pattern=r"^https?://[^\s?#]+$",
        description="The service's address as the teams reach it, for the links in reminders; unset: "
        "http://<host>:<port> in development, the path alone in production.",
    )
    smtp_host: str = Field("127.0.0.1", min_length=1, max_length=253, description="The mail server of reminders.")
    smtp_port: int | None = Field(
        None, ge=1, le=65535, description="Its port; unset: 25, or 587 with starttls, 465 with ssl."
    )
    smtp_tls: Literal["geen", "starttls", "ssl"] = Field(
        "geen", description="Plain SMTP, STARTTLS after connecting, or TLS from the start (SMTPS)."
    )
    smtp_gebruiker: str | None = Field(None, min_length=1, max_length=500, description="SMTP user, if it asks one.")
    smtp_wachtwoord: SecretStr | None = Field(None, description="SMTP password, with smtp_gebruiker.")
    smtp_afzender: str = Field(
        "doorbraak@localhost", max_length=254, pattern=r"^[^@\s]+@[^@\s]+$", description="From-address of reminders."
    )
    smtp_timeout: float = Field(30.0, gt=0, le=300, description="Seconds a mail server may take to accept a mail.")
    checkpoint_sleutel: SecretStr = Field(
        SecretStr(ONTWIKKEL_CHECKPOINTSLEUTEL.decode()),
        description="Base64 of the 32-byte Ed25519 seed this node signs its stores' checkpoints with "
        "(`openssl rand -base64 32`); its public key is published at /audit/sleutels.",
    )
    checkpoint_vorige_sleutels: list[str] = Field(
        default_factory=list,
        description="Public keys (base64) this node signed with before a change of key: published beside the "
        "current one, so older checkpoints still verify.",
    )
    checkpoint_events: int = Field(
        1000, ge=1, le=1_000_000, description="A store signs a checkpoint at least every this many events..."
    )
    checkpoint_seconden: float = Field(
        300.0, gt=0, le=86_400, description="...and within this many seconds of an event not yet signed."
    )
    checkpoints_in_proces: bool = Field(
        True, description="Sign, publish and witness checkpoints inside `serve` (publishing and witnessing need NATS)."
    )
    getuige_sleutels: dict[str, list[str]] = Field(
        default_factory=dict,
        description="As a witness, per source (`regio:<slug>`, `netwerk:<slug>`), the public keys (base64) whose "
        "checkpoints it accepts; a source not listed: the first key seen is kept, another is refused.",
    )

    sessie_inactief_minuten: int = Field(
        30, ge=1, le=24 * 60, description="Minutes after its last use a session of the pages ends."
    )
    sessie_max_uren: int = Field(12, ge=1, le=7 * 24, description="Hours after sign-in a session ends, however used.")
    cookie_secure: bool = Field(
        True,
        description="The session cookie goes over https only (Secure, named __Host-doorbraak); false only for "
        "plain http on another host than this one in development (browsers count http://127.0.0.1 as secure).",
    )
    aanmelden_max_pogingen: int = Field(
        5, ge=1, le=100, description="Failed sign-ins of one name within the window that lock it..."
    )
    aanmelden_venster_minuten: int = Field(15, ge=1, le=24 * 60, description="...the window, in minutes...")
    aanmelden_blokkade_minuten: int = Field(15, ge=1, le=24 * 60, description="...and for how many minutes.")
    wachtwoord_min_lengte: int = Field(12, ge=8, le=128, description="Characters a new password has at least.")
    vendor_dir: Path | None = Field(
        None,
        description="The node_modules with Swagger UI and ReDoc served at /statisch/vendor (`npm ci`); unset: the "
        "repository's.",
    )

    @field_validator("checkpoint_sleutel")
    @classmethod
    def _checkpoint_sleutel(cls, waarde: SecretStr) -> SecretStr:
        try:
            ed25519_sleutel(waarde.get_secret_value())
        except ValueError as e:
            raise ValueError(f"DOORBRAAK_CHECKPOINT_SLEUTEL {e}: give base64 of a 32-byte seed") from None
        return waarde

    @field_validator("checkpoint_vorige_sleutels")
    @classmethod
    def _vorige_sleutels(cls, waarden: list[str]) -> list[str]:
        for i, waarde in enumerate(waarden):
            try:
                ed25519_sleutel(waarde)
            except ValueError as e:
                raise ValueError(f"DOORBRAAK_CHECKPOINT_VORIGE_SLEUTELS[{i}] {e}") from None
        return waarden

    @field_validator("getuige_sleutels")
    @classmethod
    def _getuige_sleutels(cls, waarden: dict[str, list[str]]) -> dict[str, list[str]]:
        for bron, sleutels in waarden.items():
            soort, _, slug = bron.partition(":")
            if soort not in ("regio", "netwerk") or not slug:
                raise ValueError(f"DOORBRAAK_GETUIGE_SLEUTELS: {bron!r} is not `regio:<slug>` or `netwerk:<slug>`")
            for sleutel in sleutels:
                try:
                    ed25519_sleutel(sleutel)
                except ValueError as e:
                    raise ValueError(f"DOORBRAAK_GETUIGE_SLEUTELS[{bron!r}]: a key {e}") from None
        return waarden

    @property
    def smtp_poort(self) -> int:
        """The configured SMTP port, or the usual one for the kind of TLS."""
        return self.smtp_port or {"geen": 25, "starttls": 587, "ssl": 465}[self.smtp_tls]

    def _bezwaren_herinneringen(self) -> list[str]:
        """A password needs its user; in production a mail leaves the host encrypted (plain SMTP only to a relay
        on the same host) and links are https."""
        fouten = []
        if (self.smtp_gebruiker is None) != (self.smtp_wachtwoord is None):
            fouten.append("set DOORBRAAK_SMTP_GEBRUIKER and DOORBRAAK_SMTP_WACHTWOORD together")
        if self.omgeving == "production":
            if self.smtp_tls == "geen" and not _lokaal(self.smtp_host):
                fouten.append(
                    "DOORBRAAK_SMTP_TLS=geen sends mail unencrypted across the network: use starttls or ssl in "
                    "production, or a relay on this host"
                )
            if self.basis_url is not None and not self.basis_url.startswith("https://"):
                fouten.append("DOORBRAAK_BASIS_URL must be an https:// address in production")
        return fouten

    def blokkadebeleid(self) -> Blokkadebeleid:
        return Blokkadebeleid(
            self.aanmelden_max_pogingen,
            timedelta(minutes=self.aanmelden_venster_minuten),
            timedelta(minutes=self.aanmelden_blokkade_minuten),
        )

    def sessieduur(self) -> Sessieduur:
        return Sessieduur(timedelta(minutes=self.sessie_inactief_minuten), timedelta(hours=self.sessie_max_uren))

    def hoofdsleutel_bytes(self) -> dict[str, bytes]:
        return {naam: base64.b64decode(waarde.get_secret_value()) for naam, waarde in self.hoofdsleutels.items()}

    def _bezwaren_hoofdsleutels(self) -> list[str]:
        """Every master key is 32 random bytes in base64, the active one among them; production uses no
        development key."""
        fouten = []
        for naam, waarde in self.hoofdsleutels.items():
            try:
                lengte = len(base64.b64decode(waarde.get_secret_value(), validate=True))
            except (binascii.Error, ValueError):
                lengte = -1
            if lengte != 32:  # AES-256
                fouten.append(f"master key {naam!r} in DOORBRAAK_HOOFDSLEUTELS is not 32 bytes in base64")
            elif self.omgeving == "production" and (
                naam == ONTWIKKEL_HOOFDSLEUTEL_ID or waarde.get_secret_value() == ONTWIKKEL_HOOFDSLEUTEL
            ):
                fouten.append(
                    f"master key {naam!r} is the development key: set DOORBRAAK_HOOFDSLEUTELS to keys of your own in "
                    "production (e.g. `openssl rand -base64 32`)"
                )
        if self.hoofdsleutel not in self.hoofdsleutels:
            fouten.append(f"DOORBRAAK_HOOFDSLEUTEL {self.hoofdsleutel!r} is not among DOORBRAAK_HOOFDSLEUTELS")
        return fouten

    @model_validator(mode="after")
    def _eigenaar(self) -> Settings:
        """The owner sets up the database the application uses: not an embedded one it starts itself."""
        if self.eigenaar_database_url is not None and self.database_url is None:
            raise ValueError("set DOORBRAAK_DATABASE_URL (the application's) with DOORBRAAK_EIGENAAR_DATABASE_URL")
        return self

    @model_validator(mode="after")
    def _productie(self) -> Settings:
        """Production runs on configured servers (no embedded PostgreSQL with trust authentication) and signs
        with a key of its own, long and random enough; reminders go out safely (`_bezwaren_herinneringen`)."""
        fouten = self._bezwaren_herinneringen() + self._bezwaren_hoofdsleutels()
        if self.omgeving != "production":
            if fouten:
                raise ValueError("; ".join(fouten))
            return self
        fouten += [
            f"set DOORBRAAK_{veld.upper()}: production starts no embedded server"
            for veld in ("database_url", "nats_url")
            if getattr(self, veld) is None
        ]
        bezwaar = sleutelbezwaar(self.jwt_sleutel.get_secret_value())
        if bezwaar is not None:
            fouten.append(
                f"DOORBRAAK_JWT_SLEUTEL {bezwaar}: set a random secret of at least {MINIMALE_SLEUTELLENGTE} "
                "characters in production (e.g. `openssl rand -hex 32`)"
            )
        if not self.cookie_secure:
            fouten.append("DOORBRAAK_COOKIE_SECURE=false sends the session cookie over plain http: not in production")
        seed = ed25519_sleutel(self.checkpoint_sleutel.get_secret_value())
        zwak = seed == base64.b64decode(ONTWIKKEL_CHECKPOINTSLEUTEL) or len(set(seed)) < MINIMALE_VERSCHILLENDE_BYTES
        if zwak and self.checkpoints_in_proces:
            fouten.append(
                "DOORBRAAK_CHECKPOINT_SLEUTEL is the development key or not random: give each node a key of its own "
                "in production (`openssl rand -base64 32`), or set DOORBRAAK_CHECKPOINTS_IN_PROCES=false where "
                "nothing is signed"
            )
        if fouten:
            raise ValueError("; ".join(fouten))
        return self
