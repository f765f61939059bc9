"""Demo accounts for `doorbraak serve` on its embedded default: one per team role in one region, the region's
privacy officer, the network's kernteam, an auditor; each with a new random password at every start, printed."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from adapters.inloggen import Inloggen
from adapters.tokens import Gebruiker
from domain.regioprofiel import RegioProfiel
from domain.rollen import Rol

VOORKEUR = "zeeland"
TEAMROLLEN = (Rol.AANMELDER, Rol.TRIAGIST, Rol.SECRETARIS, Rol.CASUSREGISSEUR, Rol.EXPERT, Rol.PRIVACY)


@dataclass(frozen=True)
class DemoAccount:
    gebruiker: Gebruiker
    wachtwoord: str


def demo_gebruikers(profielen: Mapping[str, RegioProfiel], regios: list[str]) -> list[Gebruiker]:
    """The demo's users for one served region (Zeeland if served, else the first with a network)."""
    if not regios:
        return [Gebruiker(naam="demo-auditor", rol=Rol.AUDITOR)]
    regio = VOORKEUR if VOORKEUR in regios else next((r for r in regios if profielen[r].netwerk), regios[0])
    gebruikers = [Gebruiker(naam=f"demo-{rol.value}", rol=rol, regios=(regio,)) for rol in TEAMROLLEN]
    netwerk = profielen[regio].netwerk
    if netwerk:
        gebruikers.append(Gebruiker(naam="demo-kernteam", rol=Rol.KERNTEAM, netwerken=(netwerk,)))
    return [*gebruikers, Gebruiker(naam="demo-auditor", rol=Rol.AUDITOR)]


async def zet_demo_accounts(inloggen: Inloggen, gebruikers: list[Gebruiker]) -> list[DemoAccount]:
    """Each demo account added, or set back to its role and places, unblocked, with a new password."""
    accounts = []
    for gebruiker in gebruikers:
        wachtwoord = secrets.token_urlsafe(12)
        hash_ = await inloggen.wachtwoorden.hash(wachtwoord)
        if not await inloggen.accounts.voeg_toe(gebruiker, hash_):
            await inloggen.accounts.wijzig(
                gebruiker.naam,
                wachtwoord=hash_,
                rol=gebruiker.rol,
                regios=gebruiker.regios,
                netwerken=gebruiker.netwerken,
                geblokkeerd=False,
            )
            await inloggen.sessies.beeindig_alle(gebruiker.naam)
        await inloggen.accounts.vergeet_pogingen(gebruiker.naam)
        accounts.append(DemoAccount(gebruiker, wachtwoord))
    return accounts
