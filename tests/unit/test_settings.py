import pytest
from pydantic import ValidationError

from adapters.settings import Settings


def test_productie_weigert_de_ontwikkelsleutel() -> None:
    with pytest.raises(ValidationError, match="DOORBRAAK_JWT_SLEUTEL"):
        Settings(_env_file=None, omgeving="production")
    with pytest.raises(ValidationError, match="DOORBRAAK_JWT_SLEUTEL"):
        Settings(_env_file=None, omgeving="production", jwt_sleutel="kort")
    assert Settings(_env_file=None, omgeving="production", jwt_sleutel="x" * 32).omgeving == "production"


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
