"""The `doorbraak` command: serve, demo, token, gebruiker and the operators' commands."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from pydantic import ValidationError

from adapters import logboek
from adapters.gebruiker_cli import gebruiker
from adapters.import_cli import importeer, importsjabloon
from adapters.runtime import stem_gc_af
from adapters.settings import Settings
from adapters.tokens import Gebruiker, maak_token
from adapters.verificatie_cli import audit
from domain.rollen import Rol

if TYPE_CHECKING:
    from adapters.bootstrap import Container

app = typer.Typer(help="doorbraak: the case system of the regional youth-care expert teams.", no_args_is_help=True)


@contextlib.contextmanager
def embedded_servers(settings: Settings) -> Iterator[Settings]:
    """Starts a private PostgreSQL and NATS for whatever the settings leave unconfigured, holding the data
    directory's lock meanwhile (raises DataDirBezet when another process holds it)."""
    from adapters.embedded import DataDirSlot, EmbeddedNats, EmbeddedPostgres

    if settings.database_url is not None and settings.nats_url is not None:
        yield settings
        return
    with DataDirSlot(settings.data_dir), contextlib.ExitStack() as stoppen:
        updates: dict[str, str] = {}
        if settings.database_url is None:
            pg = EmbeddedPostgres(settings.data_dir / "postgres")
            pg.start()
            stoppen.callback(pg.stop)
            updates["database_url"] = pg.url
        if settings.nats_url is None:
            nats = EmbeddedNats(settings.data_dir / "nats")
            nats.start()
            stoppen.callback(nats.stop)
            updates["nats_url"] = nats.url
        yield settings.model_copy(update=updates)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Run the API; with no database or NATS URL configured, on private embedded servers."""
    import uvicorn

    from adapters.embedded import DataDirBezet
    from adapters.http.app import maak_app
    from adapters.http.verbinding import http_protocol

    logboek.installeer()
    settings = _instellingen()
    stem_gc_af()
    # uvicorn shuts down gracefully, then re-raises the signal: let that end the process
    # through the `finally` blocks below, so the embedded servers stop with it.
    signal.signal(signal.SIGTERM, _stop)
    with contextlib.suppress(KeyboardInterrupt), contextlib.ExitStack() as servers:
        try:
            actief = servers.enter_context(embedded_servers(settings))
        except DataDirBezet as e:
            typer.echo(f"doorbraak serve: {e}", err=True)
            raise typer.Exit(1) from None
        container = _bootstrap(actief, "serve")
        adres = f"http://{host or actief.host}:{port or actief.port}"
        try:
            if settings.database_url is None and settings.omgeving == "development":
                _demo_accounts(container, adres)
            uvicorn.run(
                maak_app(container, projecties=actief.projecties_in_proces),
                host=host or actief.host,
                port=port or actief.port,
                log_config=logboek.configuratie(),
                access_log=False,
                server_header=False,
                http=http_protocol(settings.lees_timeout),
            )
        finally:
            container.close()


def _demo_accounts(container: Container, adres: str) -> None:
    """On the embedded default: the demo accounts with new passwords, and how to sign in, printed."""
    from adapters.demo_accounts import demo_gebruikers, zet_demo_accounts
    from adapters.inloggen import Inloggen
    from adapters.inzagelog import knooppunt_database_url
    from adapters.web.teksten import ROLLEN

    url = knooppunt_database_url(container)
    if url is None:
        return

    async def zet() -> list[tuple[str, str, str, str]]:
        inloggen = await Inloggen.geopend(container.settings, url)
        try:
            accounts = await zet_demo_accounts(
                inloggen, demo_gebruikers(container.profielen, sorted(container.casussen))
            )
        finally:
            await inloggen.close()
        return [
            (
                a.gebruiker.naam,
                a.wachtwoord,
                ROLLEN[a.gebruiker.rol],
                ", ".join(a.gebruiker.regios + a.gebruiker.netwerken) or "alle regio's (alleen lezen)",
            )
            for a in accounts
        ]

    rijen = asyncio.run(zet())
    breedte = [max(len(rij[i]) for rij in rijen) for i in range(3)]
    typer.echo(
        f"\ndoorbraak: aanmelden op {adres}/aanmelden met een demo-account (nieuwe wachtwoorden bij elke start):"
    )
    for rij in rijen:
        typer.echo("  " + "  ".join(k.ljust(breedte[i]) if i < 3 else k for i, k in enumerate(rij)))
    typer.echo(
        f"Casussen voor de demo: ./dev demo --url {adres}. API-documentatie: {adres}/docs.\n"
        f"Eigen accounts: DOORBRAAK_DATABASE_URL={url} ./dev gebruiker toevoegen NAAM --rol ROL --regio SLUG\n"
    )


def _bootstrap(settings: Settings, opdracht: str) -> Container:
    """The composition root's container, or a one-line error and exit when a store's schema is not set up for
    this role (what to run then is in the message)."""
    from adapters.bootstrap import bootstrap
    from adapters.rechten import NietIngericht

    try:
        return bootstrap(settings)
    except NietIngericht as e:
        typer.echo(f"doorbraak {opdracht}: {e}", err=True)
        raise typer.Exit(1) from None


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _instellingen() -> Settings:
    """The settings, or a one-line error and exit: no traceback, and no input value (a refused key) in it."""
    try:
        return Settings()
    except ValidationError as e:
        fouten = "; ".join(
            f"{'.'.join(map(str, f['loc']))}: {f['msg']}" if f["loc"] else f["msg"].removeprefix("Value error, ")
            for f in e.errors(include_input=False, include_url=False)
        )
        typer.echo(f"doorbraak: invalid settings: {fouten}", err=True)
        raise typer.Exit(2) from None


@app.command()
def token(
    rol: Annotated[Rol, typer.Option(help="The user's role.")],
    regio: Annotated[list[str] | None, typer.Option(help="A region the user works in (repeatable).")] = None,
    netwerk: Annotated[list[str] | None, typer.Option(help="A network (repeatable).")] = None,
    naam: Annotated[str, typer.Option(help="Who acts; recorded on every event.")] = "lokale-gebruiker",
    uren: Annotated[
        int, typer.Option(min=1, help="Hours the token stays valid (DOORBRAAK_TOKEN_MAX_UREN at most).")
    ] = 12,
) -> None:
    """Print a signed bearer token for local use."""
    settings = _instellingen()
    if uren > settings.token_max_uren:
        raise typer.BadParameter(
            f"at most {settings.token_max_uren} hours (DOORBRAAK_TOKEN_MAX_UREN)", param_hint="--uren"
        )
    try:
        gebruiker = Gebruiker(naam=naam, rol=rol, regios=tuple(regio or ()), netwerken=tuple(netwerk or ()))
    except ValidationError as e:
        fout = e.errors()[0]
        raise typer.BadParameter(f"{'.'.join(map(str, fout['loc']))}: {fout['msg']}") from None
    typer.echo(
        maak_token(gebruiker, settings.jwt_sleutel.get_secret_value(), settings.jwt_issuer, timedelta(hours=uren))
    )


@app.command()
def demo(
    url: Annotated[str, typer.Option(help="Base URL of the running service.")] = "http://127.0.0.1:8000",
    aantal: Annotated[int, typer.Option(min=1, help="How many cases to create.")] = 24,
    seed: Annotated[int, typer.Option(help="Random seed, for a repeatable demo.")] = 2026,
) -> None:
    """Fill the running service with realistic example cases across regions, through the API."""
    from adapters.demo import vul

    settings = _instellingen()
    overzicht = vul(url, settings, aantal=aantal, seed=seed)
    for regel in overzicht:
        typer.echo(regel)
    typer.echo(f"Aanmelden: {url.rstrip('/')}/aanmelden, met een demo-account dat `./dev serve` bij de start toonde.")


@app.command()
def herinneringen(
    regio: Annotated[str | None, typer.Option(help="One region; every region this node serves if omitted.")] = None,
    dag: Annotated[str | None, typer.Option(help="The day, YYYY-MM-DD; today (DOORBRAAK_TIJDZONE) if omitted.")] = None,
    droog: Annotated[bool, typer.Option("--droog", help="Only print what is due: send and record nothing.")] = False,
) -> None:
    """Send the reminders of due dates now, as `serve` does each working day, and print what was sent. What went
    out for a case, norm and day before (from here or from `serve`) is not sent again."""
    from adapters.bootstrap import bootstrap, klok
    from adapters.herinneringen import stuur_nu
    from projections.herinneringen import BEWAARDAGEN
    from projections.herstel import beschrijf

    settings = _instellingen()
    vandaag = klok(settings.tijdzone)()
    gekozen = _dag(dag, vandaag)
    if not droog and gekozen > vandaag:
        _weiger("a day in the future only with --droog: sending now would use up that day's reminders")
    if not droog and gekozen < vandaag - timedelta(days=BEWAARDAGEN):
        _weiger(f"a day more than {BEWAARDAGEN} days back only with --droog: what was sent then is forgotten")
    for veld in ("database_url",) if droog else ("database_url", "nats_url"):
        if getattr(settings, veld) is None:
            _weiger(f"set DOORBRAAK_{veld.upper()}: reminders read the read models of a running service")
    try:
        container = bootstrap(settings)
    except Exception as e:
        _weiger(f"cannot open the stores: {beschrijf(e)}", code=1)
    try:
        if regio is not None and regio not in container.casussen:
            _weiger(f"no region {regio!r} on this node (served: {', '.join(sorted(container.casussen)) or 'none'})")
        regels, gelukt = asyncio.run(
            stuur_nu(container, [regio] if regio else sorted(container.casussen), gekozen, droog=droog)
        )
    finally:
        container.close()
    for regel in regels:
        typer.echo(regel)
    if not gelukt:
        raise typer.Exit(1)


@app.command()
def bewaartermijn(
    regio: Annotated[str | None, typer.Option(help="One region; every region this node serves if omitted.")] = None,
    droog: Annotated[bool, typer.Option("--droog", help="Only print what is due: erase nothing.")] = False,
) -> None:
    """Erase the personal data of every closed case past its region's retention period (`bewaartermijn_jaren`,
    counted from the last thing recorded on the case), by destroying its key; print each case."""
    from adapters.bewaartermijn import wis_verlopen
    from adapters.bootstrap import bootstrap
    from projections.herstel import beschrijf

    settings = _instellingen()
    if settings.database_url is None:
        _weiger("set DOORBRAAK_DATABASE_URL: the retention is checked in the stores of a running service")
    try:
        container = bootstrap(settings)
    except Exception as e:
        _weiger(f"cannot open the stores: {beschrijf(e)}", code=1)
    try:
        if regio is not None and regio not in container.casussen:
            _weiger(f"no region {regio!r} on this node (served: {', '.join(sorted(container.casussen)) or 'none'})")
        for slug in [regio] if regio else sorted(container.casussen):
            dienst = container.casussen[slug]
            uitkomsten = list(wis_verlopen(dienst, droog=droog))
            gewist = sum(u.wat != "open" for u in uitkomsten)
            typer.echo(
                f"{slug}: bewaartermijn {dienst.profiel.bewaartermijn_jaren} jaar, {gewist} "
                f"{'te wissen' if droog else 'gewist'}, {len(uitkomsten) - gewist} nog open"
            )
            for u in uitkomsten:
                typer.echo(
                    f"  {u.casus_id}  laatst vastgelegd {u.laatst_vastgelegd}  bewaard tot {u.bewaard_tot}  {u.wat}"
                )
    finally:
        container.close()


sleutels = typer.Typer(help="The case keys and the master keys that wrap them.", no_args_is_help=True)
app.add_typer(sleutels, name="sleutels")


@sleutels.command("roteer")
def sleutels_roteer() -> None:
    """Wrap every case key anew under the active master key (DOORBRAAK_HOOFDSLEUTEL); afterwards the older master
    keys can be removed from DOORBRAAK_HOOFDSLEUTELS."""
    from adapters.bewaartermijn import roteer
    from adapters.bootstrap import bootstrap
    from projections.herstel import beschrijf

    settings = _instellingen()
    if settings.database_url is None:
        _weiger("set DOORBRAAK_DATABASE_URL: the keys are in the stores of a running service")
    try:
        container = bootstrap(settings)
    except Exception as e:
        _weiger(f"cannot open the stores: {beschrijf(e)}", code=1)
    try:
        for slug, (voor, aantal) in roteer(container).items():
            per = ", ".join(f"{naam}: {n}" for naam, n in voor.items()) or "none"
            typer.echo(f"{slug}: keys per master key before ({per}); {aantal} rewrapped under {settings.hoofdsleutel}")
    finally:
        container.close()


def _dag(tekst: str | None, vandaag: date) -> date:
    if tekst is None:
        return vandaag
    try:
        if len(tekst) != 10:
            raise ValueError(tekst)
        gekozen = date.fromisoformat(tekst)
    except ValueError:
        _weiger("--dag: a date as YYYY-MM-DD, e.g. 2026-11-25")
    if not date(2000, 1, 1) <= gekozen <= date(2100, 12, 31):
        _weiger("--dag: a date in 2000-2100")
    return gekozen


def _weiger(reden: str, *, code: int = 2) -> NoReturn:
    """One line on stderr, no traceback, and exit."""
    typer.echo(f"doorbraak herinneringen: {reden}", err=True)
    raise typer.Exit(code)


projecties = typer.Typer(help="The read models: run them, or rebuild them from the first event.", no_args_is_help=True)
app.add_typer(projecties, name="projecties")


@projecties.command("draai")
def projecties_draai() -> None:
    """Run the projections in their own process (for deployments that split them from the API)."""
    from adapters.leesmodellen import LeesModellen

    logboek.installeer()
    settings = _instellingen()
    if settings.database_url is None:
        raise typer.BadParameter("set DOORBRAAK_DATABASE_URL: the projections follow an existing event store")
    container = _bootstrap(settings, "projecties draai")
    stem_gc_af()

    async def draai() -> None:
        modellen = LeesModellen(container)
        await modellen.open()
        stop = asyncio.Event()
        lus = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            lus.add_signal_handler(sig, stop.set)
        modellen.start()
        await stop.wait()
        await modellen.close()

    try:
        asyncio.run(draai())
    finally:
        container.close()


class Voortgang:
    """A progress line on stderr over the regions being rebuilt: events done, rate, time left."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.per_regio: dict[str, tuple[int, int]] = {}

    def __call__(self, regio: str, gedaan: int, totaal: int) -> None:
        self.per_regio[regio] = (gedaan, totaal)
        gedaan = sum(g for g, _ in self.per_regio.values())
        totaal = sum(t for _, t in self.per_regio.values())
        verstreken = max(time.monotonic() - self.start, 1e-6)
        tempo = gedaan / verstreken
        over = (totaal - gedaan) / tempo if tempo and totaal > gedaan else 0.0
        breedte = 30
        vol = int(breedte * gedaan / totaal) if totaal else breedte
        bezig = ", ".join(r for r, (g, t) in sorted(self.per_regio.items()) if g < t) or regio
        typer.echo(
            f"\r[{'#' * vol}{'.' * (breedte - vol)}] {gedaan}/{totaal} events "
            f"{tempo:,.0f}/s  {over:,.0f}s left  ({bezig}) ",
            err=True,
            nl=False,
        )


