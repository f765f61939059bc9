"""The agenda of a region: the meetings of its cadence and those called apart, which meeting a plan names,
the cases waiting for a slot (in order of registration) and the warnings a plan gives."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from uuid import UUID

from domain.casus import Casus, Fase
from domain.fouten import Regel, RegelGeschonden
from domain.normen import Norm, NormFeiten, deadline
from domain.overlegmoment import Agendapuntsoort, Overlegmoment
from domain.regioprofiel import Normtermijnen, Overlegsoort, RegioProfiel, Werkstroom
from domain.werkdagen import Werkkalender

STANDAARD_DUUR = 120
"""Minutes of a meeting called on call or apart, unless said otherwise (seeds 001 and 004: two hours)."""
VOORUIT = timedelta(days=366)
"""How far ahead a waiting case looks for a meeting that can take it."""


@dataclass(frozen=True)
class Plek:
    """A meeting on the agenda: from the cadence (not yet recorded: `vastgelegd` false) or recorded."""

    overleg_id: UUID
    datum: date
    soort: Overlegsoort
    duur_minuten: int
    extra: bool = False
    vastgelegd: bool = False
    evaluaties: int = 0


def regelmatige_overleggen(profiel: RegioProfiel, kalender: Werkkalender, van: date, tot: date) -> list[Plek]:
    """The meetings of the region's cadence from `van` to `tot`; a date on a public holiday is no meeting."""
    plekken: dict[tuple[date, Overlegsoort], Plek] = {}
    for ritme in profiel.overlegritme:
        for dag in ritme.data(van, tot):
            if kalender.is_feestdag(dag):
                continue
            plek = Plek(Overlegmoment.id_van(profiel.slug, dag, ritme.soort), dag, ritme.soort, ritme.duur_minuten)
            plekken.setdefault((dag, ritme.soort), plek)
    return sorted(plekken.values(), key=lambda p: (p.datum, p.soort))


def agenda(
    profiel: RegioProfiel, kalender: Werkkalender, van: date, tot: date, vastgelegd: Iterable[Plek]
) -> list[Plek]:
    """Every meeting from `van` to `tot`: the recorded ones and the rest of the cadence, by date and kind."""
    plekken = {(p.datum, p.soort): p for p in regelmatige_overleggen(profiel, kalender, van, tot)}
    plekken |= {(p.datum, p.soort): p for p in vastgelegd if van <= p.datum <= tot}
    return sorted(plekken.values(), key=lambda p: (p.datum, p.soort))


@dataclass(frozen=True)
class Keuze:
    """The meeting a plan names: its kind, and how to call it when it is not recorded yet."""

    soort: Overlegsoort
    extra: bool
    duur_minuten: int


def standaard_soort(werkstroom: Werkstroom) -> Overlegsoort:
    """The meeting a case is discussed at when nobody says: werkstroom A's is the doorbraaktafel."""
    return Overlegsoort.DOORBRAAKTAFEL if werkstroom == Werkstroom.A else Overlegsoort.EXPERTTEAM


def kies_overleg(
    profiel: RegioProfiel,
    kalender: Werkkalender,
    datum: date,
    soort: Overlegsoort | None,
    vastgelegd: Callable[[Overlegsoort], bool],
    werkstroom: Werkstroom,
) -> Keuze:
    """The meeting on `datum` that a plan names: of its kind when given, else the one that discusses the
    case's werkstroom (the doorbraaktafel for werkstroom A, else the expertteam); recorded (`vastgelegd`
    says whether a kind is), of the cadence, or, where the region meets on call, one called with the plan."""
    regelmatig = {p.soort: p.duur_minuten for p in regelmatige_overleggen(profiel, kalender, datum, datum)}

    @cache
    def bekend(kandidaat: Overlegsoort) -> bool:
        return kandidaat in regelmatig or vastgelegd(kandidaat)

    voorkeur = standaard_soort(werkstroom)
    kandidaten = [voorkeur, *(s for s in Overlegsoort if s is not voorkeur and s.neemt(werkstroom))]
    gekozen = soort or next((k for k in kandidaten if bekend(k)), voorkeur)
    if bekend(gekozen):
        return Keuze(gekozen, extra=gekozen not in regelmatig, duur_minuten=regelmatig.get(gekozen, STANDAARD_DUUR))
    if not profiel.overleg_op_afroep:
        volgende = regelmatige_overleggen(profiel, kalender, datum, datum + VOORUIT)[:3]
        raise RegelGeschonden(
            Regel.GEEN_OVERLEG_OP_DATUM,
            f"{profiel.naam} has no {gekozen.value} on {datum.isoformat()} and meets on fixed dates"
            + (f" (next: {', '.join(f'{p.datum.isoformat()} {p.soort.value}' for p in volgende)})" if volgende else "")
            + "; call an extra meeting first to meet that day",
            veld="datum",
        )
    return Keuze(gekozen, extra=True, duur_minuten=STANDAARD_DUUR)


