"""Corrections at their edges: list items, nested fields, which field a refusal names, replaying stored ones."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from domain.correctie import Correctie, Wijziging, _zet, gecorrigeerd, opnieuw_toegepast, waarde_op, wijzigingen_tussen
from domain.fouten import Regel, RegelGeschonden
from domain.invoer import UIT_OPSLAG
from domain.regioprofiel import RegioProfiel
from domain.waarden import Advies, Persoon, Persoonsgegevens
from tests.unit.conftest import advies
from tests.unit.test_correctie import OP, corrigeer, met_advies


def test_een_waarde_op_een_pad() -> None:
    data = {"a": {"b": [10, 20]}, "c": 1, "d": 2}
    assert waarde_op(data, ["a", "b", "1"]) == 20
    assert waarde_op(data, ["a", "b", "2"]) is None
    assert waarde_op(data, ["0"]) is None
    assert waarde_op(data, ["a", "x"]) is None


def test_een_lijstelement_zetten() -> None:
    data = {"l": [1, 2]}
    _zet(data, ["l", "1"], 9, "wijzigingen.l.1")
    assert data == {"l": [1, 9]}
    for laatste in ("2", "x"):
        with pytest.raises(RegelGeschonden) as fout:
            _zet(data, ["l", laatste], 9, f"wijzigingen.l.{laatste}")
        assert (fout.value.regel, fout.value.veld) == (Regel.CORRECTIE_ONGELDIG, f"wijzigingen.l.{laatste}")
    assert data == {"l": [1, 9]}


def test_een_ongeldige_correctie_noemt_het_gevraagde_veld() -> None:
    huidig = Persoonsgegevens(jeugdige=Persoon(naam="S. Jansen"), ouders=(Persoon(naam="M. Jansen"),))
    with pytest.raises(RegelGeschonden) as fout:
        gecorrigeerd(Persoonsgegevens, huidig, {"jeugdige": {"naam": ""}}, "persoonsgegevens")
    assert fout.value.veld == "wijzigingen.jeugdige"
    assert fout.value.melding.startswith("persoonsgegevens.jeugdige.naam: ")
    with pytest.raises(RegelGeschonden) as fout:
        gecorrigeerd(Persoonsgegevens, huidig, {"ouders.0.naam": ""}, "persoonsgegevens")
    assert fout.value.veld == "wijzigingen.ouders.0.naam"
    dubbel = [doel.model_dump(mode="json") for doel in advies(date(2027, 1, 4)).doelen] * 2
    with pytest.raises(RegelGeschonden) as fout:
        gecorrigeerd(Advies, advies(date(2027, 1, 4)), {"doelen": dubbel}, "advies")
    assert fout.value.veld == "wijzigingen.doelen"


def test_wat_veranderde_ook_genest_en_bij_datums() -> None:
    oud = Persoonsgegevens(jeugdige=Persoon(naam="S. Jansen", geboortedatum=date(2011, 3, 4)))
    nieuw = Persoonsgegevens(jeugdige=Persoon(naam="S. Janssen", geboortedatum=date(2011, 3, 4)))
    assert wijzigingen_tussen(oud, nieuw, ["jeugdige.naam", "jeugdige.geboortedatum"]) == (
        Wijziging(veld="jeugdige.naam", van="S. Jansen", naar="S. Janssen"),
    )


def test_een_opgeslagen_correctie_laadt_ondanks_een_latere_grens() -> None:
    opnieuw = opnieuw_toegepast(Persoon, Persoon(naam="a"), (Wijziging(veld="naam", van="a", naar="bel\x07"),))
    assert opnieuw == Persoon.model_construct(naam="bel\x07", geboortedatum=None, telefoon=None, email=None, adres=None)


def test_verzonden_op_de_dag_van_het_advies_blijft_geldig(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    corrigeer(casus, profiel, "advies", verzonden_op=OP.isoformat())
    assert casus.advies is not None and casus.advies.verzonden_op == OP


def test_de_melding_van_een_ongeldige_correctie_noemt_het_onderdeel(profiel: RegioProfiel) -> None:
    from tests.unit.test_correctie import weigering

    fout = weigering(met_advies(profiel), profiel, "aanmelding", leeftijd="vijftien")
    assert fout.melding.startswith("aanmelding.leeftijd: ")


def test_een_oude_fout_elders_noemt_haar_eigen_veld() -> None:
    from domain.waarden import Aanmelding, Leefgebied
    from tests.unit.conftest import aanmelding

    # stored before the bound on life areas existed
    oud = aanmelding().model_copy(update={"leefgebieden": (Leefgebied.GEZIN, Leefgebied.GEZIN)})
    with pytest.raises(RegelGeschonden) as fout:
        gecorrigeerd(Aanmelding, oud, {"leeftijd": 16}, "aanmelding")
    assert fout.value.veld == "wijzigingen.leefgebieden"


@pytest.mark.parametrize(
    "wijzigingen",
    [
        {"vraag": "\ud800"},
        {"vraag": ["goed", "\udfff"]},
        {"vraag": {"\ud800": 1}},
        {"onbekend": {"diep": [{"x": "a\x00b"}]}},
        {"vraag": "\ufffe"},
    ],
)
def test_een_correctie_weigert_een_verboden_teken_waar_het_ook_staat(wijzigingen: dict[str, object]) -> None:
    """Every key and text of a new value: a lone surrogate cannot be written as JSON, a NUL not as PostgreSQL text."""
    with pytest.raises(ValidationError, match="not allowed"):
        Correctie.model_validate({"onderdeel": "aanmelding", "wijzigingen": wijzigingen, "reden": "Typfout."})


def test_een_bewaarde_correctie_laadt_zonder_de_tekencontrole() -> None:
    """The check came after corrections were stored: data from the store skips it, as every later bound."""
    data = {"onderdeel": "aanmelding", "wijzigingen": {"vraag": "\x01"}, "reden": "Typfout."}
    assert Correctie.model_validate(data, context=UIT_OPSLAG).wijzigingen == {"vraag": "\x01"}
    geldig = Correctie.model_validate({**data, "wijzigingen": {"vraag": ["Dongen", {"a": "b"}], "leeftijd": 15}})
    assert geldig.wijzigingen["leeftijd"] == 15