@projecties.command("herbouw")
def projecties_herbouw(
    naam: Annotated[str | None, typer.Argument(help="The region whose read models to rebuild; all if omitted.")] = None,
) -> None:
    """Rebuild read models from zero; the service keeps answering from the old tables until the swap."""
    from adapters.leesmodellen import HerbouwLoopt, LeesModellen

    settings = _instellingen()
    if settings.database_url is None:
        raise typer.BadParameter("set DOORBRAAK_DATABASE_URL: a rebuild reads an existing event store")
    container = _bootstrap(settings, "projecties herbouw")
    if naam is not None and naam not in container.casussen:
        container.close()
        raise typer.BadParameter(f"no region {naam!r} (known: {', '.join(sorted(container.casussen))})")
    stem_gc_af()

    async def herbouw() -> None:
        modellen = LeesModellen(container)
        await modellen.open()
        try:
            aantallen = await modellen.herbouw_alle([naam] if naam else None, Voortgang())
            typer.echo("", err=True)
            for regio, gedaan in aantallen.items():
                typer.echo(f"{regio}: rebuilt from {gedaan} events", err=True)
        finally:
            await modellen.close()

    try:
        asyncio.run(herbouw())
    except HerbouwLoopt as e:
        typer.echo(f"\n{e}; try again when it has finished", err=True)
        raise typer.Exit(1) from None
    finally:
        container.close()


