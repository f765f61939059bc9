"""Value objects of the regional case: the facts each step records."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from domain.invoer import DATUM, TEKENS, Geheel, Invoerregel, hoogstens
from domain.regioprofiel import Adviessoort, Opschalingsniveau, Overlegsoort, Werkstroom

Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000), TEKENS]
KorteTekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), TEKENS]
Datum = Annotated[date, DATUM]
"""A date from 1900 to 2100."""
Sleutel = Annotated[str, Invoerregel(max_lengte=255, patroon=r"^[\x21-\x7e]+$")]
"""An idempotency key or a request's fingerprint: printable ASCII, no spaces."""
Doelcode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]


class Waarde(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AanmelderRol(StrEnum):
    TOEGANG = "toegang"  # municipal access team consultant
    GECERTIFICEERDE_INSTELLING = "gecertificeerde-instelling"
    VEILIG_THUIS = "veilig-thuis"
    ZORGAANBIEDER = "zorgaanbieder"  # a care provider, via the municipality


class Leefgebied(StrEnum):
    GEZIN = "gezin"
    OPVOEDING = "opvoeding"
    ONDERWIJS = "onderwijs"
    WERK_EN_INKOMEN = "werk-en-inkomen"
    WONEN = "wonen"
    GEZONDHEID = "gezondheid"
    PSYCHISCH = "psychisch"
    VERSLAVING = "verslaving"
    VEILIGHEID = "veiligheid"
    JUSTITIE = "justitie"
    VRIJE_TIJD_EN_SOCIAAL = "vrije-tijd-en-sociaal"


class Urgentie(StrEnum):
    LAAG = "laag"
    NORMAAL = "normaal"
    HOOG = "hoog"
    CRISIS = "crisis"


class TriageUitkomst(StrEnum):
    BESPREKEN = "bespreken"
    ADVIES_NA_TRIAGE = "advies-na-triage"
    TERUGGELEGD = "teruggelegd"


class Doelscore(StrEnum):
    BEHAALD = "behaald"
    DEELS = "deels"
    NIET_BEHAALD = "niet-behaald"


class Knelpuntcategorie(StrEnum):
    ZORGINHOUD = "zorginhoud"
    FINANCIERING = "financiering"
    SAMENWERKING = "samenwerking"


class Herkomst(Waarde):
    """Who gave the command, in which role, under which idempotency key; and the day it was recorded when
    that is not the step's business date (a step registered afterwards)."""

    actor: KorteTekst
    rol: KorteTekst
    idempotency_key: Sleutel | None = None
    verzoek_hash: Sleutel | None = None
    vastgelegd_op: Datum | None = None


class Aanmelder(Waarde):
    naam: KorteTekst
    organisatie: KorteTekst
    rol: AanmelderRol


class Toestemming(Waarde):
    """Consent of parents/youth to discuss the case, or approved anonymity."""

    gegeven_door: KorteTekst | None = None
    gegeven_op: Datum | None = None
    anoniem: bool = False
    anonimiteit_goedgekeurd_door: KorteTekst | None = None

    def is_vastgelegd(self) -> bool:
        return self.gegeven_door is not None and self.gegeven_op is not None


class Knelpunt(Waarde):
    categorie: Knelpuntcategorie
    omschrijving: Tekst


class Persoon(Waarde):
    """Identifying data of one person; kept apart from the case's facts."""

    naam: KorteTekst
    geboortedatum: Datum | None = None
    telefoon: KorteTekst | None = None
    email: KorteTekst | None = None
    adres: KorteTekst | None = None


class Persoonsgegevens(Waarde):
    """Everything that identifies the young person and family, erasable as a whole."""

    jeugdige: Persoon | None = None
    ouders: Annotated[tuple[Persoon, ...], hoogstens(10)] = ()
    gezinssituatie: Tekst | None = None


class Ervaringsdeskundige(Waarde):
    """Whether an ervaringsdeskundige (expert by experience) was offered to the family, and whether they want
    one (seed 000: asked at every registration)."""

    aangeboden: bool
    gewenst: bool | None = Field(None, description="The family's answer; only when one was offered.")

    @model_validator(mode="after")
    def _gewenst_na_aanbod(self) -> Ervaringsdeskundige:
        if not self.aangeboden and self.gewenst is not None:
            raise ValueError("gewenst is the answer to an offer: leave it out when none was made (aangeboden false)")
        return self


class Aanmelding(Waarde):
    """The facts of a registration, free of identifying data."""

    werkstroom: Werkstroom
    aanmelder: Aanmelder
    woonplaatsgemeente: KorteTekst
    leeftijd: Geheel = Field(description="Age of the young person at registration.")
    leefgebieden: Annotated[tuple[Leefgebied, ...], hoogstens(len(Leefgebied), uniek=True)] = Field(min_length=1)
    vraag: Tekst
    wensen_ouders_jeugdige: Tekst
    betrokkenheid_ouders_jeugdige: Tekst
    al_geprobeerd: Tekst
    urgentie: Urgentie
    toestemming: Toestemming
    plaatsingsdatum: Datum | None = Field(None, description="Werkstroom A: date of placement in the tussenvoorziening.")
    ervaringsdeskundige: Ervaringsdeskundige | None = Field(
        None, description="Offered to the family, and wanted? (absent: not recorded)"
    )


class Triage(Waarde):
    uitkomst: TriageUitkomst
    meerdere_leefgebieden_verergeren: bool
    handelingsverlegenheid: bool
    samenwerking_vastgelopen: bool
    toelichting: Tekst
    uit_te_nodigen_expertise: Annotated[tuple[KorteTekst, ...], hoogstens(50)] = ()
    reden_teruglegging: Tekst | None = None
    verwijzing: Tekst | None = None
    knelpunten: Annotated[tuple[Knelpunt, ...], hoogstens(50)] = ()

    def is_complexe_casus(self) -> bool:
        """Seed 004: several worsening life areas AND (stuck referrer OR failed cooperation)."""
        return self.meerdere_leefgebieden_verergeren and (self.handelingsverlegenheid or self.samenwerking_vastgelopen)

    @model_validator(mode="after")
    def _teruglegging_met_reden(self) -> Triage:
        if self.uitkomst is TriageUitkomst.TERUGGELEGD and not self.reden_teruglegging:
            raise ValueError("reden_teruglegging is required when the case is teruggelegd")
        return self


class Overleg(Waarde):
    datum: Datum
    genodigden: Annotated[tuple[KorteTekst, ...], hoogstens(100)] = Field(min_length=1)
    locatie: KorteTekst | None = None
    ervaringsdeskundige_aanwezig: bool | None = Field(
        None, description="Whether an ervaringsdeskundige took part (absent: not recorded)."
    )
    soort: Overlegsoort | None = Field(None, description="The kind of meeting on that date, when there are several.")


class Stap(Waarde):
    omschrijving: Tekst
    eigenaar: KorteTekst
    deadline: Datum


class Doel(Waarde):
    code: Doelcode
    omschrijving: Tekst
    termijn: Datum
    beoogd_effect: Tekst


class Advies(Waarde):
    """The zwaarwegend or bindend advies with its seven elements (seed 001, art. 7)."""

    probleemschets: Tekst
    advies: Tekst
    soort_ondersteuning: Tekst
    stappen: Annotated[tuple[Stap, ...], hoogstens(100)] = Field(min_length=1)
    onderbouwing: Tekst
    doelen: Annotated[tuple[Doel, ...], hoogstens(50)] = Field(min_length=1)
    randvoorwaarden: Tekst
    casusregisseur: KorteTekst
    evaluatiedatum: Datum
    verzonden_op: Datum | None = None
    knelpunten: Annotated[tuple[Knelpunt, ...], hoogstens(50)] = ()
    soort: Adviessoort | None = Field(
        None, description="zwaarwegend or bindend; when left out, the kind the region gives (if it gives one)."
    )

    @model_validator(mode="after")
    def _doelcodes_uniek(self) -> Advies:
        codes = [doel.code for doel in self.doelen]
        if len(set(codes)) != len(codes):
            raise ValueError("each goal needs its own code")
        return self


class Evaluatie(Waarde):
    datum: Datum
    scores: Annotated[dict[Annotated[str, Invoerregel(patroon=r"^[A-Za-z0-9_-]{1,40}$")], Doelscore], hoogstens(50)] = (
        Field(min_length=1, description="Score per goal code.")
    )
    toelichting: Tekst
    terug_op_tafel: bool = False


class Intakevragen(Waarde):
    """The network's eight intake questions (seed 002, stap 1)."""

    vraag: Tekst
    wensen_ouders_jeugdige: Tekst
    onderzocht_en_geprobeerd: Tekst
    best_passende_oplossing: Tekst
    belemmeringen: Tekst
    urgentie: Tekst
    risicos: Tekst
    nu_nodig: Tekst


class Opschaling(Waarde):
    niveau: Opschalingsniveau
    reden: Tekst
    intakevragen: Intakevragen | None = None

    @model_validator(mode="after")
    def _intake_bij_bovenregionaal(self) -> Opschaling:
        if self.niveau is Opschalingsniveau.BOVENREGIONAAL and self.intakevragen is None:
            raise ValueError("intakevragen are required for a bovenregionale opschaling")
        return self


class Afsluitreden(StrEnum):
    DOELEN_BEHAALD = "doelen-behaald"
    PASSENDE_HULP_GEORGANISEERD = "passende-hulp-georganiseerd"
    TERUGGELEGD = "teruggelegd"
    OVERGEDRAGEN = "overgedragen"
    INGETROKKEN = "ingetrokken"
    OVERIG = "overig"


class Afsluitformulier(Waarde):
    reden: Afsluitreden
    waardering_samenwerking: Geheel = Field(ge=1, le=10)
    waardering_effect: Geheel = Field(ge=1, le=10)
    uithuisplaatsing_voorkomen: bool | None = None
    duurzame_oplossing: bool
    vast_contactpersoon: KorteTekst | None = None
    regie_bij: KorteTekst
    lessen: Tekst
    knelpunten: Annotated[tuple[Knelpunt, ...], hoogstens(50)] = ()
    lessen_categorie: Knelpuntcategorie | None = Field(
        None, description="Where the lessons belong in the learning cycle: zorginhoud, financiering or samenwerking."
    )


class Heropening(Waarde):
    reden: Tekst
