"""`doorbraak gebruiker`: the accounts of the pages, added, changed, blocked and listed in the node's schema of
DOORBRAAK_DATABASE_URL. A password is asked at a hidden prompt (twice), or read as one line from standard input
with --wachtwoord-stdin. Bad input exits 2, a missing account or a name already taken 1."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, NoReturn, TypeVar

import typer
from pydantic import ValidationError

from adapters.inloggen import Inloggen
from adapters.regio_catalogus import laad_profielen
from adapters.settings import Settings
from adapters.tokens import Gebruiker
from adapters.web.teksten import ROLLEN
from domain.inloggen import MAX_WACHTWOORD, account_bezwaar, wachtwoord_bezwaar
from domain.rollen import Rol

T = TypeVar("T")

gebruiker = typer.Typer(
    help="The accounts of the pages (sign-in with a password): add, change, block, list.", no_args_is_help=True
)

NaamArg = Annotated[str, typer.Argument(help="The account's name: who acts, recorded on every event.")]
RegioOpt = Annotated[list[str] | None, typer.Option("--regio", help="A region the user works in (repeatable).")]
NetwerkOpt = Annotated[list[str] | None, typer.Option("--netwerk", help="A network (repeatable).")]
StdinOpt = Annotated[
    bool, typer.Option("--wachtwoord-stdin", help="Read the password as one line from standard input.")
]


def _weiger(opdracht: str, reden: str, code: int = 2) -> NoReturn:
    typer.echo(f"doorbraak gebruiker {opdracht}: {reden}", err=True)
    raise typer.Exit(code)


def _settings(opdracht: str) -> Settings:
    from adapters.cli import _instellingen

    settings = _instellingen()
    if settings.database_url is None:
        _weiger(opdracht, "set DOORBRAAK_DATABASE_URL: the accounts are in the node's schema of that database")
    return settings


def _met_inloggen(settings: Settings, werk: Callable[[Inloggen], Awaitable[T]]) -> T:
    async def draai() -> T:
        inloggen = await Inloggen.geopend(settings, settings.database_url or "")  # checked by `_settings`
        try:
            return await werk(inloggen)
        finally:
            await inloggen.close()

    return asyncio.run(draai())


def _plaatsen(opdracht: str, settings: Settings, regios: list[str], netwerken: list[str]) -> None:
    """Every region and network named is one the profiles know."""
    profielen = laad_profielen(settings.regio_profielen_dir)
    onbekend = sorted(set(regios) - set(profielen))
    if onbekend:
        _weiger(opdracht, f"no region {', '.join(onbekend)} (known: {', '.join(sorted(profielen))})")
    bekend = {p.netwerk for p in profielen.values() if p.netwerk}
    onbekend = sorted(set(netwerken) - bekend)
    if onbekend:
        _weiger(opdracht, f"no network {', '.join(onbekend)} (known: {', '.join(sorted(bekend))})")


def _account(opdracht: str, naam: str, rol: Rol, regios: list[str], netwerken: list[str]) -> Gebruiker:
    try:
        account = Gebruiker(naam=naam, rol=rol, regios=tuple(regios), netwerken=tuple(netwerken))
    except ValidationError as e:
        fout = e.errors(include_input=False, include_url=False)[0]
        _weiger(opdracht, f"{'.'.join(map(str, fout['loc']))}: {fout['msg']}")
    bezwaar = account_bezwaar(account.rol, account.regios, account.netwerken)
    if bezwaar:
        _weiger(opdracht, bezwaar)
    return account


def _wachtwoord(opdracht: str, settings: Settings, uit_stdin: bool) -> str:
    """The new password, checked (`domain.inloggen.wachtwoord_bezwaar`)."""
    if uit_stdin:
        regel = sys.stdin.readline(MAX_WACHTWOORD + 2)
        wachtwoord = regel.removesuffix("\n").removesuffix("\r")
    else:
        wachtwoord = typer.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Nog een keer")
    bezwaar = wachtwoord_bezwaar(wachtwoord, settings.wachtwoord_min_lengte)
    if bezwaar:
        _weiger(opdracht, bezwaar)
    return wachtwoord


@gebruiker.command("toevoegen")
def toevoegen(
    naam: NaamArg,
    rol: Annotated[Rol, typer.Option(help="The user's role.")],
    regio: RegioOpt = None,
    netwerk: NetwerkOpt = None,
    wachtwoord_stdin: StdinOpt = False,
) -> None:
    """Add an account."""
    settings = _settings("toevoegen")
    account = _account("toevoegen", naam, rol, regio or [], netwerk or [])
    _plaatsen("toevoegen", settings, list(account.regios), list(account.netwerken))
    wachtwoord = _wachtwoord("toevoegen", settings, wachtwoord_stdin)

    async def voeg_toe(inloggen: Inloggen) -> bool:
        return await inloggen.accounts.voeg_toe(account, await inloggen.wachtwoorden.hash(wachtwoord))

    if not _met_inloggen(settings, voeg_toe):
        _weiger("toevoegen", f"an account {naam!r} exists already (change it with `doorbraak gebruiker wijzig`)", 1)
    typer.echo(f"account {naam} added: {rol.value} {_plaats(account)}".rstrip())


@gebruiker.command("wijzig")
def wijzig(
    naam: NaamArg,
    rol: Annotated[Rol | None, typer.Option(help="A new role.")] = None,
    regio: RegioOpt = None,
    netwerk: NetwerkOpt = None,
    zonder_regio: Annotated[bool, typer.Option("--zonder-regio", help="No region any more.")] = False,
    zonder_netwerk: Annotated[bool, typer.Option("--zonder-netwerk", help="No network any more.")] = False,
    wachtwoord: Annotated[bool, typer.Option("--wachtwoord", help="Set a new password (asked at a prompt).")] = False,
    wachtwoord_stdin: StdinOpt = False,
) -> None:
    """Change an account's role, regions, networks or password (what is not given stays). A new password ends
    the account's sessions; a new role or region counts from the user's next request."""
    settings = _settings("wijzig")
    if (regio and zonder_regio) or (netwerk and zonder_netwerk):
        _weiger("wijzig", "give --regio or --zonder-regio, not both (and so for --netwerk)")
    if not (rol or regio or netwerk or zonder_regio or zonder_netwerk or wachtwoord or wachtwoord_stdin):
        _weiger(
            "wijzig",
            "nothing to change: give --rol, --regio, --netwerk, --zonder-regio, --zonder-netwerk or --wachtwoord",
        )
    nieuw = _wachtwoord("wijzig", settings, wachtwoord_stdin) if wachtwoord or wachtwoord_stdin else None

    async def pas_aan(inloggen: Inloggen) -> Gebruiker | None:
        bestaand = await inloggen.accounts.account(naam)
        if bestaand is None:
            return None
        oud = bestaand.gebruiker
        regios = [] if zonder_regio else (regio or list(oud.regios))
        netwerken = [] if zonder_netwerk else (netwerk or list(oud.netwerken))
        account = _account("wijzig", naam, rol or oud.rol, regios, netwerken)
        _plaatsen("wijzig", settings, list(account.regios), list(account.netwerken))
        hash_ = await inloggen.wachtwoorden.hash(nieuw) if nieuw is not None else None
        await inloggen.accounts.wijzig(
            naam, wachtwoord=hash_, rol=account.rol, regios=account.regios, netwerken=account.netwerken
        )
        if nieuw is not None:
            await inloggen.sessies.beeindig_alle(naam)
        return account

    account = _met_inloggen(settings, pas_aan)
    if account is None:
        _weiger("wijzig", f"no account {naam!r}", 1)
    typer.echo(
        f"account {naam} changed: {account.rol.value} {_plaats(account)}{'; new password' if nieuw else ''}".rstrip()
    )


@gebruiker.command("blokkeer")
def blokkeer(naam: NaamArg) -> None:
    """Block an account: it cannot sign in, and its sessions end now."""
    settings = _settings("blokkeer")

    async def blok(inloggen: Inloggen) -> int | None:
        if not await inloggen.accounts.wijzig(naam, geblokkeerd=True):
            return None
        return await inloggen.sessies.beeindig_alle(naam)

    beeindigd = _met_inloggen(settings, blok)
    if beeindigd is None:
        _weiger("blokkeer", f"no account {naam!r}", 1)
    typer.echo(f"account {naam} blocked; {beeindigd} session(s) ended")


@gebruiker.command("deblokkeer")
def deblokkeer(naam: NaamArg) -> None:
    """Unblock an account, and lift a lock-out after failed sign-ins of its name."""
    settings = _settings("deblokkeer")

    async def deblok(inloggen: Inloggen) -> bool:
        if not await inloggen.accounts.wijzig(naam, geblokkeerd=False):
            return False
        await inloggen.accounts.vergeet_pogingen(naam)
        return True

    if not _met_inloggen(settings, deblok):
        _weiger("deblokkeer", f"no account {naam!r}", 1)
    typer.echo(f"account {naam} unblocked")


@gebruiker.command("lijst")
def lijst() -> None:
    """Every account: name, role, regions and networks, whether it is blocked."""
    settings = _settings("lijst")

    async def alle(inloggen: Inloggen) -> list[tuple[str, str, str, str]]:
        return [
            (
                a.gebruiker.naam,
                ROLLEN[a.gebruiker.rol],
                _plaats(a.gebruiker),
                "geblokkeerd" if a.geblokkeerd else "actief",
            )
            for a in await inloggen.accounts.lijst()
        ]

    rijen = _met_inloggen(settings, alle)
    if not rijen:
        typer.echo("no accounts yet: add one with `doorbraak gebruiker toevoegen NAAM --rol ROL --regio SLUG`")
        return
    breedte = [max(len(rij[i]) for rij in rijen) for i in range(3)]
    for rij in rijen:
        typer.echo("  ".join(kolom.ljust(breedte[i]) if i < 3 else kolom for i, kolom in enumerate(rij)))


def _plaats(account: Gebruiker) -> str:
    delen = [*(f"regio {r}" for r in account.regios), *(f"netwerk {n}" for n in account.netwerken)]
    return ", ".join(delen) or "-"