database = typer.Typer(help="The database roles: the owner sets up what the application may use.", no_args_is_help=True)
app.add_typer(database, name="database")


@database.command("inrichten")
def database_inrichten() -> None:
    """Set up the schemas of every store this configuration serves as their owner (DOORBRAAK_EIGENAAR_DATABASE_URL)
    and give the application's role (DOORBRAAK_DATABASE_URL) exactly its rights; safe to run again, e.g. after a
    region was added or an upgrade."""
    import psycopg

    from projections.herstel import beschrijf

    settings = _instellingen()
    if settings.eigenaar_database_url is None:
        typer.echo("doorbraak database inrichten: set DOORBRAAK_EIGENAAR_DATABASE_URL (the owner's)", err=True)
        raise typer.Exit(2)
    try:
        container = _bootstrap(settings, "database inrichten")
    except psycopg.Error as e:
        typer.echo(f"doorbraak database inrichten: {beschrijf(e)}", err=True)
        raise typer.Exit(1) from None
    container.close()
    for regel in container.ingericht:
        typer.echo(regel)


app.add_typer(audit, name="audit")
app.command()(importeer)
app.command()(importsjabloon)
app.add_typer(gebruiker, name="gebruiker")


@audit.command("bewijs-controleer")
def bewijs_controleer(
    bestand: Annotated[Path, typer.Argument(help="A proof saved from GET /audit/.../bewijs.", dir_okay=False)],
    sleutels: Annotated[
        Path | None, typer.Option(help="The saved answer of GET /audit/sleutels of the node signing the proof's log.")
    ] = None,
    sleutel: Annotated[list[str] | None, typer.Option(help="A public key (base64), instead (repeatable).")] = None,
) -> None:
    """Check a saved inclusion proof without the service: the checkpoint's signature with keys obtained
    elsewhere (never the one in the proof), each event's leaf from its bytes, each path to the signed root."""
    from adapters.bewijzen import controleer_bewijs, sleutels_voor

    try:
        bewijs = json.loads(bestand.read_text())
        publiek = sleutels_voor(json.loads(sleutels.read_text()) if sleutels else {}, bewijs.get("bron"), sleutel or [])
    except (OSError, ValueError, AttributeError) as e:
        typer.echo(f"doorbraak audit bewijs-controleer: {e}", err=True)
        raise typer.Exit(2) from None
    if not publiek:
        typer.echo(
            "doorbraak audit bewijs-controleer: no key of the proof's log: give --sleutels or --sleutel", err=True
        )
        raise typer.Exit(2)
    fouten, open_ = controleer_bewijs(bewijs, publiek)
    for fout in fouten:
        typer.echo(f"NOT PROVEN: {fout}", err=True)
    for regel in open_:
        typer.echo(f"not yet: {regel}")
    if fouten:
        raise typer.Exit(1)
    checkpoint = bewijs["checkpoint"]
    bewezen = sum(1 for e in bewijs["events"] if e.get("pad") is not None)
    typer.echo(
        f"ok: {bewezen} events of case {bewijs['casus_id']} are in checkpoint {checkpoint['grootte']} of "
        f"{checkpoint['bron']}, signed {checkpoint['tijd']} with key {checkpoint['sleutel_id']}"
    )


def main() -> None:
    app()
