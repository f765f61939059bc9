"""The reminders' two ways out: the team's mail over SMTP (aiosmtplib) and a message per case on NATS."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib
from nats.aio.client import Client

from adapters import herinneringsbericht
from adapters.settings import Settings
from domain.herinneringen import Herinnering
from projections.herstel import beschrijf

log = logging.getLogger(__name__)


class Verzender(Protocol):
    async def verstuur(self, bericht: EmailMessage) -> None: ...


class Melder(Protocol):
    async def meld(self, herinneringen: Sequence[Herinnering], basis_url: str) -> None: ...


class SmtpVerzender:
    """Hands a mail to the configured mail server (aiosmtplib); raises unless the server accepted it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def verstuur(self, bericht: EmailMessage) -> None:
        s = self.settings
        await aiosmtplib.send(
            bericht,
            hostname=s.smtp_host,
            port=s.smtp_poort,
            username=s.smtp_gebruiker,
            password=s.smtp_wachtwoord.get_secret_value() if s.smtp_wachtwoord else None,
            use_tls=s.smtp_tls == "ssl",
            start_tls=s.smtp_tls == "starttls",
            timeout=s.smtp_timeout,
        )


class NatsMelder:
    """Publishes each reminder on `doorbraak.<regio>.herinnering` (core NATS), with `Nats-Msg-Id`
    `regio/casus/norm/dag`, and waits until the server has them (a flush).

    Core NATS, not JetStream: the subject belongs to no stream (the networks' streams carry the networks'
    subjects, and a region's NATS user may not create one), the message is a signal for whoever listens now,
    and the database's claim is what makes a reminder go out once. A channel that needs to catch up later puts
    a stream over `doorbraak.*.herinnering`; the `Nats-Msg-Id` header lets it drop a repeat.

    Connects at the first reminder and keeps the connection; a connection that closed after failing to
    reconnect is made anew at the next."""

    def __init__(self, settings: Settings, wachttijd: int = 5) -> None:
        self.settings, self.wachttijd = settings, wachttijd
        self.nc: Client | None = None
        self._slot = asyncio.Lock()

    async def _client(self) -> Client:
        async with self._slot:
            if self.nc is None or self.nc.is_closed:
                if self.settings.nats_url is None:
                    raise ValueError("no NATS URL configured (DOORBRAAK_NATS_URL)")
                nc = Client()
                await nc.connect(
                    servers=[url.strip() for url in self.settings.nats_url.split(",")],
                    name="doorbraak-herinneringen",
                    inbox_prefix=self.settings.nats_inbox,
                    max_reconnect_attempts=3,  # a connect that fails ends, and is tried again at the next run
                    reconnect_time_wait=1,
                    connect_timeout=2,
                    error_cb=self._fout,
                )
                self.nc = nc
            return self.nc

    @staticmethod
    async def _fout(fout: Exception) -> None:
        """What the server reports afterwards (a publish its permissions refuse): logged, for the operator."""
        log.warning("NATS reports for the reminders: %s", beschrijf(fout))

    async def meld(self, herinneringen: Sequence[Herinnering], basis_url: str) -> None:
        nc = await self._client()
        for h in herinneringen:
            await nc.publish(
                herinneringsbericht.onderwerp(h.regio),
                herinneringsbericht.bericht(h, basis_url),
                headers={"Nats-Msg-Id": h.sleutel},
            )
        await nc.flush(timeout=self.wachttijd)

    async def close(self) -> None:
        if self.nc is not None and not self.nc.is_closed:
            await self.nc.close()
        self.nc = None
