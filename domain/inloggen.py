"""Signing in to the pages: what a password and an account must be, the lock-out after repeated failures, and
how long a session lasts. Pure rules; the clock is always given (`nu`, aware datetimes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.rollen import RET_ROLLEN, Rol

MAX_NAAM = 200
"""Characters an account's name may have (the actor recorded on every event: `adapters.tokens.Actor`)."""
MAX_WACHTWOORD = 1024
"""Characters a password may have: hashing a longer one costs time for nothing."""
STANDAARD_MIN_WACHTWOORD = 12


def wachtwoord_bezwaar(wachtwoord: str, minimum: int = STANDAARD_MIN_WACHTWOORD) -> str | None:
    """Why a new password is refused (in Dutch, for the user), or None."""
    if len(wachtwoord) < minimum:
        return f"Een wachtwoord heeft minstens {minimum} tekens."
    if len(wachtwoord) > MAX_WACHTWOORD:
        return f"Een wachtwoord heeft hoogstens {MAX_WACHTWOORD} tekens."
    if not wachtwoord.strip():
        return "Een wachtwoord bestaat niet alleen uit spaties."
    if any(ord(teken) < 32 or ord(teken) == 127 for teken in wachtwoord):
        return "Een wachtwoord bevat geen stuurtekens."
    return None


def account_bezwaar(rol: Rol, regios: tuple[str, ...], netwerken: tuple[str, ...]) -> str | None:
    """Why an account's role and places do not fit (in Dutch), or None: a team role and the privacy officer work
    in at least one region, the kernteam in at least one network; the auditor and the operator in none of
    their own (the auditor reads every region, the operator no case)."""
    if (rol in RET_ROLLEN or rol is Rol.PRIVACY) and not regios:
        return f"De rol {rol.value} werkt in minstens één regio (--regio)."
    if rol is Rol.KERNTEAM and not netwerken:
        return "De rol kernteam werkt in minstens één netwerk (--netwerk)."
    if rol in (Rol.AUDITOR, Rol.BEHEERDER) and (regios or netwerken):
        return f"De rol {rol.value} heeft geen eigen regio of netwerk."
    return None


@dataclass(frozen=True)
class Blokkadebeleid:
    """`max_pogingen` failed sign-ins of one name within `venster` lock that name for `duur`."""

    max_pogingen: int = 5
    venster: timedelta = timedelta(minutes=15)
    duur: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Pogingen:
    """The failed sign-ins of one name (known account or not): their times within the window, and until when the
    name is locked."""

    mislukt: tuple[datetime, ...] = ()
    geblokkeerd_tot: datetime | None = None

    def geblokkeerd(self, nu: datetime) -> bool:
        return self.geblokkeerd_tot is not None and nu < self.geblokkeerd_tot

    def na_mislukking(self, nu: datetime, beleid: Blokkadebeleid) -> Pogingen:
        """The state after one more failure at `nu`: failures older than the window are forgotten; the
        `max_pogingen`-th within it locks the name (and starts counting anew). A failure while locked changes
        nothing: the lock does not grow by trying."""
        if self.geblokkeerd(nu):
            return self
        recent = (*(t for t in self.mislukt if nu - t < beleid.venster), nu)
        if len(recent) >= beleid.max_pogingen:
            return Pogingen((), nu + beleid.duur)
        return Pogingen(recent[-beleid.max_pogingen :], None)

    def minuten_over(self, nu: datetime) -> int:
        """Whole minutes (rounded up) until the lock ends; 0 when not locked."""
        if self.geblokkeerd_tot is None or not self.geblokkeerd(nu):
            return 0
        return -(-(self.geblokkeerd_tot - nu) // timedelta(minutes=1))


@dataclass(frozen=True)
class Sessieduur:
    """A session ends `inactief` after its last use, and `maximaal` after it began, whichever comes first."""

    inactief: timedelta = timedelta(minutes=30)
    maximaal: timedelta = timedelta(hours=12)

    def verloopt(self, begonnen: datetime, laatst_gebruikt: datetime) -> datetime:
        return min(laatst_gebruikt + self.inactief, begonnen + self.maximaal)

    def geldig(self, begonnen: datetime, laatst_gebruikt: datetime, nu: datetime) -> bool:
        """Whether the session may still be used at `nu` (not before it began: a clock set back ends it too)."""
        return begonnen <= nu < self.verloopt(begonnen, laatst_gebruikt)


BIJWERKEN_NA = timedelta(minutes=1)
"""A session's last use is written at most once a minute: a page's requests do not each write."""


def moet_bijgewerkt(laatst_gebruikt: datetime, nu: datetime) -> bool:
    """Whether the session's last use should be written now."""
    return nu - laatst_gebruikt >= BIJWERKEN_NA
