"""The rules a command can break, and the error that names the broken rule."""

from __future__ import annotations

from enum import StrEnum


class Regel(StrEnum):
    """Every invariant of the regional and the network case; the value is the rule's stable name."""

    TOESTEMMING_VEREIST = "toestemming-vereist"
    ANONIEM_ZONDER_GOEDKEURING = "anoniem-zonder-goedkeuring"
    ANONIEM_MET_PERSOONSGEGEVENS = "anoniem-met-persoonsgegevens"
    LEEFTIJD_BUITEN_BEREIK = "leeftijd-buiten-bereik"
    LEEFTIJD_KLOPT_NIET = "leeftijd-klopt-niet-met-geboortedatum"
    GEMEENTE_BUITEN_REGIO = "gemeente-buiten-regio"
    WERKSTROOM_NIET_AANGEBODEN = "werkstroom-niet-aangeboden"
    AL_GETRIEERD = "al-getrieerd"
    NOG_NIET_GETRIEERD = "nog-niet-getrieerd"
    GEEN_COMPLEXE_CASUS = "geen-complexe-casus"
    NIET_TER_BESPREKING = "niet-ter-bespreking"
    ADVIES_ZONDER_OVERLEG = "advies-zonder-overleg"
    EVALUATIE_ZONDER_ADVIES = "evaluatie-zonder-advies"
    EVALUATIE_ONBEKEND_DOEL = "evaluatie-onbekend-doel"
    EVALUATIEMOMENT_VOOR_ADVIES = "evaluatiemoment-voor-advies"
    OPSCHALING_NIET_IN_KETEN = "opschaling-niet-in-keten"
    OPSCHALING_BUITEN_VOLGORDE = "opschaling-buiten-volgorde"
    AL_OPGESCHAALD = "al-opgeschaald"
    CASUS_AFGESLOTEN = "casus-afgesloten"
    CASUS_NIET_AFGESLOTEN = "casus-niet-afgesloten"
    DATUM_VOOR_AANMELDING = "datum-voor-aanmelding"
    ADVIES_VOOR_OVERLEG = "advies-voor-overleg"
    DATUM_IN_TOEKOMST = "datum-in-toekomst"
    KERNTEAM_AL_BESLOTEN = "kernteam-al-besloten"
    KERNTEAM_NOG_GEEN_BESLUIT = "kernteam-nog-geen-besluit"
    NETWERKCASUS_TERUGGELEGD = "netwerkcasus-teruggelegd"
    NETWERKCASUS_AFGESLOTEN = "netwerkcasus-afgesloten"
    AFSLUITCHECKLIST_ONVOLLEDIG = "afsluitchecklist-onvolledig"
    NIET_BOVENREGIONAAL_OPGESCHAALD = "niet-bovenregionaal-opgeschaald"
    PERSOONSGEGEVENS_IN_ESCALATIE = "persoonsgegevens-in-escalatie"
    DATUM_VOOR_VORIGE_STAP = "datum-voor-vorige-stap"
    AANMELDING_TE_LANG_GELEDEN = "aanmelding-te-lang-geleden"
    ADVIESSOORT_NIET_IN_REGIO = "adviessoort-niet-in-regio"
    CORRECTIE_ONGELDIG = "correctie-ongeldig"
    CORRECTIE_NIET_TOEGESTAAN = "correctie-niet-toegestaan"
    CORRECTIE_ZONDER_WIJZIGING = "correctie-zonder-wijziging"
    NIETS_TE_CORRIGEREN = "niets-te-corrigeren"
    TERUGKOPPELING_ZONDER_ADVIES = "terugkoppeling-zonder-advies"
    TERUGKOPPELING_NA_EVALUATIE = "terugkoppeling-na-evaluatie"
    AL_TERUGGEKOPPELD = "al-teruggekoppeld"
    NIET_BESTUURLIJK_OPGESCHAALD = "niet-bestuurlijk-opgeschaald"
    BESTUURLIJK_OVERLEG_VOOR_OPSCHALING = "bestuurlijk-overleg-voor-opschaling"
    EVALUATIE_ZONDER_BESTUURLIJK_OVERLEG = "evaluatie-zonder-bestuurlijk-overleg"
    EVALUATIE_VOOR_BESTUURLIJK_OVERLEG = "evaluatie-voor-bestuurlijk-overleg"
    BESTUURLIJK_AL_GEEVALUEERD = "bestuurlijk-al-geevalueerd"
    TE_VEEL_EVALUATIES = "te-veel-evaluaties"
    GEEN_OVERLEG_OP_DATUM = "geen-overleg-op-datum"
    OVERLEG_BESTAAT_AL = "overleg-bestaat-al"
    PERSOONSGEGEVENS_GEWIST = "persoonsgegevens-gewist"
    PERSOONSGEGEVENS_IN_BLIJVENDE_TEKST = "persoonsgegevens-in-blijvende-tekst"


class RegelGeschonden(Exception):
    """A command was refused because it would break the named rule; `veld` names the input at fault, if one is."""

    def __init__(self, regel: Regel, melding: str, *, veld: str | None = None) -> None:
        super().__init__(f"{regel.value}: {melding}")
        self.regel = regel
        self.melding = melding
        self.veld = veld
