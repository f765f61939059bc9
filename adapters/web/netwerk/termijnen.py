"""How a deadline of the network case stands on a day, in words: met, still open, or overdue by working days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from adapters.herinneringsbericht import MAANDEN
from domain.werkdagen import Werkkalender


def datum(dag: date) -> str:
    """A date as the teams write it: `27 november 2026`."""
    return f"{dag.day} {MAANDEN[dag.month - 1]} {dag.year}"


def werkdagen(n: int) -> str:
    return f"{n} werkdag{'' if n == 1 else 'en'}"


@dataclass(frozen=True)
class Termijnstand:
    uiterlijk: date
    tekst: str
    te_laat: bool


def termijn(
    uiterlijk: date | None, voldaan_op: date | None, vandaag: date, kalender: Werkkalender, *, loopt: bool = True
) -> Termijnstand | None:
    """The deadline `uiterlijk`: met on `voldaan_op`, or (while it `loopt`) open on `vandaag`; None without one.
    Overdue says how many working days: `te laat, 3 werkdagen` (colour is never the only sign)."""
    if uiterlijk is None:
        return None
    if voldaan_op is not None:
        laat = voldaan_op > uiterlijk
        tekst = f"voldaan op {datum(voldaan_op)}"
        if laat:
            tekst += f", te laat, {werkdagen(kalender.werkdagen_tussen(uiterlijk, voldaan_op))}"
        return Termijnstand(uiterlijk, tekst, laat)
    return Termijnstand(uiterlijk, *_open(uiterlijk, vandaag, kalender, loopt))


def _open(uiterlijk: date, vandaag: date, kalender: Werkkalender, loopt: bool) -> tuple[str, bool]:
    if not loopt:
        return "niet meer van toepassing", False
    if vandaag > uiterlijk:
        laat = kalender.werkdagen_tussen(uiterlijk, vandaag)
        return (f"te laat, {werkdagen(laat)}" if laat else "te laat"), True
    if vandaag == uiterlijk:
        return "uiterlijk vandaag", False
    over = kalender.werkdagen_tussen(vandaag, uiterlijk)
    return (f"nog {werkdagen(over)}" if over else "uiterlijk de volgende werkdag"), False
