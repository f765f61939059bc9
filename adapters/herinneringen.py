"""Sending the reminders of one region and day: the team's mail over SMTP and one NATS message per case,
each reminder once per case, norm and day, whichever node sends it and however often it is asked.

The reminders are claimed in the region's table `herinnering_verzonden` (`projections.herinneringen.claim`)
inside a transaction that commits only after NATS has the messages and the mail server accepted the mail. A
send that fails rolls the claims back: the next run sends them. A second node running at the same time waits
on the claimed rows until the first commits, and then finds nothing left to send.

At least once, not exactly once: when the process dies, or the commit fails, after the mail server accepted
the mail and before the claims committed, the next run sends those reminders again (the same mail, and NATS
messages with the same `Nats-Msg-Id`). NATS goes first and the mail last, so a failing mail server repeats
only NATS messages (which a stream over the subject would drop as duplicates), never a mail.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import asyncpg

from adapters import herinneringsbericht
from adapters.bootstrap import Container
from adapters.feestdagen import nederlandse_werkkalender
from adapters.herinneringskanalen import Melder, NatsMelder, SmtpVerzender, Verzender
from adapters.settings import Settings
from domain.herinneringen import Herinnering, herinnering, herinneringsgrens
from domain.werkdagen import Werkkalender
from projections.herinneringen import claim, maak_verzonden_tabel, open_normen_tot, ruim_op
from projections.herstel import beschrijf
from projections.queries import actieve_tabellen

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ronde:
    """One region's reminders of one day: every case due (`herinneringen`), those this run sent (`verzonden`;
    the rest went out earlier or from another node), and the address mailed (None: no mail)."""

    regio: str
    dag: date
    herinneringen: list[Herinnering]
    verzonden: list[Herinnering]
    gemaild_aan: str | None
    droog: bool = False


def basis_url(settings: Settings) -> str:
    """The base of the links in reminders: DOORBRAAK_BASIS_URL; else the local address in development, and
    no base (the path alone) in production."""
    if settings.basis_url is not None:
        return settings.basis_url
    return "" if settings.omgeving == "production" else f"http://{settings.host}:{settings.port}"


class Herinneringen:
    """Sends the reminders of this node's regions, each region on its own connection from the node's pool of
    the database that waits for the disk (commits that wait for the disk: a claim must survive a crash)."""

    def __init__(
        self, container: Container, kalender: Werkkalender, verzender: Verzender, melder: Melder | None
    ) -> None:
        self.container, self.kalender = container, kalender
        self.verzender, self.melder = verzender, melder
        self.basis_url = basis_url(container.settings)
        self.pools: dict[str, asyncpg.Pool] = {}
        self._geinstalleerd: set[str] = set()

    async def _pool(self, regio: str) -> asyncpg.Pool:
        url = self.container.database_url(regio)
        if url not in self.pools:
            self.pools[url] = await self.container.pool(url, "duurzaam")
        return self.pools[url]

    async def close(self) -> None:
        for pool in self.pools.values():
            await self.container.pools.geef_terug(pool)
        self.pools.clear()

    async def stuur(self, regio: str, dag: date, *, droog: bool = False) -> Ronde:
        """Sends the region's reminders of `dag` not yet sent; with `droog`, only says which are due."""
        schema, teamadres = self.container.schema(regio), self.container.profielen[regio].teamadres
        pool = await self._pool(regio)
        async with pool.acquire() as conn:
            if not droog and schema not in self._geinstalleerd:
                await maak_verzonden_tabel(conn, schema)
                self._geinstalleerd.add(schema)
            async with conn.transaction():
                alle = await self._te_herinneren(conn, regio, dag)
                if droog:
                    return Ronde(regio, dag, alle, [], teamadres, droog=True)
                nieuw = await claim(conn, schema, alle)
                if nieuw:
                    await self._verstuur(nieuw, dag)
                await ruim_op(conn, schema, dag)
        if nieuw:
            log.info("%s: %d reminders of %s sent", regio, len(nieuw), dag.isoformat())
        return Ronde(regio, dag, alle, nieuw, teamadres if nieuw else None)

    async def _te_herinneren(self, conn: asyncpg.Connection, regio: str, dag: date) -> list[Herinnering]:
        """Every reminder the region's werkvoorraad holds for `dag`."""
        werkdagen = self.container.profielen[regio].herinnering_werkdagen
        tabellen = await actieve_tabellen(conn, self.container.schema(regio), regio)
        rijen = await open_normen_tot(conn, tabellen, herinneringsgrens(dag, werkdagen, self.kalender))
        herinneringen = (
            herinnering(
                regio,
                r["casus_id"],
                r["fase"],
                r["volgende_norm"],
                r["volgende_deadline"],
                dag=dag,
                werkdagen=werkdagen,
                kalender=self.kalender,
            )
            for r in rijen
        )
        return [h for h in herinneringen if h is not None]

    async def _verstuur(self, herinneringen: list[Herinnering], dag: date) -> None:
        """NATS first, the mail last: a failing mail server repeats NATS messages, never a mail."""
        regio = herinneringen[0].regio
        profiel, settings = self.container.profielen[regio], self.container.settings
        if self.melder is None:
            raise ValueError("no NATS connection for the reminders (DOORBRAAK_NATS_URL)")
        await self.melder.meld(herinneringen, self.basis_url)
        if profiel.teamadres is not None:
            bericht = herinneringsbericht.mail(profiel, herinneringen, dag, settings.smtp_afzender, self.basis_url)
            # bounded: the claims' transaction stays open meanwhile, and another node waits on it
            async with asyncio.timeout(settings.smtp_timeout + 5.0):
                await self.verzender.verstuur(bericht)


