"""Server-side sessions of the pages in the node's schema: who is signed in, independent of how.

A session is begun for an account's name once some method has proven who it is (`methode`: "wachtwoord" today;
a later sign-in through the municipalities' identity provider begins one the same way with "oidc"). The cookie
carries a random id; the table keeps only its SHA-256 (`kenmerk`), so a copy of the table signs no one in. Each
read joins the account: a blocked account, a changed role or region count at the next request. A session ends
`Sessieduur.inactief` after its last use or `Sessieduur.maximaal` after it began (`domain.inloggen`)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
import psycopg

from adapters.accounts import ACCOUNTS, account_uit_rij
from adapters.tokens import Gebruiker
from domain.inloggen import Sessieduur, moet_bijgewerkt
from projections.tabellen import q

SESSIES = "sessies"
SESSIE_ID = re.compile(r"[A-Za-z0-9_-]{43}")
"""A session id as `nieuw_id` makes it (32 random bytes, base64url): anything else in a cookie is no session."""


def maak_sessies(conn: psycopg.Connection[Any], schema: str, _events: str = "") -> None:
    """As the owner, idempotent: the sessions table (after the accounts table)."""
    s = q(schema)
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {s}.{SESSIES} (kenmerk bytea PRIMARY KEY, "
        f"naam text NOT NULL REFERENCES {s}.{ACCOUNTS} (naam), methode text NOT NULL, csrf text NOT NULL, "
        "begonnen timestamptz NOT NULL, laatst_gebruikt timestamptz NOT NULL)".encode()
    )
    conn.execute(f"CREATE INDEX IF NOT EXISTS sessies_naam ON {s}.{SESSIES} (naam)".encode())


def nieuw_id() -> str:
    return secrets.token_urlsafe(32)


def kenmerk(sessie_id: str) -> bytes:
    return hashlib.sha256(sessie_id.encode()).digest()


@dataclass(frozen=True)
class Sessie:
    gebruiker: Gebruiker
    csrf: str
    """The token every form of this session sends back (`adapters.web.csrf`)."""
    methode: str
    begonnen: datetime
    laatst_gebruikt: datetime


class Sessies:
    def __init__(self, pool: asyncpg.Pool, schema: str, duur: Sessieduur) -> None:
        self.pool, self.duur = pool, duur
        self._sessies, self._accounts = f"{q(schema)}.{SESSIES}", f"{q(schema)}.{ACCOUNTS}"

    async def begin(self, naam: str, methode: str, nu: datetime, *, vorige: str | None = None) -> tuple[str, Sessie]:
        """A new session of the account `naam`, and its id for the cookie. The previous session of this browser
        (`vorige`, the id it sent) ends with it: an id is never carried across a sign-in. Expired sessions of
        everyone are removed."""
        sessie_id, csrf = nieuw_id(), secrets.token_urlsafe(32)
        async with self.pool.acquire() as conn, conn.transaction():
            if vorige is not None:
                await conn.execute(f"DELETE FROM {self._sessies} WHERE kenmerk = $1", kenmerk(vorige))
            await conn.execute(
                f"DELETE FROM {self._sessies} WHERE laatst_gebruikt <= $1 OR begonnen <= $2",
                nu - self.duur.inactief,
                nu - self.duur.maximaal,
            )
            await conn.execute(
                f"INSERT INTO {self._sessies} (kenmerk, naam, methode, csrf, begonnen, laatst_gebruikt) "
                "VALUES ($1, $2, $3, $4, $5, $5)",
                kenmerk(sessie_id),
                naam,
                methode,
                csrf,
                nu,
            )
            rij = await conn.fetchrow(f"SELECT * FROM {self._accounts} WHERE naam = $1", naam)
        if rij is None:
            raise LookupError(f"no account {naam!r}")
        return sessie_id, Sessie(account_uit_rij(rij).gebruiker, csrf, methode, nu, nu)

    async def lees(self, sessie_id: str, nu: datetime) -> Sessie | None:
        """The session with this id, if it is valid at `nu` and its account is not blocked; its last use is
        written at most once a minute. An expired session is removed."""
        if not SESSIE_ID.fullmatch(sessie_id):
            return None
        rij = await self.pool.fetchrow(
            f"SELECT s.methode, s.csrf, s.begonnen, s.laatst_gebruikt, a.* FROM {self._sessies} s "
            f"JOIN {self._accounts} a USING (naam) WHERE s.kenmerk = $1",
            kenmerk(sessie_id),
        )
        if rij is None:
            return None
        if not self.duur.geldig(rij["begonnen"], rij["laatst_gebruikt"], nu) or rij["geblokkeerd"]:
            await self.beeindig(sessie_id)
            return None
        laatst = rij["laatst_gebruikt"]
        if moet_bijgewerkt(laatst, nu):
            await self.pool.execute(
                f"UPDATE {self._sessies} SET laatst_gebruikt = $2 WHERE kenmerk = $1", kenmerk(sessie_id), nu
            )
            laatst = nu
        return Sessie(account_uit_rij(rij).gebruiker, rij["csrf"], rij["methode"], rij["begonnen"], laatst)

    async def beeindig(self, sessie_id: str) -> None:
        if SESSIE_ID.fullmatch(sessie_id):
            await self.pool.execute(f"DELETE FROM {self._sessies} WHERE kenmerk = $1", kenmerk(sessie_id))

    async def beeindig_alle(self, naam: str) -> int:
        """Ends every session of the account (blocked, or its password changed); how many there were."""
        uitkomst = await self.pool.execute(f"DELETE FROM {self._sessies} WHERE naam = $1", naam)
        return int(uitkomst.split()[-1])
