"""The daily reminders inside `serve`: per region, once each working day at DOORBRAAK_HERINNERING_TIJD,
retried after a failure until it went out, and caught up after a restart the same day."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from adapters.bootstrap import Container
from adapters.feestdagen import nederlandse_werkkalender
from adapters.herinneringen import Herinneringen, Ronde
from adapters.herinneringskanalen import NatsMelder, SmtpVerzender
from domain.herinneringen import herinneringsdag
from domain.werkdagen import Werkkalender
from projections.herstel import Herstelstatus, Terugval, slaap

log = logging.getLogger(__name__)
HOOGSTENS_SLAPEN = 60.0
"""Seconds slept at most before the clock is read again (a clock that jumps, a change of daylight saving)."""


class Regioplanner(Herstelstatus):
    """One region's daily run: waits for the moment, sends, and after a failure (the database, NATS or the mail
    server away) tries again after a growing wait, without holding up any other region."""

    def __init__(
        self,
        regio: str,
        herinneringen: Herinneringen,
        tijdstip: time,
        zone: ZoneInfo,
        kalender: Werkkalender,
        nu: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self.naam = f"herinneringen-{regio}"
        self.regio, self.herinneringen = regio, herinneringen
        self.tijdstip, self.zone, self.kalender, self.nu = tijdstip, zone, kalender, nu
        self.terugval = Terugval(eerste=1.0, hoogstens=60.0)
        self.gedaan: date | None = None
        """The last day whose reminders went out (this process's memory; the claims are the real record)."""
        self.laatste: Ronde | None = None
        self.ronde_tijd = 60.0
        """Seconds one run may take at most (set from the settings by `Herinneringsdienst`)."""

    def volgende(self) -> tuple[date, float]:
        """The day of the next run and the seconds until it is due (0 or less: now)."""
        nu = self.nu().astimezone(self.zone)
        dag = herinneringsdag(nu.date(), self.gedaan, self.kalender)
        return dag, (datetime.combine(dag, self.tijdstip, tzinfo=self.zone) - nu).total_seconds()

    async def draai(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            dag, wacht = self.volgende()
            if wacht > 0:
                await slaap(stop, min(wacht, HOOGSTENS_SLAPEN))
                continue
            try:
                async with asyncio.timeout(self.ronde_tijd):
                    self.laatste = await self.herinneringen.stuur(self.regio, dag)
            except Exception as e:
                await slaap(stop, self.mislukt(e))
                continue
            self.gedaan = dag
            self.gelukt()


class Herinneringsdienst:
    """Every served region's planner, sharing one NATS connection and the mail server."""

    def __init__(self, container: Container, nu: Callable[[], datetime] | None = None) -> None:
        settings = container.settings
        self.container = container
        self.melder = NatsMelder(settings)
        self.herinneringen = Herinneringen(container, nederlandse_werkkalender(), SmtpVerzender(settings), self.melder)
        zone, kalender = ZoneInfo(settings.tijdzone), self.herinneringen.kalender
        extra = {"nu": nu} if nu is not None else {}
        self.planners = [
            Regioplanner(regio, self.herinneringen, settings.herinnering_tijd, zone, kalender, **extra)
            for regio in sorted(container.casussen)
        ]
        # a claim may wait on another node's (a statement), then the send: two statements, NATS and the mail
        database = settings.verbind_timeout + settings.statement_timeout
        for planner in self.planners:
            planner.ronde_tijd = 2 * database + settings.smtp_timeout + 15.0
        self._stop = asyncio.Event()
        self._taken: list[asyncio.Task[None]] = []
        if settings.omgeving == "production" and settings.basis_url is None:
            log.warning("DOORBRAAK_BASIS_URL is not set: the links in reminder mails are paths without an address")

    def start(self) -> None:
        for planner in self.planners:
            self._taken.append(asyncio.create_task(planner.draai(self._stop), name=planner.naam))

    async def close(self) -> None:
        self._stop.set()
        if self._taken:
            await asyncio.gather(*self._taken, return_exceptions=True)
        await self.herinneringen.close()
        await self.melder.close()

    def stand(self) -> list[dict[str, Any]]:
        """For /health: each region's last day sent, what it sent, and whether it is retrying."""
        return [
            {
                "regio": p.regio,
                "gedaan": p.gedaan,
                "verzonden": len(p.laatste.verzonden) if p.laatste else 0,
                "toestand": "herstellend" if p.herstellend else "ok",
                "fout": p.fout,
                "herstellend_sinds": p.sinds,
            }
            for p in self.planners
        ]
