"""A row of the import template → the commands it implies (a `Rijplan`), or the problems that stop it.

A row is read in two passes. First each cell: its type, its allowed values, and which columns a step needs
(`Importregel`). Then the row's commands run on a scratch case that is never stored, with the rows' own dates:
what the case refuses is the domain's own rule (`domain.fouten.Regel`), shown at the column that holds it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ValidationError

from domain import importkolommen as k
from domain.bedrijfsdatum import controleer_aanmeldingsdatum, controleer_stapdatum
from domain.casus import Casus
from domain.fouten import Regel, RegelGeschonden
from domain.importsjabloon import (
    NIET_VASTGELEGD,
    Celfout,
    Celwaarde,
    Importregel,
    Rijprobleem,
    als_datum,
    als_getal,
    als_ja_nee,
    als_keuze,
    als_lijst,
    als_tekst,
    leeg,
)
from domain.regioprofiel import Opschalingsniveau, RegioProfiel
from domain.waarden import (
    Aanmelder,
    Aanmelding,
    Advies,
    Afsluitformulier,
    Doel,
    Evaluatie,
    Herkomst,
    Intakevragen,
    Opschaling,
    Overleg,
    Stap,
    Toestemming,
    Triage,
    TriageUitkomst,
)

SIMULATIE = Herkomst(actor="import", rol="secretaris")
DOELCODE = "D1"
"""The one goal of an imported advice: the sheet scores the advice's goals as a whole."""

OPDRACHTEN = ("meld_aan", "trieer", "plan_overleg", "breng_advies_uit", "leg_evaluatie_vast", "schaal_op", "sluit_af")

REGEL_KOLOM: dict[Regel, str] = {
    Regel.TOESTEMMING_VEREIST: k.TOESTEMMING_DOOR,
    Regel.ANONIEM_ZONDER_GOEDKEURING: k.ANONIEM_GOEDGEKEURD_DOOR,
    Regel.LEEFTIJD_BUITEN_BEREIK: k.LEEFTIJD,
    Regel.GEMEENTE_BUITEN_REGIO: k.GEMEENTE,
    Regel.WERKSTROOM_NIET_AANGEBODEN: k.WERKSTROOM,
    Regel.GEEN_COMPLEXE_CASUS: k.TRIAGE_UITKOMST,
    Regel.ADVIESSOORT_NIET_IN_REGIO: k.ADVIESSOORT,
    Regel.OPSCHALING_NIET_IN_KETEN: k.OPSCHALING,
    Regel.OPSCHALING_BUITEN_VOLGORDE: k.OPSCHALING,
    Regel.AL_OPGESCHAALD: k.OPSCHALING,
    Regel.AANMELDING_TE_LANG_GELEDEN: k.AANMELDDATUM,
}
"""Where a refusal of the domain points in the sheet; any other points at the date column of the refused step."""


@dataclass(frozen=True)
class Importstap:
    """One command of a row: which, its business date, its value, and the column that dates it."""

    opdracht: str
    op: date
    waarde: BaseModel
    kolom: str

    def vingerafdruk(self) -> str:
        """The command's content: a re-import with other content under the same key is refused."""
        inhoud = f"{self.opdracht}|{self.op.isoformat()}|{self.waarde.model_dump_json()}"
        return hashlib.sha256(inhoud.encode()).hexdigest()


@dataclass(frozen=True)
class Rijplan:
    rij: int
    identiteit: str
    """Stable over re-exports: the Registratienummer, or the registration's own data (see `identiteit`)."""
    stappen: tuple[Importstap, ...]

    def sleutel(self, stap: Importstap) -> str:
        """The idempotency key of one of the row's commands."""
        return f"import-{self.identiteit}-{stap.opdracht}"


@dataclass
class _Lezer:
    """Reads the cells of one row, collecting every problem instead of stopping at the first."""

    rij: int
    cellen: Mapping[str, Celwaarde]
    problemen: list[Rijprobleem] = field(default_factory=list)

    def probleem(self, kolom: str, regel: str, melding: str) -> None:
        self.problemen.append(Rijprobleem(self.rij, kolom, str(regel), melding))

    def lees(self, kolom: str, omzetten: Callable[[Celwaarde], Any], *, verplicht: bool = False) -> Any:
        waarde = self.cellen.get(kolom)
        if leeg(waarde):
            if verplicht:
                self.probleem(kolom, Importregel.VERPLICHT, "required")
            return None
        try:
            return omzetten(waarde)
        except Celfout as e:
            self.probleem(kolom, e.regel, e.melding)
            return None

    def gevuld(self, kolom: str) -> bool:
        return not leeg(self.cellen.get(kolom))


