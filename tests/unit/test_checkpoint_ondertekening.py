"""Checkpoints signed with Ed25519: the signature holds for the key that made it over exactly the fields
signed, and for nothing else."""

from __future__ import annotations

import base64
import dataclasses
import secrets
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from adapters.ondertekening import Ondertekenaar, als_pem, handtekening_klopt, sleutel_id
from adapters.settings import ONTWIKKEL_CHECKPOINTSLEUTEL, Settings
from domain.checkpoint import Checkpoint
from domain.keten import blad

SERVERS = {
    "database_url": "postgresql://db/doorbraak",
    "nats_url": "nats://nats:4222",
    "hoofdsleutels": {"2026-1": base64.b64encode(secrets.token_bytes(32)).decode()},
    "hoofdsleutel": "2026-1",
}


def _checkpoint() -> Checkpoint:
    return Checkpoint(
        bron="regio:zeeland",
        grootte=17,
        schakel=blad(b"schakel"),
        boom=blad(b"boom"),
        tijd=datetime(2026, 11, 25, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=1))),
        sleutel_id="",
    )


def test_een_ondertekende_checkpoint_klopt_met_de_eigen_sleutel() -> None:
    ondertekenaar = Ondertekenaar(secrets.token_bytes(32))
    getekend = ondertekenaar.onderteken(_checkpoint())
    assert getekend.sleutel_id == sleutel_id(ondertekenaar.publiek) == ondertekenaar.sleutel_id
    assert len(getekend.sleutel_id) == 16 and len(getekend.handtekening) == 64
    assert getekend.tijd == _checkpoint().tijd and getekend.tijd.tzinfo == UTC
    assert handtekening_klopt(getekend, ondertekenaar.publiek)
    assert als_pem(ondertekenaar.publiek).startswith("-----BEGIN PUBLIC KEY-----")


@pytest.mark.parametrize(
    "verandering",
    [
        {"bron": "regio:hart-van-brabant"},
        {"grootte": 18},
        {"schakel": blad(b"anders")},
        {"boom": blad(b"anders")},
        {"tijd": datetime(2026, 11, 25, 8, 30, 15, 123457, tzinfo=UTC)},
        {"handtekening": bytes(64)},
    ],
    ids=lambda v: next(iter(v)),
)
def test_een_veranderd_veld_breekt_de_handtekening(verandering: dict[str, object]) -> None:
    ondertekenaar = Ondertekenaar(secrets.token_bytes(32))
    getekend = ondertekenaar.onderteken(_checkpoint())
    assert not handtekening_klopt(dataclasses.replace(getekend, **verandering), ondertekenaar.publiek)  # type: ignore[arg-type]


def test_een_andere_sleutel_klopt_niet() -> None:
    ondertekenaar, ander = Ondertekenaar(secrets.token_bytes(32)), Ondertekenaar(secrets.token_bytes(32))
    getekend = ondertekenaar.onderteken(_checkpoint())
    assert not handtekening_klopt(getekend, ander.publiek)
    # the other key's id in the checkpoint does not help: the signature is not the other key's
    assert not handtekening_klopt(dataclasses.replace(getekend, sleutel_id=ander.sleutel_id), ander.publiek)
    assert not handtekening_klopt(getekend, ondertekenaar.publiek[:31])


def test_de_checkpoint_als_json_en_terug() -> None:
    getekend = Ondertekenaar(secrets.token_bytes(32)).onderteken(_checkpoint())
    assert Checkpoint.uit_dict(getekend.als_dict()) == getekend
    assert getekend.als_dict()["tijd"] == "2026-11-25T08:30:15.123456+00:00"
    for fout in ({"grootte": "x"}, {"boom": "abcd"}, {"tijd": "2026-11-25T08:30:15"}, {"schakel": None}):
        with pytest.raises(ValueError, match="not a checkpoint"):
            Checkpoint.uit_dict({**getekend.als_dict(), **fout})
    with pytest.raises(ValueError, match="not a checkpoint"):
        Checkpoint.uit_dict({k: v for k, v in getekend.als_dict().items() if k != "bron"})


def test_de_sleutel_uit_de_instellingen() -> None:
    seed = secrets.token_bytes(32)
    settings = Settings(_env_file=None, checkpoint_sleutel=base64.b64encode(seed).decode())
    assert Ondertekenaar.van(settings).publiek == Ondertekenaar(seed).publiek
    for fout in ("geen base64!", base64.b64encode(bytes(31)).decode()):
        with pytest.raises(ValidationError, match="DOORBRAAK_CHECKPOINT_SLEUTEL") as e:
            Settings(_env_file=None, checkpoint_sleutel=fout)
        assert fout not in str(e.value)
    with pytest.raises(ValidationError, match="DOORBRAAK_GETUIGE_SLEUTELS"):
        Settings(_env_file=None, getuige_sleutels={"zeeland": [base64.b64encode(seed).decode()]})
    with pytest.raises(ValidationError, match="DOORBRAAK_GETUIGE_SLEUTELS"):
        Settings(_env_file=None, getuige_sleutels={"regio:zeeland": ["kort"]})
    with pytest.raises(ValidationError, match="DOORBRAAK_CHECKPOINT_VORIGE_SLEUTELS"):
        Settings(_env_file=None, checkpoint_vorige_sleutels=["kort"])


def test_productie_weigert_de_ontwikkelsleutel_voor_checkpoints() -> None:
    productie = {**SERVERS, "omgeving": "production", "jwt_sleutel": secrets.token_hex(32)}
    for sleutel in (ONTWIKKEL_CHECKPOINTSLEUTEL.decode(), base64.b64encode(bytes(32)).decode()):
        with pytest.raises(ValidationError, match="DOORBRAAK_CHECKPOINT_SLEUTEL is the development key"):
            Settings(_env_file=None, checkpoint_sleutel=sleutel, **productie)
    eigen = base64.b64encode(secrets.token_bytes(32)).decode()
    assert Settings(_env_file=None, checkpoint_sleutel=eigen, **productie).omgeving == "production"
    # a process that signs nothing (the database set-up) needs no key of its own
    assert Settings(_env_file=None, checkpoints_in_proces=False, **productie).omgeving == "production"
