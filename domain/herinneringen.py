"""Reminders of due dates: which cases the team is reminded of on a day, and nothing personal about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.casus import Fase
from domain.normen import Norm
from domain.werkdagen import Werkkalender


@dataclass(frozen=True, slots=True)
class Herinnering:
    """One case whose next open norm falls due soon or is overdue: its reference, phase, norm and due date.

    No names, no facts about the family: what a mail or a message may carry beyond the team."""

    regio: str
    casus_id: UUID
    fase: str
    norm: Norm
    deadline: date
    dag: date
    """The day the reminder is for."""
    werkdagen_te_laat: int
    """Working days past the due date (0 while it has not passed)."""
    werkdagen_tot_deadline: int
    """Working days left until the due date (0 on the day itself and once it has passed)."""

    @property
    def te_laat(self) -> bool:
        return self.deadline < self.dag

    @property
    def sleutel(self) -> str:
        """Once per case, norm and day: `regio/casus/norm/dag`."""
        return f"{self.regio}/{self.casus_id}/{self.norm.value}/{self.dag.isoformat()}"


def herinneringsgrens(dag: date, werkdagen: int, kalender: Werkkalender) -> date:
    """The last due date a reminder on `dag` covers: `werkdagen` working days ahead (0: `dag` itself)."""
    return kalender.plus_werkdagen(dag, werkdagen)


def herinnering(
    regio: str,
    casus_id: UUID,
    fase: str,
    volgende_norm: str | None,
    volgende_deadline: date | None,
    *,
    dag: date,
    werkdagen: int,
    kalender: Werkkalender,
) -> Herinnering | None:
    """The reminder a case gets on `dag`: when its next open norm falls due within `werkdagen` working days
    or is overdue; None when it has no open norm or the due date lies further ahead."""
    if volgende_norm is None or volgende_deadline is None or fase == Fase.AFGESLOTEN:
        return None
    if volgende_deadline > herinneringsgrens(dag, werkdagen, kalender):
        return None
    te_laat = volgende_deadline < dag
    return Herinnering(
        regio=regio,
        casus_id=casus_id,
        fase=fase,
        norm=Norm(volgende_norm),
        deadline=volgende_deadline,
        dag=dag,
        werkdagen_te_laat=kalender.werkdagen_tussen(volgende_deadline, dag) if te_laat else 0,
        werkdagen_tot_deadline=0 if te_laat else kalender.werkdagen_tussen(dag, volgende_deadline),
    )


def herinneringsdag(vandaag: date, gedaan: date | None, kalender: Werkkalender) -> date:
    """The day of the next daily run: today when it is a working day whose reminders were not yet sent, else
    the next working day. A day not finished by its end is left: the next day's run reminds of what is still
    open."""
    if kalender.is_werkdag(vandaag) and (gedaan is None or gedaan < vandaag):
        return vandaag
    return kalender.volgende_werkdag(vandaag)
