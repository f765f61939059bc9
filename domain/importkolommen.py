"""The columns of the import template, in the order of the template's header row."""

from __future__ import annotations

from domain.importsjabloon import NIET_VASTGELEGD, Kolom, Soort, keuzes
from domain.regioprofiel import Adviessoort, Opschalingsniveau, Werkstroom
from domain.waarden import AanmelderRol, Afsluitreden, Doelscore, Leefgebied, TriageUitkomst, Urgentie

REGISTRATIENUMMER = "Registratienummer"
AANMELDDATUM = "Aanmelddatum"
GEMEENTE = "Woonplaatsgemeente"
LEEFTIJD = "Leeftijd"
WERKSTROOM = "Werkstroom"
PLAATSINGSDATUM = "Plaatsingsdatum"
AANMELDER_ROL = "Aanmelder rol"
AANMELDER_ORGANISATIE = "Aanmelder organisatie"
LEEFGEBIEDEN = "Leefgebieden"
URGENTIE = "Urgentie"
TOESTEMMING_DOOR = "Toestemming door"
TOESTEMMING_DATUM = "Toestemming datum"
ANONIEM_GOEDGEKEURD_DOOR = "Anoniem goedgekeurd door"
TRIAGEDATUM = "Triagedatum"
TRIAGE_UITKOMST = "Triage-uitkomst"
MEERDERE_LEEFGEBIEDEN = "Meerdere leefgebieden verergeren"
HANDELINGSVERLEGENHEID = "Handelingsverlegenheid"
SAMENWERKING_VASTGELOPEN = "Samenwerking vastgelopen"
REDEN_TERUGLEGGING = "Reden teruglegging"
OVERLEGDATUM = "Overlegdatum"
ADVIESDATUM = "Adviesdatum"
ADVIESSOORT = "Adviessoort"
CASUSREGISSEUR = "Casusregisseur"
EVALUATIEDATUM = "Evaluatiedatum"
DOELEN_BEHAALD = "Doelen behaald"
OPSCHALING = "Opschaling"
OPSCHALINGSDATUM = "Opschalingsdatum"
AFSLUITDATUM = "Afsluitdatum"
AFSLUITREDEN = "Afsluitreden"
WAARDERING_SAMENWERKING = "Waardering samenwerking"
WAARDERING_EFFECT = "Waardering effect"
UITHUISPLAATSING_VOORKOMEN = "Uithuisplaatsing voorkomen"
DUURZAME_OPLOSSING = "Duurzame oplossing"

WERKSTROMEN = keuzes(*Werkstroom, werkstroom_a="A", werkstroom_b="B", doorbraaktafel="A")
AANMELDER_ROLLEN = keuzes(
    *AanmelderRol,
    gi="gecertificeerde-instelling",
    vt="veilig-thuis",
    gemeente="toegang",
    wijkteam="toegang",
    sociaal_team="toegang",
    toegangsteam="toegang",
    jeugdbescherming="gecertificeerde-instelling",
    aanbieder="zorgaanbieder",
)
LEEFGEBIED_WAARDEN = keuzes(*Leefgebied, school="onderwijs", ggz="psychisch", financien="werk-en-inkomen")
URGENTIES = keuzes(*Urgentie)
TRIAGE_UITKOMSTEN = keuzes(*TriageUitkomst, advies="advies-na-triage", niet_toegelaten="teruggelegd")
ADVIESSOORTEN = keuzes(*Adviessoort)
DOELSCORES = keuzes(*Doelscore, ja="behaald", nee="niet-behaald", gedeeltelijk="deels", gedeeltelijk_behaald="deels")
OPSCHALINGEN = keuzes(*Opschalingsniveau, ben="bovenregionaal", netwerk="bovenregionaal", nee="", geen="")
AFSLUITREDENEN = keuzes(*Afsluitreden)


def _namen(waarden: dict[str, str]) -> tuple[str, ...]:
    return tuple(sorted({w for w in waarden.values() if w}))