def _plus_maanden(dag: date, maanden: int) -> date:
    maand = dag.month - 1 + maanden
    jaar, maand = dag.year + maand // 12, maand % 12 + 1
    for dagnummer in (dag.day, 30, 29, 28):
        try:
            return dag.replace(year=jaar, month=maand, day=dagnummer)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _tekst(w: Celwaarde) -> str:
    return als_tekst(w)


def _bouw(lezer: _Lezer, kolom: str, bouwer: Callable[[], BaseModel]) -> BaseModel | None:
    """A value object, or a problem at `kolom` when the domain's model refuses it."""
    try:
        return bouwer()
    except ValidationError as e:
        fout = e.errors(include_url=False, include_input=False)[0]
        lezer.probleem(kolom, Importregel.ONGELDIG, f"{'.'.join(map(str, fout['loc']))}: {fout['msg']}")
        return None


Bouwer = Callable[[], BaseModel]
Ontwerp = tuple[str, date, str, Bouwer]
"""A command before its value is built: which, its date, the column that dates it, and how to build it."""


def lees_stappen(
    rij: int, cellen: Mapping[str, Celwaarde], profiel: RegioProfiel
) -> tuple[list[Importstap], list[Rijprobleem]]:
    """The row's commands in the order they ran, and the problems of its cells (no commands when there are)."""
    lees = _Lezer(rij, cellen)
    aangemeld, aanmelding = _aanmelding(lees)
    regisseur = lees.lees(k.CASUSREGISSEUR, _tekst) or NIET_VASTGELEGD
    ontwerpen = [("meld_aan", aangemeld, k.AANMELDDATUM, aanmelding), *_verloop(lees, profiel, aangemeld, regisseur)]
    afsluiting = _afsluiting(lees, regisseur)
    opschaling = _opschaling(lees)
    if lees.problemen:
        return [], lees.problemen
    stappen: list[Importstap] = []
    for opdracht, op, kolom, bouwer in [*ontwerpen, *afsluiting]:
        waarde = _bouw(lees, kolom, bouwer)
        if waarde is not None:
            stappen.append(Importstap(opdracht, op, waarde, kolom))
    for opdracht, op, kolom, bouwer in opschaling:
        waarde = _bouw(lees, k.OPSCHALING, bouwer)
        if waarde is not None:
            # an escalation falls between the steps by its date: after every step dated on or before it
            plek = 1 + sum(1 for s in stappen[1:] if s.op <= op)
            stappen.insert(plek, Importstap(opdracht, op, waarde, kolom))
    return ([], lees.problemen) if lees.problemen else (stappen, [])


def _aanmelding(lees: _Lezer) -> tuple[Any, Bouwer]:
    aangemeld = lees.lees(k.AANMELDDATUM, als_datum, verplicht=True)
    gemeente = lees.lees(k.GEMEENTE, _tekst, verplicht=True)
    leeftijd = lees.lees(k.LEEFTIJD, lambda w: als_getal(w, -1, 150), verplicht=True)
    werkstroom = lees.lees(k.WERKSTROOM, lambda w: als_keuze(w, k.WERKSTROMEN), verplicht=True)
    plaatsing = lees.lees(k.PLAATSINGSDATUM, als_datum)
    rol = lees.lees(k.AANMELDER_ROL, lambda w: als_keuze(w, k.AANMELDER_ROLLEN), verplicht=True)
    organisatie = lees.lees(k.AANMELDER_ORGANISATIE, _tekst) or NIET_VASTGELEGD
    leefgebieden = lees.lees(k.LEEFGEBIEDEN, lambda w: als_lijst(w, k.LEEFGEBIED_WAARDEN), verplicht=True)
    urgentie = lees.lees(k.URGENTIE, lambda w: als_keuze(w, k.URGENTIES)) or "normaal"
    toestemming_door = lees.lees(k.TOESTEMMING_DOOR, _tekst)
    toestemming_op = lees.lees(k.TOESTEMMING_DATUM, als_datum) or aangemeld
    anoniem_door = lees.lees(k.ANONIEM_GOEDGEKEURD_DOOR, _tekst)
    toestemming = (
        Toestemming(anoniem=True, anonimiteit_goedgekeurd_door=anoniem_door)
        if anoniem_door and not toestemming_door
        else Toestemming(gegeven_door=toestemming_door, gegeven_op=toestemming_op if toestemming_door else None)
    )
    return aangemeld, lambda: Aanmelding(
        werkstroom=werkstroom,
        aanmelder=Aanmelder(naam=NIET_VASTGELEGD, organisatie=organisatie, rol=rol),
        woonplaatsgemeente=gemeente,
        leeftijd=leeftijd,
        leefgebieden=leefgebieden,
        vraag=NIET_VASTGELEGD,
        wensen_ouders_jeugdige=NIET_VASTGELEGD,
        betrokkenheid_ouders_jeugdige=NIET_VASTGELEGD,
        al_geprobeerd=NIET_VASTGELEGD,
        urgentie=urgentie,
        toestemming=toestemming,
        plaatsingsdatum=plaatsing,
    )


