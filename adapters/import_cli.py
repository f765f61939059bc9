"""`doorbraak importeer` and `doorbraak importsjabloon`: a team's registration sheet brought into a region."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from adapters.werkboek import BestandOngeldig, Grenzen, Koppeling, lees_koppeling, lees_werkboek
from domain.waarden import Herkomst

if TYPE_CHECKING:
    from adapters.bootstrap import Container
    from adapters.settings import Settings
    from services.importeren import Importverslag

IMPORTEUR = Herkomst(actor="doorbraak importeer", rol="secretaris")


def _weiger(reden: str, *, code: int = 2) -> NoReturn:
    typer.echo(f"doorbraak importeer: {reden}", err=True)
    raise typer.Exit(code)


class Voortgangsbalk:
    """A progress line on stderr: rows done, rate, time left."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def __call__(self, gedaan: int, totaal: int) -> None:
        tempo = gedaan / max(time.monotonic() - self.start, 1e-6)
        over = (totaal - gedaan) / tempo if tempo else 0.0
        vol = int(30 * gedaan / totaal) if totaal else 30
        typer.echo(
            f"\r[{'#' * vol}{'.' * (30 - vol)}] {gedaan}/{totaal} rows {tempo:,.1f}/s  {over:,.0f}s left ",
            err=True,
            nl=False,
        )
        if gedaan == totaal:
            typer.echo("", err=True)


def _lees_bestand(pad: Path, grens: int, wat: str) -> bytes:
    try:
        if not pad.is_file():
            _weiger(f"{wat} {str(pad)!r} is not a file")
        if pad.stat().st_size > grens:
            _weiger(f"{wat} {pad.name!r} is larger than {grens // 1024} KB")
        return pad.read_bytes()
    except OSError as e:
        _weiger(f"cannot read {wat} {pad.name!r}: {e.strerror}")


@contextlib.contextmanager
def _container(settings: Settings) -> Iterator[Container]:
    """The stores of the configured database, or of the embedded one in the data directory (as `serve`)."""
    from adapters.bootstrap import bootstrap
    from adapters.cli import embedded_servers
    from adapters.embedded import DataDirBezet
    from projections.herstel import beschrijf

    with contextlib.ExitStack() as stapel:
        try:
            actief = stapel.enter_context(embedded_servers(settings))
        except DataDirBezet as e:
            _weiger(f"{e}; stop `doorbraak serve` or set DOORBRAAK_DATABASE_URL", code=1)
        try:
            container = bootstrap(actief)
        except Exception as e:
            _weiger(f"cannot open the stores: {beschrijf(e)}", code=1)
        stapel.callback(container.close)
        yield container


def importeer(
    bestand: Annotated[Path, typer.Argument(help="The registration sheet (.xlsx) in the import template.")],
    regio: Annotated[str, typer.Option(help="The region the cases belong to (its slug).")],
    droog: Annotated[bool, typer.Option("--droog", help="Only check: list every row that cannot be imported.")] = False,
    koppeling: Annotated[
        Path | None, typer.Option(help="A mapping file (TOML) for a sheet whose columns are named differently.")
    ] = None,
    alleen_schone_rijen: Annotated[
        bool, typer.Option("--alleen-schone-rijen", help="Import the clean rows even when other rows have problems.")
    ] = False,
) -> None:
    """Bring a team's registration sheet into a region, through the same commands with the rows' own dates.
    Writes nothing unless every row is clean (or --alleen-schone-rijen); a row imported before adds nothing."""
    from adapters.cli import _instellingen
    from services.importeren import ImportService

    grenzen = Grenzen()
    gekoppeld = Koppeling()
    if koppeling is not None:
        try:
            gekoppeld = lees_koppeling(_lees_bestand(koppeling, 64 * 1024, "the mapping file"))
        except BestandOngeldig as e:
            _weiger(f"{koppeling.name}: {e}")
    if bestand.suffix.casefold() != ".xlsx":
        _weiger(f"{bestand.name!r}: an .xlsx file (save the sheet in Excel as 'Excel-werkmap (*.xlsx)')")
    try:
        werkblad = lees_werkboek(_lees_bestand(bestand, grenzen.bytes, "the file"), gekoppeld, grenzen)
    except BestandOngeldig as e:
        _weiger(f"{bestand.name}: {e}")
    settings = _instellingen()
    with _container(settings) as container:
        if regio not in container.casussen:
            _weiger(f"no region {regio!r} on this node (served: {', '.join(sorted(container.casussen)) or 'none'})")
        dienst = ImportService(container.casussen[regio], IMPORTEUR)
        if werkblad.genegeerd:
            typer.echo(f"columns not in the template, ignored: {', '.join(werkblad.genegeerd)}", err=True)
        verslag = dienst.importeer(
            werkblad.rijen,
            leesproblemen=werkblad.problemen,
            droog=droog,
            alleen_schone_rijen=alleen_schone_rijen,
            voortgang=None if droog else Voortgangsbalk(),
        )
    _toon(verslag, bestand.name)
    if verslag.problemen and not (alleen_schone_rijen and not verslag.geweigerd):
        raise typer.Exit(1)