KOLOMMEN: tuple[Kolom, ...] = (
    Kolom(
        REGISTRATIENUMMER,
        Soort.TEKST,
        "Uw eigen nummer van de melding (optioneel). Met een nummer herkent een tweede import dezelfde rij, ook "
        "als u gegevens van de aanmelding verbetert; zonder nummer herkent de import een rij aan de gegevens van "
        "de aanmelding.",
        voorbeeld="2025-017",
    ),
    Kolom(AANMELDDATUM, Soort.DATUM, "De dag waarop de casus is aangemeld.", verplicht=True, voorbeeld="03-02-2025"),
    Kolom(
        GEMEENTE,
        Soort.TEKST,
        "De woonplaatsgemeente van de jeugdige (woonplaatsbeginsel); een gemeente van de regio.",
        verplicht=True,
        voorbeeld="Tilburg",
    ),
    Kolom(LEEFTIJD, Soort.GETAL, "Leeftijd van de jeugdige bij aanmelding, 0 tot en met 23.", True, voorbeeld="14"),
    Kolom(
        WERKSTROOM, Soort.KEUZE, "A (doorbraaktafel) of B (vastgelopen casus).", True, _namen(WERKSTROMEN), None, "B"
    ),
    Kolom(
        PLAATSINGSDATUM,
        Soort.DATUM,
        "Werkstroom A: de dag van plaatsing in de tussenvoorziening (optioneel).",
        voorbeeld="01-02-2025",
    ),
    Kolom(AANMELDER_ROL, Soort.KEUZE, "Wie meldde aan.", True, _namen(AANMELDER_ROLLEN), None, "toegang"),
    Kolom(
        AANMELDER_ORGANISATIE,
        Soort.TEKST,
        "De organisatie van de aanmelder (geen naam van een persoon).",
        standaard=NIET_VASTGELEGD,
        voorbeeld="Toegang gemeente Tilburg",
    ),
    Kolom(
        LEEFGEBIEDEN,
        Soort.LIJST,
        "De betrokken leefgebieden, gescheiden door komma's.",
        True,
        _namen(LEEFGEBIED_WAARDEN),
        None,
        "gezin, onderwijs, psychisch",
    ),
    Kolom(URGENTIE, Soort.KEUZE, "Hoe snel actie nodig is.", False, _namen(URGENTIES), "normaal", "hoog"),
    Kolom(
        TOESTEMMING_DOOR,
        Soort.TEKST,
        "Wie toestemming gaf om de casus te bespreken (bijvoorbeeld: ouders, jeugdige). Verplicht, tenzij de "
        "casus anoniem is aangemeld met goedkeuring van de voorzitter.",
        voorbeeld="ouders en jeugdige",
    ),
    Kolom(TOESTEMMING_DATUM, Soort.DATUM, "Wanneer de toestemming is gegeven.", standaard="de aanmelddatum"),
    Kolom(
        ANONIEM_GOEDGEKEURD_DOOR,
        Soort.TEKST,
        "Alleen bij een anonieme aanmelding: wie (welke rol) de anonimiteit goedkeurde.",
        voorbeeld="voorzitter",
    ),
    Kolom(TRIAGEDATUM, Soort.DATUM, "De dag van de triage; verplicht als er een triage-uitkomst is.", voorbeeld=""),
    Kolom(
        TRIAGE_UITKOMST,
        Soort.KEUZE,
        "Uitkomst van de triage; verplicht als er een triagedatum is. Bespreken kan alleen bij een complexe "
        "casus (zie de drie kolommen hierna).",
        False,
        _namen(TRIAGE_UITKOMSTEN),
        None,
        "bespreken",
    ),
    Kolom(MEERDERE_LEEFGEBIEDEN, Soort.JA_NEE, "Problemen op meer dan één leefgebied die verergeren.", standaard="nee"),
    Kolom(HANDELINGSVERLEGENHEID, Soort.JA_NEE, "De aanmelder is handelingsverlegen.", standaard="nee"),
    Kolom(SAMENWERKING_VASTGELOPEN, Soort.JA_NEE, "Samenwerking tussen partijen is vastgelopen.", standaard="nee"),
    Kolom(REDEN_TERUGLEGGING, Soort.TEKST, "Verplicht bij uitkomst teruggelegd: waarom niet toegelaten."),
    Kolom(
        OVERLEGDATUM,
        Soort.DATUM,
        "De dag van het overleg (expertteam of doorbraaktafel); alleen na triage-uitkomst bespreken. De planning "
        "wordt vastgelegd op de triagedatum.",
    ),
    Kolom(
        ADVIESDATUM,
        Soort.DATUM,
        "De dag waarop het advies is uitgebracht; op of na het overleg (of na triage bij advies-na-triage).",
    ),
    Kolom(
        ADVIESSOORT,
        Soort.KEUZE,
        "Zwaarwegend of bindend; leeg: de soort die de regio geeft (als zij er één geeft).",
        False,
        _namen(ADVIESSOORTEN),
    ),
    Kolom(
        CASUSREGISSEUR, Soort.TEKST, "Wie de regie heeft na het advies (rol of organisatie).", standaard=NIET_VASTGELEGD
    ),
    Kolom(
        EVALUATIEDATUM,
        Soort.DATUM,
        "De dag van de evaluatie van het advies. Leeg: het evaluatiemoment van het advies wordt de adviesdatum "
        "plus de norm van de regio (3 maanden).",
    ),
    Kolom(DOELEN_BEHAALD, Soort.KEUZE, "Verplicht bij een evaluatiedatum.", False, _namen(DOELSCORES), None, "deels"),
    Kolom(
        OPSCHALING,
        Soort.KEUZE,
        "Opgeschaald? bovenregionaal (naar het expertisenetwerk) of bestuurlijk (na bovenregionaal); leeg: nee. "
        "Een bovenregionale opschaling gaat naar het netwerk zoals elke andere.",
        False,
        _namen(OPSCHALINGEN),
    ),
    Kolom(OPSCHALINGSDATUM, Soort.DATUM, "De dag van de opschaling; verplicht bij opschaling."),
    Kolom(AFSLUITDATUM, Soort.DATUM, "De dag waarop de casus is afgesloten."),
    Kolom(AFSLUITREDEN, Soort.KEUZE, "Verplicht bij een afsluitdatum.", False, _namen(AFSLUITREDENEN), None),
    Kolom(WAARDERING_SAMENWERKING, Soort.GETAL, "Cijfer 1-10 uit het afsluitformulier; verplicht bij afsluiting."),
    Kolom(WAARDERING_EFFECT, Soort.GETAL, "Cijfer 1-10 uit het afsluitformulier; verplicht bij afsluiting."),
    Kolom(UITHUISPLAATSING_VOORKOMEN, Soort.JA_NEE, "Is een uithuisplaatsing voorkomen? Leeg: niet vastgelegd."),
    Kolom(DUURZAME_OPLOSSING, Soort.JA_NEE, "Is er een duurzame oplossing? Verplicht bij afsluiting."),
)
KOLOMNAMEN = tuple(k.naam for k in KOLOMMEN)