def controleer_nieuw_overleg(
    profiel: RegioProfiel, kalender: Werkkalender, datum: date, soort: Overlegsoort, bestaat: bool
) -> None:
    """An extra meeting is one that is neither recorded nor in the cadence on that date."""
    regelmatig = any(p.soort is soort for p in regelmatige_overleggen(profiel, kalender, datum, datum))
    if bestaat or regelmatig:
        raise RegelGeschonden(
            Regel.OVERLEG_BESTAAT_AL,
            f"{profiel.naam} already has a {soort.value} on {datum.isoformat()}"
            + (" (its cadence)" if regelmatig and not bestaat else ""),
            veld="datum",
        )


def agendapuntsoort(casus: Casus) -> Agendapuntsoort:
    """A plan of the case's discussion: its first (or again before advice), or back at the table after its
    evaluation."""
    return Agendapuntsoort.TERUG_OP_TAFEL if casus.fase is Fase.GEEVALUEERD else Agendapuntsoort.NIEUW


@dataclass(frozen=True)
class Wachtende:
    """A case waiting for a slot, with the norm its slot must meet (none for a case back on the table) and
    the first day a slot can be (an evaluation lies after its advice)."""

    casus_id: UUID
    wacht_op: Agendapuntsoort
    werkstroom: Werkstroom
    deadline: date | None = None
    vroegst: date | None = None


@dataclass(frozen=True)
class Voorstel:
    """Where a waiting case goes: the first meeting from today that can take it, and whether it is overdue
    for a slot (its norm passed, or that meeting lies after the norm or there is none)."""

    wachtende: Wachtende
    plek: Plek | None
    achterstallig: bool
    reden: str | None


def stel_voor(
    wachtenden: Sequence[Wachtende], plekken: Sequence[Plek], vandaag: date, max_evaluaties: int
) -> list[Voorstel]:
    """In order of registration, each waiting case on the first meeting from `vandaag` (and from its `vroegst`)
    that takes its werkstroom and, for an evaluation, still has room (counting the cases proposed before it)."""
    open_ = sorted((p for p in plekken if p.datum >= vandaag), key=lambda p: (p.datum, p.soort))
    evaluaties = {p.overleg_id: p.evaluaties for p in open_}
    voorstellen = []
    for wachtende in wachtenden:
        evaluatie = wachtende.wacht_op is not Agendapuntsoort.NIEUW
        plek = next(
            (
                p
                for p in open_
                if p.soort.neemt(wachtende.werkstroom)
                and (wachtende.vroegst is None or p.datum >= wachtende.vroegst)
                and (not evaluatie or evaluaties[p.overleg_id] < max_evaluaties)
            ),
            None,
        )
        if plek is not None and evaluatie:
            evaluaties[plek.overleg_id] += 1
        reden = _achterstand(wachtende.deadline, plek, vandaag)
        voorstellen.append(Voorstel(wachtende, plek, reden is not None, reden))
    return voorstellen


def _achterstand(uiterlijk: date | None, plek: Plek | None, vandaag: date) -> str | None:
    if uiterlijk is None:
        return None
    if uiterlijk < vandaag:
        return "norm-verstreken"
    if plek is None or plek.datum > uiterlijk:
        return "volgend-overleg-na-norm"
    return None


@dataclass(frozen=True)
class Waarschuwing:
    """A plan that misses a norm: never refused, told in the answer."""

    code: str
    norm: Norm
    deadline: date
    datum: date
    melding: str


def waarschuwingen_overleg(
    casus: Casus, normen: Normtermijnen, kalender: Werkkalender, dag: date
) -> list[Waarschuwing]:
    """The case's latest plan lies after its meeting norm, and no earlier meeting of the round took place by
    `dag` (the day of the plan)."""
    if not casus.overleggen or any(o.datum <= dag for o in casus.overleggen[:-1]):
        return []
    datum = casus.overleggen[-1].datum
    uiterlijk = deadline(Norm.OVERLEG, NormFeiten.van(casus), normen, kalender)
    if uiterlijk is None or datum <= uiterlijk:
        return []
    melding = f"the meeting of {datum.isoformat()} lies after the meeting norm ({uiterlijk.isoformat()})"
    return [Waarschuwing("overleg-na-norm", Norm.OVERLEG, uiterlijk, datum, melding)]


def waarschuwingen_evaluatiemoment(casus: Casus, normen: Normtermijnen, kalender: Werkkalender) -> list[Waarschuwing]:
    """The planned evaluation lies after the evaluation norm, and the round has no evaluation yet."""
    moment = casus.evaluatiemoment
    if moment is None or casus.evaluaties:
        return []
    uiterlijk = deadline(Norm.EVALUATIE, NormFeiten.van(casus), normen, kalender)
    if uiterlijk is None or moment.datum <= uiterlijk:
        return []
    melding = f"the evaluation of {moment.datum.isoformat()} lies after the evaluation norm ({uiterlijk.isoformat()})"
    return [Waarschuwing("evaluatie-na-norm", Norm.EVALUATIE, uiterlijk, moment.datum, melding)]