def _verloop(lees: _Lezer, profiel: RegioProfiel, aangemeld: Any, regisseur: str) -> list[Ontwerp]:
    """Triage, meeting, advice and evaluation, as far as the row has them."""
    ontwerpen: list[Ontwerp] = []
    getrieerd = lees.lees(k.TRIAGEDATUM, als_datum, verplicht=lees.gevuld(k.TRIAGE_UITKOMST))
    uitkomst = lees.lees(
        k.TRIAGE_UITKOMST, lambda w: als_keuze(w, k.TRIAGE_UITKOMSTEN), verplicht=lees.gevuld(k.TRIAGEDATUM)
    )
    criteria = [
        bool(lees.lees(c, als_ja_nee))
        for c in (k.MEERDERE_LEEFGEBIEDEN, k.HANDELINGSVERLEGENHEID, k.SAMENWERKING_VASTGELOPEN)
    ]
    reden_terug = lees.lees(k.REDEN_TERUGLEGGING, lambda w: als_tekst(w, 10_000))
    if uitkomst == TriageUitkomst.TERUGGELEGD and reden_terug is None:
        lees.probleem(k.REDEN_TERUGLEGGING, Importregel.VERPLICHT, "required when the case is teruggelegd")
    if getrieerd is not None:
        triage = {"meerdere_leefgebieden_verergeren": criteria[0], "handelingsverlegenheid": criteria[1]}
        ontwerpen.append(
            (
                "trieer",
                getrieerd,
                k.TRIAGEDATUM,
                lambda: Triage(
                    uitkomst=uitkomst,
                    samenwerking_vastgelopen=criteria[2],
                    toelichting=NIET_VASTGELEGD,
                    reden_teruglegging=reden_terug,
                    **triage,
                ),
            )
        )
    overleg_op = lees.lees(k.OVERLEGDATUM, als_datum)
    if overleg_op is not None:
        genodigden = (f"Expertteam {profiel.naam}",)
        bouwer: Bouwer = lambda: Overleg(datum=overleg_op, genodigden=genodigden)  # noqa: E731
        ontwerpen.append(("plan_overleg", getrieerd or aangemeld, k.OVERLEGDATUM, bouwer))
    advies_op = lees.lees(k.ADVIESDATUM, als_datum)
    adviessoort = lees.lees(k.ADVIESSOORT, lambda w: als_keuze(w, k.ADVIESSOORTEN))
    evaluatie_op = lees.lees(k.EVALUATIEDATUM, als_datum)
    score = lees.lees(k.DOELEN_BEHAALD, lambda w: als_keuze(w, k.DOELSCORES), verplicht=evaluatie_op is not None)
    if advies_op is not None:
        moment = evaluatie_op or _plus_maanden(advies_op, profiel.normen.evaluatie_maanden)
        advies: Bouwer = lambda: _advies(regisseur, moment, adviessoort)  # noqa: E731
        ontwerpen.append(("breng_advies_uit", advies_op, k.ADVIESDATUM, advies))
    if evaluatie_op is not None:
        scores = {DOELCODE: score}
        ontwerpen.append(
            (
                "leg_evaluatie_vast",
                evaluatie_op,
                k.EVALUATIEDATUM,
                lambda: Evaluatie(datum=evaluatie_op, scores=scores, toelichting=NIET_VASTGELEGD),
            )
        )
    return ontwerpen


