"""The retention period, with the settable clock: closed cases past it are erased, open ones and younger ones
not; a crash between the erasure's event and its key is finished; the master key is rotated."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from adapters.bewaartermijn import roteer, wis_verlopen
from adapters.bootstrap import Container
from domain.waarden import Herkomst, Persoon, Persoonsgegevens
from domain.wissen import Wisverzoek, bewaard_tot
from services.casus_store import CasusStore
from tests.conftest import Klok
from tests.unit.conftest import aanmelding, afsluitformulier

REGIO = "hart-van-brabant"
HERKOMST = Herkomst(actor="triagist-1", rol="triagist")


def _casus(container: Container, naam: str, *, sluit: bool) -> object:
    dienst = container.regio(REGIO)
    casus_id = dienst.meld_aan(aanmelding(), Persoonsgegevens(jeugdige=Persoon(naam=naam)), HERKOMST).casus.id
    if sluit:
        dienst.sluit_af(casus_id, afsluitformulier(), HERKOMST)
    return casus_id


def test_gesloten_casussen_over_de_termijn_worden_gewist(container: Container, klok: Klok) -> None:
    vandaag = datetime.now(UTC).date()
    klok.datum = vandaag
    dicht, open_ = _casus(container, "Anna Dicht", sluit=True), _casus(container, "Bert Open", sluit=False)
    dienst = container.regio(REGIO)
    tot = bewaard_tot(vandaag, dienst.profiel.bewaartermijn_jaren)
    assert dienst.profiel.bewaartermijn_jaren == 20

    klok.datum = date.fromordinal(tot.toordinal() - 1)
    assert list(wis_verlopen(dienst, droog=False)) == []
    klok.datum = tot
    droog = list(wis_verlopen(dienst, droog=True))
    assert {(u.casus_id, u.wat) for u in droog} == {(dicht, "te wissen"), (open_, "open")}
    assert dienst.casus(dicht).persoonsgegevens is not None  # type: ignore[arg-type]

    gedaan = list(wis_verlopen(dienst, droog=False))
    assert {(u.casus_id, u.wat) for u in gedaan} == {(dicht, "gewist"), (open_, "open")}
    gewist = dienst.casus(dicht)  # type: ignore[arg-type]
    assert gewist.persoonsgegevens is None and gewist.gewist is not None and gewist.gewist.grond == "bewaartermijn"
    assert dienst.casus(open_).persoonsgegevens.jeugdige.naam == "Bert Open"  # type: ignore[arg-type,union-attr]
    assert [u.casus_id for u in wis_verlopen(dienst, droog=False)] == [open_]  # the erased one is done


def test_een_wissing_die_halverwege_stopte_wordt_afgemaakt(
    container: Container, klok: Klok, monkeypatch: pytest.MonkeyPatch
) -> None:
    vandaag = datetime.now(UTC).date()
    klok.datum = vandaag
    casus_id = _casus(container, "Cor Halverwege", sluit=True)
    dienst = container.regio(REGIO)

    def crash(self: CasusStore, casus_id: object, reden: str) -> None:
        raise ConnectionResetError("stopped after the event, before the key")

    echt = CasusStore.vernietig_sleutel
    monkeypatch.setattr(CasusStore, "vernietig_sleutel", crash)
    with pytest.raises(ConnectionResetError):
        dienst.wis_persoonsgegevens(casus_id, Wisverzoek(reden="Verzoek."), HERKOMST)  # type: ignore[arg-type]
    monkeypatch.setattr(CasusStore, "vernietig_sleutel", echt)
    dienst.store.vergeet(casus_id)  # type: ignore[arg-type]
    assert dienst.casus(casus_id).persoonsgegevens is None  # type: ignore[arg-type]  # the event says erased
    assert dienst.store.sleutelring is not None and not dienst.store.sleutelring.is_gewist(casus_id)  # type: ignore[arg-type]

    klok.datum = bewaard_tot(vandaag, 20)
    assert [(u.casus_id, u.wat) for u in wis_verlopen(dienst, droog=False)] == [(casus_id, "gewist")]
    dienst.store.vergeet(casus_id)  # type: ignore[arg-type]
    assert dienst.store.sleutelring.is_gewist(casus_id)  # type: ignore[arg-type]
    assert dienst.casus(casus_id).version == 3  # type: ignore[arg-type]  # no second erasure event


def _sleutel() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def test_de_hoofdsleutel_roteert(maak_container: Callable[..., Container], klok: Klok) -> None:
    klok.datum = datetime.now(UTC).date()
    oud, nieuw = _sleutel(), _sleutel()
    eerst = maak_container(hoofdsleutels={"k1": oud}, hoofdsleutel="k1")
    casus_id = _casus(eerst, "Dirk Roteer", sluit=False)
    eerst.close()

    beide = maak_container(hoofdsleutels={"k1": oud, "k2": nieuw}, hoofdsleutel="k2")
    uitkomst = roteer(beide)
    assert uitkomst[REGIO] == ({"k1": 1}, 1)
    assert roteer(beide)[REGIO] == ({"k2": 1}, 0)
    beide.close()

    alleen_nieuw = maak_container(hoofdsleutels={"k2": nieuw}, hoofdsleutel="k2")
    casus = alleen_nieuw.regio(REGIO).casus(casus_id)  # type: ignore[arg-type]
    assert casus.persoonsgegevens.jeugdige.naam == "Dirk Roteer"  # type: ignore[union-attr]
    alleen_oud = maak_container(hoofdsleutels={"k1": oud}, hoofdsleutel="k1")
    with pytest.raises(LookupError, match="k2"):
        alleen_oud.regio(REGIO).casus(casus_id)  # type: ignore[arg-type]
