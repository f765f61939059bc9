"""The events table's writer: one round trip per command, notification ids committed in order."""

from __future__ import annotations

import functools
import time
import zlib
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Connection
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier, Literal

from adapters.sleuteltabel import SLEUTELKOLOMMEN, SLEUTELTABEL
from services.versleuteling import OpgeslagenSleutel


def _eenmaal_opnieuw(methode: Callable[..., Any]) -> Callable[..., Any]:
    """The library retries a read ten times over, each try waiting up to the connect timeout: while the
    database is away a request would hang for minutes. Here a call is tried again once, and only when it
    failed at once (a connection the database closed while it was idle, as after its restart)."""

    @functools.wraps(methode)
    def lees(*args: Any, **kwargs: Any) -> Any:
        begin = time.monotonic()
        try:
            return methode(*args, **kwargs)
        except (InterfaceError, OperationalError):
            if time.monotonic() - begin > SNEL_MISLUKT:
                raise
        return methode(*args, **kwargs)

    return lees


SNEL_MISLUKT = 0.5
"""Seconds within which a failed read counts as a stale connection rather than an unreachable database."""


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

    sleutelring: Any = None
    """The store's case keys (`services.versleuteling.Sleutelring`): the keys made for an append's cases are
    inserted into the key table by the append's own statement."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        tabel = f"{self.datastore.schema}.{self.events_table_name}"
        self.vergrendeling = zlib.crc32(tabel.encode())
        events = Identifier(self.datastore.schema, self.events_table_name)
        self._insert_prefix = SQL(
            "INSERT INTO {events} (originator_id, originator_version, topic, state) SELECT v.* FROM (VALUES "
        ).format(events=events)
        self._insert_suffix = SQL(
            ") AS v (originator_id, originator_version, topic, state) "
            "WHERE pg_advisory_xact_lock({sleutel}) IS NOT NULL RETURNING notification_id"
        ).format(sleutel=Literal(self.vergrendeling))
        sleutels = Identifier(self.datastore.schema, SLEUTELTABEL)
        self._sleutels_prefix = SQL("WITH sleutels AS (INSERT INTO {sleutels} {kolommen} VALUES ").format(
            sleutels=sleutels, kolommen=SQL(SLEUTELKOLOMMEN)
        )
        self._inserts: dict[tuple[int, int], bytes] = {}
        self._select_prefix = SQL(
            "SELECT e.originator_id, e.originator_version, e.topic, e.state FROM {events} e WHERE e.originator_id = %s"
        ).format(events=events)
        self._select_met_sleutel = SQL(
            "SELECT e.originator_id, e.originator_version, e.topic, e.state, k.sleutel, k.hoofdsleutel_id, "
            "k.casus_id IS NOT NULL FROM {events} e LEFT JOIN {sleutels} k "
            "ON k.casus_id = e.originator_id WHERE e.originator_id = %s"
        ).format(events=events, sleutels=sleutels)
        self._selects: dict[tuple[bool, bool, bool, bool, bool], bytes] = {}
        self._opgeslagen_statement = SQL(
            "SELECT notification_id, topic, state FROM {events} WHERE originator_id = %s AND originator_version = %s"
        ).format(events=events)
        self._positie_statement = SQL(
            "SELECT notification_id FROM {events} WHERE originator_id = %s AND originator_version = %s"
        ).format(events=events)

    def _events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        """A case's stored events, as the library selects them, by a statement rendered once per shape and
        read as tuples (the library composes its statement on every read, and reads rows as dicts). When the
        case's key is not in memory, its row of the key table comes along: a command or read of a case then
        costs one round trip, not two."""
        ring = self.sleutelring
        casus_id = originator_id if isinstance(originator_id, UUID) else UUID(originator_id)
        tijdperk = None if ring is None else ring.moet_lezen(casus_id)
        met_sleutel = tijdperk is not None
        parameters: list[Any] = [originator_id]
        parameters += [waarde for waarde in (gt, lte, limit) if waarde is not None]
        vorm = (gt is not None, lte is not None, desc, limit is not None, met_sleutel)
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(self._select_statement(vorm, conn), parameters, prepare=True)
            rijen = curs.fetchall()
        if met_sleutel and rijen:
            gewikkeld, hoofdsleutel_id, heeft_rij = rijen[0][4:]
            rij = OpgeslagenSleutel(None if gewikkeld is None else bytes(gewikkeld), hoofdsleutel_id)
            ring.neem_gelezen(casus_id, rij if heeft_rij else None, tijdperk)
        return [
            StoredEvent(originator_id=rij[0], originator_version=rij[1], topic=rij[2], state=bytes(rij[3]))
            for rij in rijen
        ]

    def _select_statement(self, vorm: tuple[bool, bool, bool, bool, bool], conn: Connection[Any]) -> bytes:
        statement = self._selects.get(vorm)
        if statement is None:
            na, tot, aflopend, hoogstens, met_sleutel = vorm
            samengesteld = self._select_met_sleutel if met_sleutel else self._select_prefix
            if na:
                samengesteld += SQL(" AND e.originator_version > %s")
            if tot:
                samengesteld += SQL(" AND e.originator_version <= %s")
            samengesteld += SQL(" ORDER BY e.originator_version " + ("DESC" if aflopend else "ASC"))
            if hoogstens:
                samengesteld += SQL(" LIMIT %s")
            statement = samengesteld.as_bytes(conn)
            self._selects[vorm] = statement
        return statement

    select_events = _eenmaal_opnieuw(_events)
    select_notifications = _eenmaal_opnieuw(PostgresApplicationRecorder.select_notifications.__wrapped__)
    max_notification_id = _eenmaal_opnieuw(PostgresApplicationRecorder.max_notification_id.__wrapped__)

    def positie_van(self, originator_id: UUID, versie: int) -> int | None:
        """The notification id (store position) of one stored event."""
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(self._positie_statement, (originator_id, versie), prepare=True)
            rij = curs.fetchone()
        return None if rij is None else int(rij[0])

    def _insert_statement(self, aantal: int, conn: Connection[Any], sleutels: int = 0) -> bytes:
        """The INSERT for `aantal` rows (and `sleutels` new case keys before them, in the same statement),
        rendered once: psycopg caches plain queries, not composed ones."""
        statement = self._inserts.get((aantal, sleutels))
        if statement is None:
            rij = SQL("(%s::uuid, %s::bigint, %s::text, %s::bytea)")
            samengesteld = self._insert_prefix + SQL(", ").join([rij] * aantal) + self._insert_suffix
            if sleutels:
                sleutelrij = SQL("(%s::uuid, %s::bytea, %s::text)")
                samengesteld = (
                    self._sleutels_prefix + SQL(", ").join([sleutelrij] * sleutels) + SQL(") ") + samengesteld
                )
            statement = samengesteld.as_bytes(conn)
            self._inserts[(aantal, sleutels)] = statement
        return statement

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """Appends in one statement. Tried again once when it failed at once on a connection the database had
        closed; if the first try reached the table after all (its answer lost), the second fails on the
        primary key, and the rows found there being these events, the append counts as done."""
        begin = time.monotonic()
        ring = self.sleutelring
        casussen = {e.originator_id for e in stored_events}
        sleutels = ring.neem_nieuwe(casussen) if ring is not None else []
        posities = self._insert_opnieuw(stored_events, sleutels, begin)
        if ring is not None:
            ring.bevestig(casussen)
        return posities

    def _insert_opnieuw(
        self, stored_events: Sequence[StoredEvent], sleutels: Sequence[Any], begin: float
    ) -> Sequence[int] | None:
        try:
            return self._insert(stored_events, sleutels)
        except (InterfaceError, OperationalError):
            if time.monotonic() - begin > SNEL_MISLUKT:
                raise
        try:
            return self._insert(stored_events, sleutels)
        except IntegrityError:
            al_bewaard = self._al_bewaard(stored_events)
            if al_bewaard is None:
                raise
            return al_bewaard

    def _al_bewaard(self, stored_events: Sequence[StoredEvent]) -> list[int] | None:
        """The positions of these events if exactly they are stored (same case, version, type and content)."""
        posities = []
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            for event in stored_events:
                curs.execute(self._opgeslagen_statement, (event.originator_id, event.originator_version))
                rij = curs.fetchone()
                if rij is None or rij[1] != event.topic or bytes(rij[2]) != bytes(event.state):
                    return None
                posities.append(int(rij[0]))
        return posities

    def _insert(self, stored_events: Sequence[StoredEvent], sleutels: Sequence[Any] = ()) -> Sequence[int] | None:
        if not stored_events:
            return []
        parameters: list[Any] = []
        for sleutel in sleutels:
            parameters += [sleutel.casus_id, sleutel.gewikkeld, sleutel.hoofdsleutel_id]
        for event in stored_events:
            parameters += [event.originator_id, event.originator_version, event.topic, event.state]
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            statement = self._insert_statement(len(stored_events), conn, len(sleutels))
            curs.execute(statement, parameters, prepare=True)
            return [row[0] for row in curs.fetchall()]
