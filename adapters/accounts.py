"""The pages' accounts in the node's schema (`knooppunt`): a name, an argon2 hash of the password, the role and
the regions/networks exactly as a token carries them (`adapters.tokens.Gebruiker`), and whether it is blocked;
beside them the failed sign-ins per name (`domain.inloggen.Pogingen`), kept for names without an account too, so
a lock-out says nothing about whether a name exists.

The owner creates the tables (`adapters.rechten.BELEID`); the application may add and change accounts, never
delete one (a name stays the actor of what it recorded), and keeps the failed sign-ins as it likes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
import psycopg

from adapters.tokens import Gebruiker
from domain.inloggen import Blokkadebeleid, Pogingen
from domain.rollen import Rol
from projections.tabellen import q

ACCOUNTS = "accounts"
POGINGEN = "aanmeldpogingen"
ACCOUNT_INVOER = "naam, wachtwoord, rol, regios, netwerken, geblokkeerd"
ACCOUNT_WIJZIGBAAR = "wachtwoord, rol, regios, netwerken, geblokkeerd, gewijzigd"


def maak_accounts(conn: psycopg.Connection[Any], schema: str, _events: str = "") -> None:
    """As the owner, idempotent: the accounts table."""
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {q(schema)}.{ACCOUNTS} ("
        "naam text PRIMARY KEY CHECK (length(naam) BETWEEN 1 AND 200), "
        "wachtwoord text NOT NULL CHECK (length(wachtwoord) <= 500), "
        "rol text NOT NULL, regios text[] NOT NULL DEFAULT '{}', netwerken text[] NOT NULL DEFAULT '{}', "
        "geblokkeerd boolean NOT NULL DEFAULT false, "
        "aangemaakt timestamptz NOT NULL DEFAULT now(), gewijzigd timestamptz NOT NULL DEFAULT now())".encode()
    )


def maak_pogingen(conn: psycopg.Connection[Any], schema: str, _events: str = "") -> None:
    """As the owner, idempotent: the failed sign-ins per name."""
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {q(schema)}.{POGINGEN} ("
        "naam text PRIMARY KEY, mislukt timestamptz[] NOT NULL DEFAULT '{}', geblokkeerd_tot timestamptz)".encode()
    )


@dataclass(frozen=True)
class Account:
    gebruiker: Gebruiker
    wachtwoord: str
    """The argon2 hash (PHC string), never the password."""
    geblokkeerd: bool
    aangemaakt: datetime
    gewijzigd: datetime


def account_uit_rij(rij: asyncpg.Record) -> Account:
    gebruiker = Gebruiker(
        naam=rij["naam"], rol=Rol(rij["rol"]), regios=tuple(rij["regios"]), netwerken=tuple(rij["netwerken"])
    )
    return Account(gebruiker, rij["wachtwoord"], rij["geblokkeerd"], rij["aangemaakt"], rij["gewijzigd"])


class Accounts:
    """The accounts and failed sign-ins of one node schema, on an asyncpg pool."""

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool, self.schema = pool, schema
        self._accounts, self._pogingen = f"{q(schema)}.{ACCOUNTS}", f"{q(schema)}.{POGINGEN}"

    async def account(self, naam: str) -> Account | None:
        rij = await self.pool.fetchrow(f"SELECT * FROM {self._accounts} WHERE naam = $1", naam)
        return account_uit_rij(rij) if rij is not None else None

    async def lijst(self) -> list[Account]:
        return [account_uit_rij(rij) for rij in await self.pool.fetch(f"SELECT * FROM {self._accounts} ORDER BY naam")]

    async def voeg_toe(self, gebruiker: Gebruiker, wachtwoord: str) -> bool:
        """Adds the account with this password hash; False when the name is taken."""
        rij = await self.pool.fetchrow(
            f"INSERT INTO {self._accounts} ({ACCOUNT_INVOER}) VALUES ($1, $2, $3, $4, $5, false) "
            "ON CONFLICT (naam) DO NOTHING RETURNING naam",
            gebruiker.naam,
            wachtwoord,
            gebruiker.rol.value,
            list(gebruiker.regios),
            list(gebruiker.netwerken),
        )
        return rij is not None

    async def wijzig(
        self,
        naam: str,
        *,
        wachtwoord: str | None = None,
        rol: Rol | None = None,
        regios: Sequence[str] | None = None,
        netwerken: Sequence[str] | None = None,
        geblokkeerd: bool | None = None,
    ) -> bool:
        """Changes what is given (None: kept); False when there is no such account."""
        rij = await self.pool.fetchrow(
            f"UPDATE {self._accounts} SET wachtwoord = coalesce($2, wachtwoord), rol = coalesce($3, rol), "
            "regios = coalesce($4, regios), netwerken = coalesce($5, netwerken), "
            "geblokkeerd = coalesce($6, geblokkeerd), gewijzigd = now() WHERE naam = $1 RETURNING naam",
            naam,
            wachtwoord,
            rol.value if rol is not None else None,
            list(regios) if regios is not None else None,
            list(netwerken) if netwerken is not None else None,
            geblokkeerd,
        )
        return rij is not None

    async def pogingen(self, naam: str) -> Pogingen:
        rij = await self.pool.fetchrow(f"SELECT mislukt, geblokkeerd_tot FROM {self._pogingen} WHERE naam = $1", naam)
        return Pogingen(tuple(rij["mislukt"]), rij["geblokkeerd_tot"]) if rij is not None else Pogingen()

    async def mislukt(self, naam: str, nu: datetime, beleid: Blokkadebeleid) -> Pogingen:
        """Records a failed sign-in of `naam` at `nu` (one at a time per name) and returns the new state; forgets
        the names whose failures and lock have all expired."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(f"INSERT INTO {self._pogingen} (naam) VALUES ($1) ON CONFLICT DO NOTHING", naam)
            rij = await conn.fetchrow(
                f"SELECT mislukt, geblokkeerd_tot FROM {self._pogingen} WHERE naam = $1 FOR UPDATE", naam
            )
            voor = Pogingen(tuple(rij["mislukt"]), rij["geblokkeerd_tot"]) if rij is not None else Pogingen()
            na = voor.na_mislukking(nu, beleid)
            await conn.execute(
                f"UPDATE {self._pogingen} SET mislukt = $2, geblokkeerd_tot = $3 WHERE naam = $1",
                naam,
                list(na.mislukt),
                na.geblokkeerd_tot,
            )
            await conn.execute(
                f"DELETE FROM {self._pogingen} WHERE naam <> $1 AND (geblokkeerd_tot IS NULL OR geblokkeerd_tot <= $2)"
                " AND coalesce(mislukt[cardinality(mislukt)] <= $3, true)",
                naam,
                nu,
                nu - beleid.venster,
            )
        return na

    async def vergeet_pogingen(self, naam: str) -> None:
        """After a successful sign-in, or when an operator lifts a lock-out."""
        await self.pool.execute(f"DELETE FROM {self._pogingen} WHERE naam = $1", naam)
