"""The `doorbraak` command: serve, demo, token."""

from __future__ import annotations

import contextlib
import logging
import signal
from collections.abc import Iterator
from datetime import timedelta
from typing import Annotated

import typer

from adapters.settings import Settings
from adapters.tokens import Gebruiker, maak_token
from domain.rollen import Rol

app = typer.Typer(help="doorbraak: the case system of the regional youth-care expert teams.", no_args_is_help=True)


@contextlib.contextmanager
def embedded_servers(settings: Settings) -> Iterator[Settings]:
    """Starts a private PostgreSQL and NATS for whatever the settings leave unconfigured."""
    from adapters.embedded import EmbeddedNats, EmbeddedPostgres

    gestart: list[EmbeddedPostgres | EmbeddedNats] = []
    try:
        updates: dict[str, str] = {}
        if settings.database_url is None:
            pg = EmbeddedPostgres(settings.data_dir / "postgres")
            pg.start()
            gestart.append(pg)
            updates["database_url"] = pg.url
        if settings.nats_url is None:
            nats = EmbeddedNats(settings.data_dir / "nats")
            nats.start()
            gestart.append(nats)
            updates["nats_url"] = nats.url
        yield settings.model_copy(update=updates)
    finally:
        for server in reversed(gestart):
            server.stop()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Run the API; with no database or NATS URL configured, on private embedded servers."""
    import uvicorn

    from adapters.bootstrap import bootstrap
    from adapters.http.app import maak_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings()
    # uvicorn shuts down gracefully, then re-raises the signal: let that end the process
    # through the `finally` blocks below, so the embedded servers stop with it.
    signal.signal(signal.SIGTERM, _stop)
    with contextlib.suppress(KeyboardInterrupt), embedded_servers(settings) as actief:
        container = bootstrap(actief)
        try:
            uvicorn.run(maak_app(container), host=host or actief.host, port=port or actief.port)
        finally:
            container.close()


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)


@app.command()
def token(
    rol: Annotated[Rol, typer.Option(help="The user's role.")],
    regio: Annotated[list[str] | None, typer.Option(help="A region the user works in (repeatable).")] = None,
    netwerk: Annotated[list[str] | None, typer.Option(help="A network (repeatable).")] = None,
    naam: Annotated[str, typer.Option(help="Who acts; recorded on every event.")] = "lokale-gebruiker",
    uren: Annotated[int, typer.Option(help="Hours the token stays valid.")] = 12,
) -> None:
    """Print a signed bearer token for local use."""
    settings = Settings()
    gebruiker = Gebruiker(naam=naam, rol=rol, regios=tuple(regio or ()), netwerken=tuple(netwerk or ()))
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

    settings = Settings()
    overzicht = vul(url, settings, aantal=aantal, seed=seed)
    for regel in overzicht:
        typer.echo(regel)


def main() -> None:
    app()
