"""All configuration, read once at start-up from the environment (prefix DOORBRAAK_)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ONTWIKKELSLEUTEL = "doorbraak-development-only-signing-key-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOORBRAAK_", env_file=".env", extra="ignore")

    omgeving: Literal["development", "production"] = "development"
    database_url: str | None = Field(
        None, description="PostgreSQL URL for every region's store; unset: start an embedded PostgreSQL."
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
    escalaties_in_proces: bool = Field(True, description="Run the relays and consumers of escalations inside `serve`.")
    regio_profielen_dir: Path | None = Field(None, description="Extra region profiles (*.toml).")
    data_dir: Path = Field(Path(".doorbraak"), description="Where embedded servers keep their data.")
    host: str = "127.0.0.1"
    port: int = 8000
    jwt_sleutel: SecretStr = SecretStr(ONTWIKKELSLEUTEL)
    jwt_issuer: str = "doorbraak"
    token_max_uren: int = Field(
        24, ge=1, le=24 * 366, description="Longest a bearer token may be valid (exp - iat), in hours."
    )
    pool_size: int = Field(8, ge=1, description="PostgreSQL connections per region store.")
    aggregate_cache: int = Field(10_000, ge=0, description="Cases kept in memory per region (0: none).")
    tijdzone: str = "Europe/Amsterdam"
    leeswachttijd: float = Field(
        5.0, gt=0, le=60, description="Seconds a read with na_positie waits for the read model at most."
    )
    projectie_batch: int = Field(1000, ge=1, le=100_000, description="Events per projection transaction.")
    projecties_in_proces: bool = Field(
        True, description="Run the projections inside `serve`; false when `doorbraak projecties draai` runs them."
    )

    @model_validator(mode="after")
    def _geen_ontwikkelsleutel_in_productie(self) -> Settings:
        sleutel = self.jwt_sleutel.get_secret_value()
        if self.omgeving == "production" and (sleutel == ONTWIKKELSLEUTEL or len(sleutel) < 32):
            raise ValueError("set DOORBRAAK_JWT_SLEUTEL to a secret of at least 32 characters in production")
        return self
