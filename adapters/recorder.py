"""The events table's writer: one round trip per command, notification ids committed in order."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Connection
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier, Literal


class GeordendeRecorder(PostgresApplicationRecorder):
    """Appends events with one INSERT statement in autocommit: a single round trip.

    The statement takes a transaction-level advisory lock, one per events table, before its
    rows draw their notification ids; the lock is held until the commit. So ids commit in
    order and a reader that follows them never sees a gap fill in later. (The library's own
    path sends LOCK TABLE, NOTIFY and INSERT in a pipelined transaction for the same
    guarantee; a table lock taken by the INSERT itself would deadlock, as the INSERT already
    holds a weaker lock on the table.) No NOTIFY is sent on this path: PostgreSQL serialises
    the commits of all notifying transactions in the cluster behind one lock, which would
    make the regions wait for each other.
    """

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        tabel = f"{self.datastore.schema}.{self.events_table_name}"
        self.vergrendeling = zlib.crc32(tabel.encode())
        self._insert_prefix = SQL(
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) SELECT v.* FROM (VALUES "
        ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
        self._insert_suffix = SQL(
            ") AS v (originator_id, originator_version, topic, state) "
            "WHERE pg_advisory_xact_lock({sleutel}) IS NOT NULL RETURNING notification_id"
        ).format(sleutel=Literal(self.vergrendeling))
        self._inserts: dict[int, bytes] = {}

    def _insert_statement(self, aantal: int, conn: Connection[Any]) -> bytes:
        """The INSERT for `aantal` rows, rendered once: psycopg caches plain queries, not composed ones."""
        statement = self._inserts.get(aantal)
        if statement is None:
            rij = SQL("(%s::uuid, %s::bigint, %s::text, %s::bytea)")
            statement = (self._insert_prefix + SQL(", ").join([rij] * aantal) + self._insert_suffix).as_bytes(conn)
            self._inserts[aantal] = statement
        return statement

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        parameters: list[Any] = []
        for event in stored_events:
            parameters += [event.originator_id, event.originator_version, event.topic, event.state]
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(self._insert_statement(len(stored_events), conn), parameters, prepare=True)
            return [row[0] for row in curs.fetchall()]