def _advies(regisseur: str, evaluatiemoment: date, soort: Any) -> Advies:
    return Advies(
        probleemschets=NIET_VASTGELEGD,
        advies=NIET_VASTGELEGD,
        soort_ondersteuning=NIET_VASTGELEGD,
        stappen=(Stap(omschrijving=NIET_VASTGELEGD, eigenaar=regisseur, deadline=evaluatiemoment),),
        onderbouwing=NIET_VASTGELEGD,
        doelen=(
            Doel(code=DOELCODE, omschrijving=NIET_VASTGELEGD, termijn=evaluatiemoment, beoogd_effect=NIET_VASTGELEGD),
        ),
        randvoorwaarden=NIET_VASTGELEGD,
        casusregisseur=regisseur,
        evaluatiedatum=evaluatiemoment,
        soort=soort,
    )


def _afsluiting(lees: _Lezer, regisseur: str) -> list[Ontwerp]:
    afgesloten = lees.lees(k.AFSLUITDATUM, als_datum)
    sluit = afgesloten is not None
    reden = lees.lees(k.AFSLUITREDEN, lambda w: als_keuze(w, k.AFSLUITREDENEN), verplicht=sluit)
    samenwerking = lees.lees(k.WAARDERING_SAMENWERKING, lambda w: als_getal(w, 1, 10), verplicht=sluit)
    effect = lees.lees(k.WAARDERING_EFFECT, lambda w: als_getal(w, 1, 10), verplicht=sluit)
    voorkomen = lees.lees(k.UITHUISPLAATSING_VOORKOMEN, als_ja_nee)
    duurzaam = lees.lees(k.DUURZAME_OPLOSSING, als_ja_nee, verplicht=sluit)
    if not sluit:
        formulier = (k.AFSLUITREDEN, k.WAARDERING_SAMENWERKING, k.WAARDERING_EFFECT, k.DUURZAME_OPLOSSING)
        gevuld = [kolom for kolom in formulier if lees.gevuld(kolom)]
        if gevuld:
            lees.probleem(k.AFSLUITDATUM, Importregel.VERPLICHT, f"required with {gevuld[0]}")
        return []
    return [
        (
            "sluit_af",
            afgesloten,
            k.AFSLUITDATUM,
            lambda: Afsluitformulier(
                reden=reden,
                waardering_samenwerking=samenwerking,
                waardering_effect=effect,
                uithuisplaatsing_voorkomen=voorkomen,
                duurzame_oplossing=duurzaam,
                regie_bij=regisseur,
                lessen=NIET_VASTGELEGD,
            ),
        )
    ]


def _opschaling(lees: _Lezer) -> list[Ontwerp]:
    niveau = lees.lees(k.OPSCHALING, lambda w: als_keuze(w, k.OPSCHALINGEN)) or None
    opgeschaald = lees.lees(k.OPSCHALINGSDATUM, als_datum, verplicht=niveau is not None)
    if opgeschaald is not None and niveau is None and not lees.gevuld(k.OPSCHALING):
        lees.probleem(k.OPSCHALING, Importregel.VERPLICHT, f"required with {k.OPSCHALINGSDATUM}")
    if niveau is None or opgeschaald is None:
        return []
    vragen = dict.fromkeys(Intakevragen.model_fields, NIET_VASTGELEGD)
    intake = Intakevragen(**vragen) if niveau == Opschalingsniveau.BOVENREGIONAAL else None
    return [
        (
            "schaal_op",
            opgeschaald,
            k.OPSCHALINGSDATUM,
            lambda: Opschaling(niveau=niveau, reden=NIET_VASTGELEGD, intakevragen=intake),
        )
    ]


def proef(
    rij: int, stappen: list[Importstap], profiel: RegioProfiel, *, vandaag: date, jaren_terug: int
) -> list[Rijprobleem]:
    """Runs the row's commands on a scratch case (never stored) as the services run them, date rules
    included; the first refusal, at the column that holds it."""
    casus: Casus | None = None
    for stap in stappen:
        try:
            if casus is None:
                controleer_aanmeldingsdatum(stap.op, vandaag=vandaag, jaren=jaren_terug)
                casus = Casus.meld_aan(
                    casus_id=UUID(int=0),
                    profiel=profiel,
                    aanmelding=aanmelding_van(stap),
                    persoonsgegevens=None,
                    op=stap.op,
                    herkomst=SIMULATIE,
                )
                continue
            controleer_stapdatum(stap.op, vandaag=vandaag, vorige=casus.laatste_op)
            _voer_uit(casus, stap, profiel)
        except RegelGeschonden as e:
            return [Rijprobleem(rij, REGEL_KOLOM.get(e.regel, stap.kolom), e.regel.value, e.melding)]
    return []


