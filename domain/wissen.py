"""Erasing a case's personal data: on a lawful request, or when its retention period has passed.

The case's history stays whole: erasure is an event on the case (`Casus.PersoonsgegevensGewist`: why, on
what ground, by whom), after which the case's key is destroyed, so every personal value its events hold in
ciphertext reads as erased (`domain.persoonlijk.GEWIST`) while the facts, the monitoring and the hash chain
over the stored bytes stay as they were.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from domain.waarden import Tekst, Waarde


class Wisgrond(StrEnum):
    """Why personal data is erased."""

    BEWAARTERMIJN = "bewaartermijn"
    """The retention period of the region's profile has passed (`doorbraak bewaartermijn`)."""
    VERZOEK = "verzoek"
    """A lawful request (AVG art. 17, Jeugdwet art. 7.3.9), handled by the region's privacy officer."""


class Wissing(Waarde):
    """An erasure as recorded: the ground and the reason (no personal data: the reason is kept readable)."""

    grond: Wisgrond
    reden: Tekst


class Wisverzoek(Waarde):
    """A lawful request to erase a case's personal data, as the privacy officer records it."""

    reden: Tekst


def bewaard_tot(laatst_vastgelegd: date, jaren: int) -> date:
    """The first day a case's personal data may be erased: `jaren` after the last day anything was recorded on
    it (29 February counts to 28 February in a year without it)."""
    try:
        return laatst_vastgelegd.replace(year=laatst_vastgelegd.year + jaren)
    except ValueError:
        return laatst_vastgelegd.replace(year=laatst_vastgelegd.year + jaren, day=28)
