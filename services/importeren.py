"""Brings a team's registration sheet into a region: every row checked, then run through the case commands.

The caller reads the file (adapters.werkboek) into rows of cells by template column; this service does no I/O
of its own besides the case service it runs the commands on. A web upload page calls it the same way as the
`doorbraak importeer` command: `controleer` for the report, then `importeer`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain import importkolommen as k
from domain.fouten import RegelGeschonden
from domain.importrij import REGEL_KOLOM, Controle, Importstap, Rijplan, aanmelding_van, controleer
from domain.importsjabloon import Celwaarde, Rijprobleem
from domain.waarden import Herkomst
from services.casussen import CasusService
from services.fouten import CasusNietGevonden, GelijktijdigeWijziging, IdempotencyKeyHergebruikt
from services.uitvoering import Resultaat

AL_ANDERS_GEIMPORTEERD = "al-anders-geimporteerd"
"""A row imported before with other content under the same identity: correct the case in doorbraak instead."""
GELIJKTIJDIG_GEWIJZIGD = "gelijktijdig-gewijzigd"

Rijen = Iterable[tuple[int, Mapping[str, Celwaarde]]]
Voortgang = Callable[[int, int], None]


@dataclass(frozen=True)
class GeimporteerdeRij:
    rij: int
    casus_id: UUID
    nieuw: int
    """Commands that recorded a step now."""
    herhaald: int
    """Commands recorded by an earlier import of the same row: nothing added."""


@dataclass(frozen=True)
class Importverslag:
    regio: str
    rijen: int
    problemen: tuple[Rijprobleem, ...]
    """Every row that cannot be imported (or could not, in a real import), with column and rule."""
    geimporteerd: tuple[GeimporteerdeRij, ...] = ()
    droog: bool = False
    geweigerd: bool = False
    """Nothing was written: the file is not clean and only clean rows were not asked for."""

    @property
    def schoon(self) -> bool:
        return not self.problemen

    @property
    def rijen_met_problemen(self) -> int:
        return len({p.rij for p in self.problemen})

    @property
    def nieuwe_stappen(self) -> int:
        return sum(r.nieuw for r in self.geimporteerd)

    @property
    def nieuwe_casussen(self) -> int:
        return sum(1 for r in self.geimporteerd if r.nieuw and r.herhaald == 0)

    @property
    def al_aanwezig(self) -> int:
        """Rows every command of which an earlier import recorded."""
        return sum(1 for r in self.geimporteerd if r.nieuw == 0)


class ImportService:
    """Imports rows of the import template into one region through its case service."""

    def __init__(self, casussen: CasusService, herkomst: Herkomst) -> None:
        """`herkomst` names who imports (actor, role); each command gets its own idempotency key."""
        self.casussen = casussen
        self.herkomst = herkomst

    @property
    def regio(self) -> str:
        return self.casussen.profiel.slug

    def controleer(self, rijen: Rijen, leesproblemen: Sequence[Rijprobleem] = (), *, eerder: bool = True) -> Controle:
        """Every row checked against the template and the region's rules, as of today; writes nothing.
        `leesproblemen` are what reading the file found in cells (a formula): those rows are not clean. With
        `eerder`, also against what an earlier import of the row recorded (one read of its case)."""
        controle = controleer(
            rijen,
            self.casussen.profiel,
            vandaag=self.casussen.vandaag(),
            jaren_terug=self.casussen.aanmelding_jaren_terug,
        )
        plannen_eerder = controle.plannen if eerder else ()
        anders = [probleem for plan in plannen_eerder if (probleem := self._al_anders(plan)) is not None]
        slecht = {p.rij for p in [*leesproblemen, *anders]}
        problemen = sorted([*leesproblemen, *controle.problemen, *anders], key=lambda p: p.rij)
        plannen = tuple(p for p in controle.plannen if p.rij not in slecht)
        return Controle(controle.rijen, plannen, tuple(problemen))

    def _al_anders(self, plan: Rijplan) -> Rijprobleem | None:
        """A row an earlier import recorded under the same identity with other content: refused in the check as
        the import would refuse it (one read of the row's case)."""
        casus_id = self.casussen.casus_id_voor(plan.sleutel(plan.stappen[0]))
        try:
            casus = self.casussen.casus(casus_id)
        except CasusNietGevonden:
            return None
        for stap in plan.stappen:
            uitvoering = casus.uitgevoerde_commandos.get(plan.sleutel(stap))
            if uitvoering is not None and uitvoering.verzoek_hash != stap.vingerafdruk():
                return _al_anders_geimporteerd(plan, stap)
        return None

    def importeer(
        self,
        rijen: Rijen,
        *,
        leesproblemen: Sequence[Rijprobleem] = (),
        droog: bool = False,
        alleen_schone_rijen: bool = False,
        voortgang: Voortgang | None = None,
    ) -> Importverslag:
        """Checks every row; then, unless `droog`, imports the rows when all are clean, or only the clean rows
        when `alleen_schone_rijen`. A row imported before adds nothing (its commands' idempotency keys)."""
        controle = self.controleer(rijen, leesproblemen, eerder=droog)  # an import finds them as it goes
        verslag = Importverslag(self.regio, controle.rijen, controle.problemen, droog=droog)
        if droog:
            return verslag
        if not controle.schoon and not alleen_schone_rijen:
            return Importverslag(self.regio, controle.rijen, controle.problemen, geweigerd=True)
        gedaan: list[GeimporteerdeRij] = []
        problemen = list(controle.problemen)
        for i, plan in enumerate(controle.plannen, start=1):
            uitkomst = self._importeer_rij(plan)
            if isinstance(uitkomst, Rijprobleem):
                problemen.append(uitkomst)
            else:
                gedaan.append(uitkomst)
            if voortgang is not None:
                voortgang(i, len(controle.plannen))
        problemen.sort(key=lambda p: p.rij)
        return Importverslag(self.regio, controle.rijen, tuple(problemen), tuple(gedaan))

    def _importeer_rij(self, plan: Rijplan) -> GeimporteerdeRij | Rijprobleem:
        """Runs the row's commands in order; stops at the first refusal (what ran stays: a second import of
        the corrected row adds the rest, as long as the row keeps its identity)."""
        casus_id: UUID | None = None
        nieuw = herhaald = 0
        for stap in plan.stappen:
            herkomst = self.herkomst.model_copy(
                update={"idempotency_key": plan.sleutel(stap), "verzoek_hash": stap.vingerafdruk()}
            )
            try:
                resultaat = self._voer_uit(casus_id, stap, herkomst)
            except RegelGeschonden as e:
                return Rijprobleem(plan.rij, REGEL_KOLOM.get(e.regel, stap.kolom), e.regel.value, e.melding)
            except IdempotencyKeyHergebruikt:
                return _al_anders_geimporteerd(plan, stap)
            except GelijktijdigeWijziging as e:
                return Rijprobleem(plan.rij, stap.kolom, GELIJKTIJDIG_GEWIJZIGD, f"{e}")
            casus_id = resultaat.casus.id
            herhaald += resultaat.herhaald
            nieuw += not resultaat.herhaald
        if casus_id is None:
            raise AssertionError("a plan starts with its registration")
        return GeimporteerdeRij(plan.rij, casus_id, nieuw, herhaald)

    def _voer_uit(self, casus_id: UUID | None, stap: Importstap, herkomst: Herkomst) -> Resultaat[Any]:
        c, w, op = self.casussen, stap.waarde, stap.op
        if casus_id is None:
            return c.meld_aan(aanmelding_van(stap), None, herkomst, op=op)
        opdrachten: dict[str, Callable[..., Resultaat[Any]]] = {
            "trieer": c.trieer,
            "plan_overleg": c.plan_overleg,
            "breng_advies_uit": c.breng_advies_uit,
            "leg_evaluatie_vast": c.leg_evaluatie_vast,
            "schaal_op": c.schaal_op,
            "sluit_af": c.sluit_af,
        }
        return opdrachten[stap.opdracht](casus_id, w, herkomst, op=op)


def _al_anders_geimporteerd(plan: Rijplan, stap: Importstap) -> Rijprobleem:
    kolom = k.REGISTRATIENUMMER if stap.opdracht == "meld_aan" else stap.kolom
    return Rijprobleem(
        plan.rij,
        kolom,
        AL_ANDERS_GEIMPORTEERD,
        f"this row's {stap.opdracht} was imported before with other content; correct the case in doorbraak instead",
    )
