"""Text that is kept after the personal data is erased, and that the read models show (knelpunten, lessons,
expertise to invite, feedback, the round-table meeting's participants, an erasure's reason), may not carry the
case's own personal data: the erasure would leave it behind."""

from datetime import date

import pytest

from domain.casus import Casus
from domain.correctie import Correctie, Onderdeel
from domain.fouten import Regel, RegelGeschonden
from domain.regioprofiel import RegioProfiel
from domain.waarden import Afsluitformulier, Knelpunt, Persoon, Toestemming
from domain.wissen import Wisgrond, Wissing
from tests.unit.conftest import HERKOMST, nieuwe_casus, triage
from tests.unit.test_persoonsgegevens_in_escalatie import GEGEVENS

OP = date(2026, 11, 20)


def aangemeld(profiel: RegioProfiel, **anders: object) -> Casus:
    return nieuwe_casus(profiel, persoonsgegevens=anders.pop("persoonsgegevens", GEGEVENS), **anders)


def knelpunt(omschrijving: str) -> Knelpunt:
    return Knelpunt(categorie="samenwerking", omschrijving=omschrijving)


def test_een_knelpunt_van_de_triage_met_een_naam_wordt_geweigerd_bij_het_veld(profiel: RegioProfiel) -> None:
    casus = aangemeld(profiel)
    met_naam = triage(knelpunten=(knelpunt("Geen regie."), knelpunt("Moeder Jansen wil niet meewerken.")))
    with pytest.raises(RegelGeschonden) as fout:
        casus.trieer(met_naam, op=OP, herkomst=HERKOMST)
    assert fout.value.regel is Regel.PERSOONSGEGEVENS_IN_BLIJVENDE_TEKST
    assert fout.value.veld == "knelpunten.1.omschrijving" and "(naam)" in fout.value.melding
    assert "Jansen" not in str(fout.value) and casus.triage is None
    casus.trieer(triage(knelpunten=(knelpunt("Moeder wil niet meewerken."),)), op=OP, herkomst=HERKOMST)
    assert casus.triage is not None


def test_uit_te_nodigen_expertise_met_een_telefoonnummer_wordt_geweigerd(profiel: RegioProfiel) -> None:
    casus = aangemeld(profiel)
    with pytest.raises(RegelGeschonden, match=r"uit_te_nodigen_expertise\.0 \(telefoon\)"):
        casus.trieer(triage(uit_te_nodigen_expertise=("jeugdarts, via 06-12345678",)), op=OP, herkomst=HERKOMST)


def test_lessen_bij_het_afsluiten_en_de_reden_van_het_wissen(profiel: RegioProfiel) -> None:
    casus = aangemeld(profiel)
    casus.trieer(triage(), op=OP, herkomst=HERKOMST)
    afsluiting = Afsluitformulier(
        reden="ingetrokken",
        waardering_samenwerking=7,
        waardering_effect=6,
        duurzame_oplossing=False,
        regie_bij="gemeente",
        lessen="Sem van der Berg had eerder gezien moeten worden.",
    )
    with pytest.raises(RegelGeschonden) as fout:
        casus.sluit_af(afsluiting, op=OP, herkomst=HERKOMST)
    assert fout.value.veld == "lessen"
    wissing = Wissing(grond=Wisgrond.VERZOEK, reden="Verzoek van M. Jansen per brief.")
    with pytest.raises(RegelGeschonden) as fout:
        casus.wis_persoonsgegevens(wissing, op=OP, herkomst=HERKOMST)
    assert fout.value.veld == "reden" and casus.gewist is None
    casus.wis_persoonsgegevens(Wissing(grond=Wisgrond.VERZOEK, reden="Verzoek per brief."), op=OP, herkomst=HERKOMST)
    assert casus.gewist is not None and casus.persoonsgegevens is None


def test_een_keuze_uit_een_lijst_is_geen_vrije_tekst_en_zonder_persoonsgegevens_valt_niets_te_zoeken(
    profiel: RegioProfiel,
) -> None:
    ouder = Persoon(naam="Anna Samenwerking")  # a name that is also a category's value
    casus = aangemeld(profiel, persoonsgegevens=GEGEVENS.model_copy(update={"ouders": (ouder,)}))
    casus.trieer(triage(knelpunten=(knelpunt("Wachtlijst."),)), op=OP, herkomst=HERKOMST)  # the category is a choice
    with pytest.raises(RegelGeschonden):  # the same word as free text is found
        casus.corrigeer(
            Correctie(
                onderdeel=Onderdeel.TRIAGE, wijzigingen={"uit_te_nodigen_expertise": ["Samenwerking"]}, reden="r"
            ),
            profiel,
            op=OP,
            herkomst=HERKOMST,
        )
    anoniem = Toestemming(anoniem=True, anonimiteit_goedgekeurd_door="voorzitter")
    zonder = aangemeld(profiel, persoonsgegevens=None, toestemming=anoniem)
    zonder.trieer(triage(knelpunten=(knelpunt("Moeder Jansen wil niet."),)), op=OP, herkomst=HERKOMST)
    assert zonder.triage is not None


def test_een_opgeslagen_triage_met_een_naam_laadt_nog(profiel: RegioProfiel) -> None:
    """The rule refuses the command; a stored event from before the rule replays as it was."""
    casus = aangemeld(profiel)
    oud = triage(knelpunten=(knelpunt("Moeder Jansen wil niet."),))
    casus._getrieerd_event(triage=oud, op=OP, herkomst=HERKOMST)
    herladen = None
    for event in casus.collect_events():
        herladen = event.mutate(herladen)
    assert isinstance(herladen, Casus) and herladen.triage == oud


def test_een_correctie_van_blijvende_tekst_wordt_net_zo_gecontroleerd(profiel: RegioProfiel) -> None:
    casus = aangemeld(profiel)
    casus.trieer(triage(), op=OP, herkomst=HERKOMST)
    met_naam = Correctie(
        onderdeel=Onderdeel.TRIAGE,
        wijzigingen={"uit_te_nodigen_expertise": ["jeugdarts van Sem van der Berg"]},
        reden="Aangevuld.",
    )
    with pytest.raises(RegelGeschonden) as fout:
        casus.corrigeer(met_naam, profiel, op=OP, herkomst=HERKOMST)
    assert fout.value.regel is Regel.PERSOONSGEGEVENS_IN_BLIJVENDE_TEKST
    assert fout.value.veld == "wijzigingen.uit_te_nodigen_expertise"


def test_een_oude_tekst_met_een_naam_houdt_een_correctie_van_een_ander_veld_niet_tegen(profiel: RegioProfiel) -> None:
    casus = aangemeld(profiel)
    casus._getrieerd_event(triage=triage(uit_te_nodigen_expertise=("jeugdarts van Sem",)), op=OP, herkomst=HERKOMST)
    anders = Correctie(onderdeel=Onderdeel.TRIAGE, wijzigingen={"toelichting": "Aangevuld."}, reden="Typefout.")
    casus.corrigeer(anders, profiel, op=OP, herkomst=HERKOMST)
    assert casus.triage is not None and casus.triage.toelichting == "Aangevuld."