def aanmelding_van(stap: Importstap) -> Aanmelding:
    if not isinstance(stap.waarde, Aanmelding):
        raise TypeError(f"a plan starts with its registration, not {stap.opdracht}")
    return stap.waarde


def _voer_uit(casus: Casus, stap: Importstap, profiel: RegioProfiel) -> None:
    w: Any = stap.waarde
    if stap.opdracht == "trieer":
        casus.trieer(w, op=stap.op, herkomst=SIMULATIE)
    elif stap.opdracht == "plan_overleg":
        casus.plan_overleg(w, op=stap.op, herkomst=SIMULATIE)
    elif stap.opdracht == "breng_advies_uit":
        casus.breng_advies_uit(w, op=stap.op, herkomst=SIMULATIE, profiel=profiel)
    elif stap.opdracht == "leg_evaluatie_vast":
        casus.leg_evaluatie_vast(w, op=stap.op, herkomst=SIMULATIE)
    elif stap.opdracht == "schaal_op":
        casus.schaal_op(w, profiel, op=stap.op, herkomst=SIMULATIE)
    elif stap.opdracht == "sluit_af":
        casus.sluit_af(w, op=stap.op, herkomst=SIMULATIE)
    else:
        raise ValueError(f"unknown command {stap.opdracht}")


def identiteit(regio: str, registratienummer: str | None, aanmelding: Aanmelding, op: date, volgnummer: int) -> str:
    """A row's identity in its region, stable when rows are inserted or moved in a re-export: its
    Registratienummer, or else its registration's own data (date, municipality, age, werkstroom, referrer
    role, life areas) with how many rows before it in the file had the same."""
    if registratienummer is not None:
        bron = f"{regio}|nummer|{registratienummer.casefold()}"
    else:
        a = aanmelding
        bron = "|".join(
            (
                regio,
                "aanmelding",
                op.isoformat(),
                a.woonplaatsgemeente.casefold(),
                str(a.leeftijd),
                a.werkstroom,
                a.aanmelder.rol,
                ",".join(sorted(a.leefgebieden)),
                str(volgnummer),
            )
        )
    return hashlib.sha256(bron.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Controle:
    """A sheet read: the plan of every row that can be imported, and the problems of the others."""

    rijen: int
    plannen: tuple[Rijplan, ...]
    problemen: tuple[Rijprobleem, ...]

    @property
    def schoon(self) -> bool:
        return not self.problemen


def controleer(
    rijen: Iterable[tuple[int, Mapping[str, Celwaarde]]], profiel: RegioProfiel, *, vandaag: date, jaren_terug: int
) -> Controle:
    """Every row of a sheet (its number and its cells by template column)."""
    plannen: list[Rijplan] = []
    problemen: list[Rijprobleem] = []
    nummers: dict[str, int] = {}
    gezien: dict[str, int] = {}
    aantal = 0
    for rij, cellen in rijen:
        aantal += 1
        lezer = _Lezer(rij, cellen)
        nummer = lezer.lees(k.REGISTRATIENUMMER, lambda w: als_tekst(w, 64))
        stappen, fout = lees_stappen(rij, cellen, profiel)
        fout = lezer.problemen + fout
        if not fout:
            fout = proef(rij, stappen, profiel, vandaag=vandaag, jaren_terug=jaren_terug)
        if nummer is not None:
            if nummer.casefold() in nummers:
                eerder = nummers[nummer.casefold()]
                fout.append(
                    Rijprobleem(rij, k.REGISTRATIENUMMER, Importregel.DUBBELE_RIJ.value, f"also on row {eerder}")
                )
            nummers.setdefault(nummer.casefold(), rij)
        if fout:
            problemen += fout
            continue
        aanmelding, op = aanmelding_van(stappen[0]), stappen[0].op
        bron = f"{op}|{aanmelding.model_dump_json()}"
        volgnummer = gezien.get(bron, 0)
        gezien[bron] = volgnummer + 1
        plannen.append(Rijplan(rij, identiteit(profiel.slug, nummer, aanmelding, op, volgnummer), tuple(stappen)))
    return Controle(aantal, tuple(plannen), tuple(problemen))
