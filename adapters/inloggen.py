"""Signing in with a password: argon2id hashes, the lock-out (`domain.inloggen`), and one answer for an unknown
name, a wrong password and a blocked account alike.

`Inloggen` holds the node schema's accounts and sessions on one small pool (in `serve`, a share of the node's);
the pages (`adapters.web`) and `doorbraak gebruiker` (`adapters.gebruiker_cli`) both use it. Another way of
signing in (OIDC) proves a name its own way and then calls `sessies.begin(naam, "oidc", ...)`: the session layer
does not care how."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from adapters.accounts import Accounts
from adapters.inzagelog import knooppunt_schema, open_knooppunt
from adapters.pools import GedeeldePools, open_pool
from adapters.sessies import Sessie, Sessies
from adapters.settings import Settings
from domain.inloggen import Blokkadebeleid
from domain.invoer import verboden_teken

GELIJKTIJDIG = 2
"""Password hashes computed at once (each takes about 0.1 s of a core and 64 MiB): a flood of sign-ins waits
its turn instead of taking every core from the other requests."""


class Wachtwoorden:
    """argon2id with argon2-cffi's defaults (RFC 9106's low-memory profile), computed off the event loop."""

    def __init__(self) -> None:
        self.hasher = PasswordHasher()
        self._beurt = asyncio.Semaphore(GELIJKTIJDIG)
        self._nep: str | None = None

    async def hash(self, wachtwoord: str) -> str:
        async with self._beurt:
            return await asyncio.to_thread(self.hasher.hash, wachtwoord)

    async def klopt(self, hash_: str | None, wachtwoord: str) -> bool:
        """Whether the password matches the hash. Without a hash (an unknown name) a password is checked all the
        same against one made for that purpose: the answer takes as long, and is False."""
        if hash_ is None:
            self._nep = self._nep or await self.hash("geen account: alleen om even lang te rekenen")
        async with self._beurt:
            try:
                return await asyncio.to_thread(self.hasher.verify, hash_ or self._nep or "", wachtwoord) and bool(hash_)
            except (VerificationError, InvalidHashError):
                return False

    def verouderd(self, hash_: str) -> bool:
        """Whether the hash was made with other parameters than today's (then it is made anew at sign-in)."""
        try:
            return self.hasher.check_needs_rehash(hash_)
        except (InvalidHashError, ValueError):
            return True


@dataclass(frozen=True)
class Geweigerd:
    """A refused sign-in: `onjuist` (unknown name, wrong password or blocked account: one answer) or `geblokkeerd`
    (too many failures of this name; `minuten` until it may try again)."""

    reden: Literal["onjuist", "geblokkeerd"]
    minuten: int = 0


class Inloggen:
    def __init__(
        self,
        pool: asyncpg.Pool,
        schema: str,
        settings: Settings,
        klok: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.pool, self.klok = pool, klok
        self.accounts = Accounts(pool, schema)
        self.sessies = Sessies(pool, schema, settings.sessieduur())
        self.wachtwoorden = Wachtwoorden()
        self.beleid: Blokkadebeleid = settings.blokkadebeleid()
        self._pools: GedeeldePools | None = None

    @classmethod
    async def geopend(cls, settings: Settings, database_url: str, pools: GedeeldePools | None = None) -> Inloggen:
        """On the node's schema in this database, set up first (or checked, as `adapters.inzagelog` does); on a
        share of the node's `pools` when given, else on a small pool of its own."""
        schema = knooppunt_schema(settings.schema_prefix)
        await asyncio.to_thread(open_knooppunt, database_url, schema)
        if pools is not None:
            pool = await pools.neem(
                database_url,
                "duurzaam",
                verbind_timeout=settings.verbind_timeout,
                statement_timeout=settings.statement_timeout,
            )
        else:
            pool = await open_pool(
                database_url,
                max_size=4,
                verbind_timeout=settings.verbind_timeout,
                statement_timeout=settings.statement_timeout,
            )
        inloggen = cls(pool, schema, settings)
        inloggen._pools = pools
        return inloggen

    async def met_wachtwoord(self, naam: str, wachtwoord: str, *, vorige: str | None) -> tuple[str, Sessie] | Geweigerd:
        """A new session (id and session) when the name and password are right and neither the name nor the
        account is locked; else why not. `vorige`: the session id the browser sent, ended with the sign-in. A name
        no account can have (a character PostgreSQL text cannot hold) is refused as an unknown one."""
        if verboden_teken(naam) is not None:
            return Geweigerd("onjuist")
        nu = self.klok()
        pogingen = await self.accounts.pogingen(naam)
        if pogingen.geblokkeerd(nu):
            return Geweigerd("geblokkeerd", pogingen.minuten_over(nu))
        account = await self.accounts.account(naam)
        klopt = await self.wachtwoorden.klopt(account.wachtwoord if account else None, wachtwoord)
        if account is None or not klopt or account.geblokkeerd:
            na = await self.accounts.mislukt(naam, nu, self.beleid)
            return Geweigerd("geblokkeerd", na.minuten_over(nu)) if na.geblokkeerd(nu) else Geweigerd("onjuist")
        await self.accounts.vergeet_pogingen(naam)
        if self.wachtwoorden.verouderd(account.wachtwoord):
            await self.accounts.wijzig(naam, wachtwoord=await self.wachtwoorden.hash(wachtwoord))
        return await self.sessies.begin(naam, "wachtwoord", nu, vorige=vorige)

    async def close(self) -> None:
        if self._pools is not None:
            await self._pools.geef_terug(self.pool)
        else:
            await self.pool.close()
