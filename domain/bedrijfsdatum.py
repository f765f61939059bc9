"""The business date of a step (`op`): the day it happened, which may lie before the day it is recorded."""

from __future__ import annotations

from datetime import date

from domain.fouten import Regel, RegelGeschonden

AANMELDING_JAREN_TERUG = 5
"""How far back a registration may be dated unless the settings say otherwise."""


def jaren_terug(dag: date, jaren: int) -> date:
    """The same day `jaren` years earlier (28 February for a 29th of February)."""
    jaar = dag.year - jaren
    try:
        return dag.replace(year=jaar)
    except ValueError:
        return dag.replace(year=jaar, day=28)


def controleer_stapdatum(op: date, *, vandaag: date, vorige: date) -> None:
    """A step happened today or earlier, and not before the case's previous step."""
    if op > vandaag:
        raise RegelGeschonden(
            Regel.DATUM_IN_TOEKOMST, f"op ({op.isoformat()}) lies after today ({vandaag.isoformat()})", veld="op"
        )
    if op < vorige:
        raise RegelGeschonden(
            Regel.DATUM_VOOR_VORIGE_STAP,
            f"op ({op.isoformat()}) lies before the case's previous step ({vorige.isoformat()})",
            veld="op",
        )


def controleer_aanmeldingsdatum(op: date, *, vandaag: date, jaren: int = AANMELDING_JAREN_TERUG) -> None:
    """A registration is dated today or earlier, and at most `jaren` years back."""
    if op > vandaag:
        raise RegelGeschonden(
            Regel.DATUM_IN_TOEKOMST, f"op ({op.isoformat()}) lies after today ({vandaag.isoformat()})", veld="op"
        )
    vroegst = jaren_terug(vandaag, jaren)
    if op < vroegst:
        raise RegelGeschonden(
            Regel.AANMELDING_TE_LANG_GELEDEN,
            f"a registration may be dated at most {jaren} years back (not before {vroegst.isoformat()})",
            veld="op",
        )