def overzicht(ronde: Ronde) -> list[str]:
    """What a run did, as `doorbraak herinneringen` prints it: a line for the region, one per case."""
    nieuw = {h.sleutel for h in ronde.verzonden}
    if ronde.droog:
        kop = f"{len(ronde.herinneringen)} due; dry run, nothing sent" + (
            f" (mail would go to {ronde.gemaild_aan})" if ronde.gemaild_aan else " (no team address: NATS only)"
        )
    else:
        kanalen = f"NATS {herinneringsbericht.onderwerp(ronde.regio)}"
        if ronde.gemaild_aan:
            kanalen = f"mail to {ronde.gemaild_aan}, {kanalen}"
        kop = f"{len(ronde.herinneringen)} due, {len(nieuw)} sent now" + (f" ({kanalen})" if nieuw else "")
    regels = [f"{ronde.regio} {ronde.dag.isoformat()}: {kop}"]
    for h in ronde.herinneringen:
        wanneer = "" if ronde.droog else ("  sent now" if h.sleutel in nieuw else "  sent before")
        regels.append(
            f"  {h.casus_id}  {h.fase}  {h.norm.value}  due {h.deadline.isoformat()} "
            f"({herinneringsbericht.stand(h)}){wanneer}"
        )
    return regels


async def stuur_nu(container: Container, regios: Sequence[str], dag: date, *, droog: bool) -> tuple[list[str], bool]:
    """Runs the reminders of `regios` for `dag` once (`doorbraak herinneringen`): the lines to print, and whether
    every region went through. A region that fails says why in one line; the others go on."""
    melder = None if droog else NatsMelder(container.settings)
    herinneringen = Herinneringen(container, nederlandse_werkkalender(), SmtpVerzender(container.settings), melder)
    regels: list[str] = []
    gelukt = True
    try:
        for regio in regios:
            try:
                regels += overzicht(await herinneringen.stuur(regio, dag, droog=droog))
            except Exception as e:
                regels.append(
                    f"{regio} {dag.isoformat()}: not sent (nothing recorded, a later run sends it): {beschrijf(e)}"
                )
                gelukt = False
    finally:
        await herinneringen.close()
        if melder is not None:
            await melder.close()
    return regels, gelukt
