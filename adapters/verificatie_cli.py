"""`doorbraak audit`: what an auditor runs against the stores themselves."""

from __future__ import annotations

from typing import Annotated

import typer

from adapters.settings import Settings
from domain.verificatie import Breuk, Uitslag

audit = typer.Typer(help="For auditors: prove the record.", no_args_is_help=True)

GAAF, GEBROKEN, NIET_VERIFIEERBAAR = 0, 1, 2
"""Exit codes: every log verified; a log broken (whatever else); a log that could not be verified (its store
unknown or its database unreachable)."""


def _stores(settings: Settings, slug: str | None, netwerk: bool) -> list[tuple[str, str]]:
    """(kind, slug) of the stores to verify: the one named, or every one this node runs, as bootstrap opens
    them (with --netwerk only networks)."""
    from adapters.regio_catalogus import laad_profielen

    profielen = laad_profielen(settings.regio_profielen_dir)
    regios = [] if settings.knooppunt == "netwerk" else (settings.regios or sorted(profielen))
    if settings.knooppunt == "regios":
        netwerken: list[str] = []
    elif settings.netwerken:
        netwerken = sorted(settings.netwerken)
    else:
        bron = (
            profielen.values() if settings.knooppunt == "netwerk" else [profielen[r] for r in regios if r in profielen]
        )
        netwerken = sorted({p.netwerk for p in bron if p.netwerk})
    if slug is None:
        return (
            [("netwerk", n) for n in netwerken]
            if netwerk
            else [("regio", r) for r in regios] + [("netwerk", n) for n in netwerken]
        )
    bekend = netwerken if netwerk else regios
    if slug not in bekend:
        soort = "network" if netwerk else "region"
        raise typer.BadParameter(f"no {soort} {slug!r} on this node (known: {', '.join(bekend) or 'none'})")
    return [("netwerk" if netwerk else "regio", slug)]


def beschrijving(bron: str, uitslag: Uitslag) -> str:
    """One line on what a verification found."""
    if isinstance(uitslag, Breuk):
        waar = ", ".join(
            deel
            for deel in (
                f"entry {uitslag.volgnummer}" if uitslag.volgnummer is not None else "",
                f"position {uitslag.positie}" if uitslag.positie is not None else "",
                f"case {uitslag.casus} version {uitslag.versie}" if uitslag.casus is not None else "",
            )
            if deel
        )
        return f"{bron}: BROKEN at {waar}: {uitslag.soort.value}: {uitslag.uitleg}"
    gelezen = f"events read after entry {uitslag.vanaf}" if uitslag.vanaf else "every event read"
    regel = (
        f"{bron}: ok, {uitslag.grootte} entries ({gelezen}), chain link {uitslag.schakel.hex()}, "
        f"Merkle root {uitslag.boom.hex()}"
    )
    if not uitslag.bevestigd:
        return regel + "; no checkpoint to compare with: a log rewritten with every hash recomputed would look the same"
    houders = sorted({g.houder for g in uitslag.bevestigd})
    regel += f"; {len(uitslag.bevestigd)} checkpoints agree ({', '.join(houders)})"
    if uitslag.getuigd_tot:
        return regel + f", a witness's up to entry {uitslag.getuigd_tot}"
    return regel + ", none of a witness"


@audit.command("verifieer")
def verifieer(
    slug: Annotated[
        str | None, typer.Argument(help="A region (a network with --netwerk); every store of this node if omitted.")
    ] = None,
    netwerk: Annotated[
        bool, typer.Option("--netwerk", help="Verify a network's store (all networks without SLUG).")
    ] = False,
    vanaf_checkpoint: Annotated[
        bool,
        typer.Option(
            "--vanaf-checkpoint",
            help="Start at the newest validly signed checkpoint: the entries before it are checked against it on "
            "their stored hashes, only the events after it are read.",
        ),
    ] = False,
) -> None:
    """Verify each store's tamper-evident log: every event against the hash chain, both against the checkpoints
    held of it. Prints ok with what was covered, or the first break: its position, case, version and kind.
    Exit code 0 every log ok, 1 a log broken, 2 a log that could not be verified."""
    import psycopg

    from adapters.cli import Voortgang, _instellingen
    from adapters.verificatie import (
        GeenLogboek,
        VerificatieLoopt,
        netwerk_logboek,
        regio_logboek,
        vergelijking,
        verifieer_logboek,
    )
    from projections.herstel import beschrijf

    settings = _instellingen()
    if settings.database_url is None:
        raise typer.BadParameter("set DOORBRAAK_DATABASE_URL: a verification reads an existing event store")
    gebroken = niet_geverifieerd = False
    voortgang = Voortgang()
    vergelijken = vergelijking(settings)
    for soort, naam in _stores(settings, slug, netwerk):
        logboek = regio_logboek(settings, naam) if soort == "regio" else netwerk_logboek(settings, naam)
        try:
            uitslag = verifieer_logboek(
                logboek,
                vergelijken,
                vanaf_checkpoint=vanaf_checkpoint,
                voortgang=voortgang,
                verbind_timeout=settings.verbind_timeout,
                statement_timeout=settings.statement_timeout,
            )
        except (VerificatieLoopt, GeenLogboek) as e:
            reden = str(e)
        except (psycopg.OperationalError, psycopg.InterfaceError) as e:
            reden = f"the database cannot be reached: {beschrijf(e)}"
        else:
            typer.echo("", err=True)
            typer.echo(beschrijving(logboek.bron, uitslag))
            gebroken = gebroken or isinstance(uitslag, Breuk)
            continue
        typer.echo("", err=True)
        typer.echo(f"{logboek.bron}: not verified: {reden}")
        niet_geverifieerd = True
    raise typer.Exit(GEBROKEN if gebroken else NIET_VERIFIEERBAAR if niet_geverifieerd else GAAF)
