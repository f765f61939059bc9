"""The key table of a store's schema: each case's key, wrapped by a master key; erased by destroying it.

`sleutels` is an ordinary table beside the events (not immutable, not chained): case, wrapped key, the id of
the master key that wrapped it, when it was made, and once erased when and why (the key itself then gone). A
new case's key is inserted by the append that stores its first encrypted event, in the same statement
(`adapters.recorder`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.postgres import PostgresDatastore
from psycopg import sql
from psycopg.rows import tuple_row

from services.versleuteling import OpgeslagenSleutel, Sleutelkluis

SLEUTELTABEL = "sleutels"
SLEUTELKOLOMMEN = "(casus_id, sleutel, hoofdsleutel_id)"
HERWIKKEL_PER_KEER = 500


def maak_sleuteltabel(conn: psycopg.Connection[Any], schema: str) -> None:
    """Creates the schema's key table (idempotent); run where the start-up DDL runs."""
    conn.execute(
        sql.SQL(
            "CREATE TABLE IF NOT EXISTS {}.{} ("
            " casus_id uuid PRIMARY KEY,"
            " sleutel bytea,"
            " hoofdsleutel_id text,"
            " aangemaakt timestamptz NOT NULL DEFAULT now(),"
            " gewist_op timestamptz,"
            " gewist_reden text,"
            " CHECK ((sleutel IS NULL) = (gewist_op IS NOT NULL)))"
        ).format(sql.Identifier(schema), sql.Identifier(SLEUTELTABEL))
    )


class PostgresSleutelOpslag:
    """Reads and destroys the keys of one store's schema, over the store's own connections."""

    def __init__(self, datastore: PostgresDatastore) -> None:
        self.datastore = datastore
        tabel = sql.SQL("{}.{}").format(sql.Identifier(datastore.schema), sql.Identifier(SLEUTELTABEL))
        self._lees = sql.SQL("SELECT sleutel, hoofdsleutel_id FROM {} WHERE casus_id = %s").format(tabel)
        self._wis = sql.SQL(
            "INSERT INTO {t} (casus_id, sleutel, hoofdsleutel_id, gewist_op, gewist_reden) "
            "VALUES (%s, NULL, NULL, now(), %s) ON CONFLICT (casus_id) DO UPDATE SET sleutel = NULL, "
            "hoofdsleutel_id = NULL, gewist_op = coalesce({t}.gewist_op, now()), "
            "gewist_reden = coalesce({t}.gewist_reden, excluded.gewist_reden)"
        ).format(t=tabel)
        self._vacuum = sql.SQL("VACUUM {}").format(tabel)
        self._te_herwikkelen = sql.SQL(
            "SELECT casus_id, sleutel, hoofdsleutel_id FROM {} WHERE sleutel IS NOT NULL AND hoofdsleutel_id <> %s "
            "ORDER BY casus_id LIMIT %s"
        ).format(tabel)
        self._herwikkel = sql.SQL(
            "UPDATE {} SET sleutel = %s, hoofdsleutel_id = %s WHERE casus_id = %s AND hoofdsleutel_id = %s"
        ).format(tabel)
        self._telling = sql.SQL(
            "SELECT hoofdsleutel_id, count(*) FROM {} WHERE sleutel IS NOT NULL GROUP BY 1 ORDER BY 1"
        ).format(tabel)

    def lees(self, casus_id: UUID) -> OpgeslagenSleutel | None:
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(self._lees, (casus_id,), prepare=True)
            rij = curs.fetchone()
        return None if rij is None else OpgeslagenSleutel(None if rij[0] is None else bytes(rij[0]), rij[1])

    def wis(self, casus_id: UUID, reden: str) -> None:
        """Destroys the case's key (a case without one gets an erased row, so none is made for it again), then
        vacuums the table so the old row's bytes do not linger in its pages."""
        with self.datastore.get_connection() as conn:
            conn.execute(self._wis, (casus_id, reden))
            conn.execute(self._vacuum)

    def per_hoofdsleutel(self) -> dict[str, int]:
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(self._telling)
            return {str(naam): int(aantal) for naam, aantal in curs.fetchall()}

    def herwikkel(self, kluis: Sleutelkluis) -> Iterator[int]:
        """Wraps every key anew under the active master key, in batches; yields each batch's size."""
        while True:
            with (
                self.datastore.get_connection() as conn,
                conn.transaction(),
                conn.cursor(row_factory=tuple_row) as curs,
            ):
                curs.execute(self._te_herwikkelen, (kluis.actief, HERWIKKEL_PER_KEER))
                rijen = curs.fetchall()
                for casus_id, gewikkeld, hoofdsleutel_id in rijen:
                    sleutel = kluis.ontwikkel(casus_id, hoofdsleutel_id, bytes(gewikkeld))
                    curs.execute(
                        self._herwikkel, (kluis.wikkel(casus_id, sleutel), kluis.actief, casus_id, hoofdsleutel_id)
                    )
            if not rijen:
                return
            yield len(rijen)
