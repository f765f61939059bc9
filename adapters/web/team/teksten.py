"""The Dutch words the team's pages show for the domain's values."""

from __future__ import annotations

from adapters.web import teksten as gedeeld
from domain.bestuurlijk import Overleguitkomst
from domain.casus import Fase
from domain.normen import Norm
from domain.overlegmoment import Agendapuntsoort
from domain.regioprofiel import Adviessoort, Opschalingsniveau, Overlegsoort, Werkstroom
from domain.terugkoppeling import Uitvoeringsstand
from domain.waarden import (
    AanmelderRol,
    Afsluitreden,
    Doelscore,
    TriageUitkomst,
)

INTAKEVRAGEN = gedeeld.INTAKEVRAGEN
KNELPUNTCATEGORIEEN = gedeeld.KNELPUNTCATEGORIEEN
LEEFGEBIEDEN = gedeeld.LEEFGEBIEDEN
URGENTIES = gedeeld.URGENTIES

FASEN = {
    Fase.AANGEMELD: "Aangemeld",
    Fase.GETRIEERD: "Getrieerd",
    Fase.OVERLEG_GEPLAND: "Overleg gepland",
    Fase.ADVIES_UITGEBRACHT: "Advies uitgebracht",
    Fase.GEEVALUEERD: "Geëvalueerd",
    Fase.AFGESLOTEN: "Afgesloten",
}
WERKSTROMEN = {Werkstroom.A: "A – doorbraaktafel", Werkstroom.B: "B – vastgelopen casus"}
AANMELDERROLLEN = {
    AanmelderRol.TOEGANG: "Toegangsteam van de gemeente",
    AanmelderRol.GECERTIFICEERDE_INSTELLING: "Gecertificeerde instelling",
    AanmelderRol.VEILIG_THUIS: "Veilig Thuis",
    AanmelderRol.ZORGAANBIEDER: "Zorgaanbieder (via de gemeente)",
}
TRIAGE_UITKOMSTEN = {
    TriageUitkomst.BESPREKEN: "Bespreken in het expertteam",
    TriageUitkomst.ADVIES_NA_TRIAGE: "Advies na triage",
    TriageUitkomst.TERUGGELEGD: "Teruggelegd",
}
NORMEN = {
    Norm.TRIAGE: "Triage",
    Norm.OVERLEG: "Overleg",
    Norm.ADVIES_VERZONDEN: "Advies verzonden",
    Norm.EVALUATIE: "Evaluatie",
}
OVERLEGSOORTEN = {Overlegsoort.EXPERTTEAM: "Expertteamoverleg", Overlegsoort.DOORBRAAKTAFEL: "Doorbraaktafel"}
ADVIESSOORTEN = {Adviessoort.ZWAARWEGEND: "Zwaarwegend", Adviessoort.BINDEND: "Bindend"}
DOELSCORES = {Doelscore.BEHAALD: "Behaald", Doelscore.DEELS: "Deels behaald", Doelscore.NIET_BEHAALD: "Niet behaald"}
OPSCHALINGSNIVEAUS = {
    Opschalingsniveau.BOVENREGIONAAL: "Bovenregionaal (netwerk)",
    Opschalingsniveau.BESTUURLIJK: "Bestuurlijk",
}
AFSLUITREDENEN = {
    Afsluitreden.DOELEN_BEHAALD: "Doelen behaald",
    Afsluitreden.PASSENDE_HULP_GEORGANISEERD: "Passende hulp georganiseerd",
    Afsluitreden.TERUGGELEGD: "Teruggelegd",
    Afsluitreden.OVERGEDRAGEN: "Overgedragen",
    Afsluitreden.INGETROKKEN: "Ingetrokken",
    Afsluitreden.OVERIG: "Overig",
}
OVERLEGUITKOMSTEN = {
    Overleguitkomst.OPLOSSING_AFGESPROKEN: "Oplossing afgesproken",
    Overleguitkomst.VERVOLGOVERLEG: "Vervolgoverleg nodig",
    Overleguitkomst.GEEN_OPLOSSING: "Geen oplossing",
}
UITVOERINGSSTANDEN = {Uitvoeringsstand.JA: "Ja", Uitvoeringsstand.DEELS: "Deels", Uitvoeringsstand.NEE: "Nee"}
AGENDAPUNTSOORTEN = {
    Agendapuntsoort.NIEUW: "Nieuw",
    Agendapuntsoort.TERUG_OP_TAFEL: "Terug op tafel",
    Agendapuntsoort.EVALUATIE: "Evaluatie",
}
GEBEURTENISSEN = {
    "Aangemeld": "Aangemeld",
    "Getrieerd": "Getrieerd",
    "OverlegGepland": "Overleg gepland",
    "AdviesUitgebracht": "Advies uitgebracht",
    "EvaluatieVastgelegd": "Evaluatie vastgelegd",
    "EvaluatiemomentGepland": "Evaluatiemoment gepland",
    "Opgeschaald": "Opgeschaald",
    "Afgesloten": "Afgesloten",
    "Heropend": "Heropend",
    "Gecorrigeerd": "Gecorrigeerd",
    "Teruggekoppeld": "Teruggekoppeld",
    "NetwerkBesluitOntvangen": "Besluit van het netwerk ontvangen",
    "NetwerkActieOntvangen": "Actie van het netwerk ontvangen",
    "NetwerkAfgesloten": "Afgesloten door het netwerk",
    "BestuurlijkOverlegGehouden": "Bestuurlijk overleg gehouden",
    "BestuurlijkOverlegGeevalueerd": "Bestuurlijk overleg geëvalueerd",
    "PersoonsgegevensGewist": "Persoonsgegevens gewist",
}
CORRIGEERBARE_ONDERDELEN = {
    "aanmelding": "Aanmelding",
    "persoonsgegevens": "Persoonsgegevens",
    "triage": "Triage",
    "advies": "Advies",
    "afsluiting": "Afsluiting",
}


def werkdagen(aantal: int) -> str:
    return f"{aantal} werkdag" if aantal == 1 else f"{aantal} werkdagen"


def te_laat(aantal: int) -> str:
    """The words beside the red of an overdue date: colour is never the only signal."""
    return f"te laat, {werkdagen(aantal)}"