def _toon(verslag: Importverslag, naam: str) -> None:
    for p in verslag.problemen:
        typer.echo(f"rij {p.rij}\t{p.kolom}\t{p.regel}\t{p.melding}")
    kop = f"{naam}: {verslag.rijen} rows, {verslag.rijen_met_problemen} with problems"
    if verslag.droog:
        typer.echo(f"{kop}; dry run, nothing written", err=True)
    elif verslag.geweigerd:
        typer.echo(f"{kop}; nothing written: correct them, or import the others with --alleen-schone-rijen", err=True)
    else:
        typer.echo(
            f"{kop}; imported into {verslag.regio}: {len(verslag.geimporteerd)} rows, {verslag.nieuwe_casussen} new "
            f"cases, {verslag.nieuwe_stappen} steps recorded, {verslag.al_aanwezig} rows already imported before",
            err=True,
        )


def importsjabloon(
    pad: Annotated[Path, typer.Argument(help="Where to write the empty template (.xlsx).", dir_okay=False)],
    voorbeeld: Annotated[
        Path | None, typer.Option(help="Also write an example workbook of a region's year here.", dir_okay=False)
    ] = None,
    regio: Annotated[str, typer.Option(help="The region of the example.")] = "hart-van-brabant",
    tot: Annotated[str | None, typer.Option(help="The example's last day, YYYY-MM-DD; yesterday if omitted.")] = None,
    aantal: Annotated[int, typer.Option(min=10, max=2000, help="Rows in the example.")] = 120,
    seed: Annotated[int, typer.Option(help="Random seed, for a repeatable example.")] = 2026,
) -> None:
    """Write the import template (a header row, and a sheet explaining each column), and optionally an example
    workbook with a few rows broken on purpose (try it with `doorbraak importeer --droog`)."""
    from datetime import timedelta

    from adapters.bootstrap import klok
    from adapters.cli import _instellingen
    from adapters.importsjabloon import sjabloon
    from adapters.importsjabloon import voorbeeld as maak_voorbeeld
    from adapters.regio_catalogus import laad_profielen

    settings = _instellingen()
    einde = klok(settings.tijdzone)() - timedelta(days=1)
    if tot is not None:
        try:
            einde = date.fromisoformat(tot)
        except ValueError:
            _weiger("--tot: a date as YYYY-MM-DD")
        if len(tot) != 10 or not date(2000, 1, 1) <= einde <= date(2100, 12, 31):
            _weiger("--tot: a date as YYYY-MM-DD in 2000-2100")
    profielen = laad_profielen(settings.regio_profielen_dir)
    if regio not in profielen:
        _weiger(f"no region {regio!r} (known: {', '.join(sorted(profielen))})")
    profiel = profielen[regio]
    anderen = sorted((p for p in profielen.values() if p.slug != regio), key=lambda p: p.netwerk != profiel.netwerk)
    ander = next(g for p in anderen for g in p.gemeenten if not profiel.heeft_gemeente(g))
    try:
        pad.write_bytes(sjabloon())
        typer.echo(f"template: {pad}")
        if voorbeeld is not None:
            voorbeeld.write_bytes(maak_voorbeeld(profiel, einde, aantal=aantal, seed=seed, andere_gemeente=ander))
            typer.echo(f"example of {regio} up to {einde.isoformat()}: {voorbeeld}")
    except OSError as e:
        _weiger(f"cannot write: {e.strerror}", code=1)
