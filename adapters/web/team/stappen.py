"""The steps a case page offers: for each, the role's right, the API's request schema, the service's command,
and which of them the case's phase allows now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from adapters.http.commando import met_bedrijfsdatum
from domain.bestuurlijk import BestuurlijkeEvaluatie, BestuurlijkOverleg
from domain.casus import Casus, Fase
from domain.correctie import Correctie
from domain.overlegmoment import Evaluatiemoment
from domain.regioprofiel import Opschalingsniveau
from domain.rollen import Handeling, Rol, mag
from domain.terugkoppeling import Terugkoppeling
from domain.waarden import Advies, Afsluitformulier, Evaluatie, Heropening, Opschaling, Overleg, Triage, TriageUitkomst
from services.casussen import CasusService


@dataclass(frozen=True)
class Stap:
    naam: str
    titel: str
    handeling: Handeling
    waarde: type[BaseModel]
    uitvoeren: Callable[..., Any]
    gelukt: str
    lijsten: tuple[str, ...] = ()
    vinkjes: tuple[str, ...] = ()
    regels: tuple[str, ...] = ()
    groepen: dict[str, int] = field(default_factory=dict)
    """Repeatable groups and the rows the form shows at first."""

    @property
    def schema(self) -> type[BaseModel]:
        """The API's request body of the step: its own fields and `op`, the day it happened."""
        return _SCHEMAS[self.naam]


STAPPEN: dict[str, Stap] = {
    s.naam: s
    for s in (
        Stap(
            "triage",
            "Triëren",
            Handeling.TRIEREN,
            Triage,
            CasusService.trieer,
            "Triage vastgelegd.",
            vinkjes=("meerdere_leefgebieden_verergeren", "handelingsverlegenheid", "samenwerking_vastgelopen"),
            regels=("uit_te_nodigen_expertise",),
            groepen={"knelpunten": 1},
        ),
        Stap(
            "overleg",
            "Overleg plannen",
            Handeling.OVERLEG_PLANNEN,
            Overleg,
            CasusService.plan_overleg,
            "Overleg gepland.",
            regels=("genodigden",),
        ),
        Stap(
            "advies",
            "Advies uitbrengen",
            Handeling.ADVIES_UITBRENGEN,
            Advies,
            CasusService.breng_advies_uit,
            "Advies vastgelegd.",
            groepen={"stappen": 2, "doelen": 2, "knelpunten": 1},
        ),
        Stap(
            "evaluatie",
            "Evaluatie vastleggen",
            Handeling.EVALUATIE_VASTLEGGEN,
            Evaluatie,
            CasusService.leg_evaluatie_vast,
            "Evaluatie vastgelegd.",
            vinkjes=("terug_op_tafel",),
        ),
        Stap(
            "evaluatiemoment",
            "Evaluatie op de agenda zetten",
            Handeling.OVERLEG_PLANNEN,
            Evaluatiemoment,
            CasusService.plan_evaluatiemoment,
            "Evaluatiemoment op de agenda gezet.",
            vinkjes=("terugkoppeling_op_papier",),
        ),
        Stap(
            "terugkoppeling",
            "Terugkoppelen over het advies",
            Handeling.TERUGKOPPELEN,
            Terugkoppeling,
            CasusService.geef_terugkoppeling,
            "Terugkoppeling vastgelegd.",
        ),
        Stap(
            "opschaling",
            "Opschalen",
            Handeling.OPSCHALEN,
            Opschaling,
            CasusService.schaal_op,
            "Casus opgeschaald.",
        ),
        Stap(
            "bestuurlijk-overleg",
            "Bestuurlijk overleg vastleggen",
            Handeling.BESTUURLIJK_OVERLEG_VASTLEGGEN,
            BestuurlijkOverleg,
            CasusService.leg_bestuurlijk_overleg_vast,
            "Bestuurlijk overleg vastgelegd.",
            regels=("deelnemers",),
        ),
        Stap(
            "bestuurlijke-evaluatie",
            "Bestuurlijke opschaling evalueren",
            Handeling.BESTUURLIJK_OVERLEG_VASTLEGGEN,
            BestuurlijkeEvaluatie,
            CasusService.evalueer_bestuurlijk_overleg,
            "Bestuurlijke opschaling geëvalueerd.",
            vinkjes=("casus_vlotgetrokken",),
            groepen={"knelpunten": 1},
        ),
        Stap(
            "afsluiting",
            "Afsluiten",
            Handeling.AFSLUITEN,
            Afsluitformulier,
            CasusService.sluit_af,
            "Casus afgesloten.",
            vinkjes=("duurzame_oplossing",),
            groepen={"knelpunten": 1},
        ),
        Stap(
            "heropening",
            "Heropenen",
            Handeling.HEROPENEN,
            Heropening,
            CasusService.heropen,
            "Casus heropend.",
        ),
        Stap(
            "correctie",
            "Corrigeren",
            Handeling.CORRIGEREN,
            Correctie,
            CasusService.corrigeer,
            "Correctie vastgelegd.",
            groepen={"wijziging": 2},
        ),
    )
}
_SCHEMAS = {naam: met_bedrijfsdatum(stap.waarde) for naam, stap in STAPPEN.items()}


def open_niveaus(casus: Casus, service: CasusService) -> list[str]:
    """The escalation the case can take next: the first level of the region's chain it has not had."""
    gedaan = casus.opschalingsniveaus()
    return [n.value for n in service.profiel.opschalingsniveaus() if n not in gedaan][:1]


def nu_mogelijk(casus: Casus, rol: Rol, service: CasusService) -> list[Stap]:
    """The steps the role may take now, given the case's phase; the likely next step first."""
    if casus.gewist is not None:
        return []
    fase = casus.fase
    uitkomst = casus.triage.uitkomst if casus.triage else None
    bespreken = uitkomst is TriageUitkomst.BESPREKEN
    namen: list[str] = []
    if fase is Fase.AANGEMELD:
        namen = ["triage"]
    elif fase is Fase.GETRIEERD:
        namen = ["overleg"] if bespreken else ["advies"] if uitkomst is TriageUitkomst.ADVIES_NA_TRIAGE else []
    elif fase is Fase.OVERLEG_GEPLAND:
        namen = ["advies", "overleg"]
    elif fase is Fase.ADVIES_UITGEBRACHT:
        namen = ["evaluatie", "evaluatiemoment", "terugkoppeling"]
    elif fase is Fase.GEEVALUEERD:
        namen = ["afsluiting", "evaluatie", *(["overleg"] if bespreken else [])]
    if fase is Fase.AFGESLOTEN:
        namen = ["heropening"]
    else:
        if fase is not Fase.AANGEMELD and open_niveaus(casus, service):
            namen.append("opschaling")
        if "afsluiting" not in namen:
            namen.append("afsluiting")
    namen.extend(_bestuurlijk(casus))
    namen.append("correctie")
    return [STAPPEN[n] for n in namen if mag(rol, STAPPEN[n].handeling)]


def _bestuurlijk(casus: Casus) -> list[str]:
    """After a bestuurlijke escalation in this round: its round-table meetings while the case is open, then their
    evaluation (also once the case has closed), until it is evaluated."""
    if Opschalingsniveau.BESTUURLIJK not in casus.opschalingsniveaus() or casus.bestuurlijke_evaluatie is not None:
        return []
    overleg = [] if casus.fase is Fase.AFGESLOTEN else ["bestuurlijk-overleg"]
    return overleg + (["bestuurlijke-evaluatie"] if casus.bestuurlijke_overleggen else [])
