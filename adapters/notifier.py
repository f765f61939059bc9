"""Tells listeners that a region's events table grew: NOTIFY after the commit, coalesced, with the
position of the newest event as its payload."""

from __future__ import annotations

import logging
import threading

import psycopg

log = logging.getLogger(__name__)


class Notifier:
    """A background thread that sends one NOTIFY per channel for any number of appends since the last,
    at most once per `interval` seconds.

    NOTIFY is not part of the append's own transaction: PostgreSQL serialises the commits of
    notifying transactions cluster-wide. It serves projections in other processes; those in the
    appending process are woken directly (`LeesModellen.start`). A lost notification only delays a listener until its
    safety-net poll; it never loses an event, as listeners read from their stored position.
    """

    def __init__(self, database_url: str, interval: float = 0.05) -> None:
        self.database_url = database_url
        self.interval = interval
        self._te_melden: dict[str, int] = {}
        self._slot = threading.Lock()
        self._wakker = threading.Event()
        self._stop = threading.Event()
        self._draad = threading.Thread(target=self._draai, name="doorbraak-notifier", daemon=True)
        self._draad.start()

    def meld(self, kanaal: str, positie: int) -> None:
        """Announces on `kanaal` that events up to `positie` are stored (listeners that are there already
        ignore it)."""
        with self._slot:
            self._te_melden[kanaal] = max(positie, self._te_melden.get(kanaal, 0))
        self._wakker.set()

    def _draai(self) -> None:
        conn: psycopg.Connection[tuple[object, ...]] | None = None
        while not self._stop.is_set():
            self._wakker.wait(1.0)
            self._wakker.clear()
            with self._slot:
                kanalen, self._te_melden = self._te_melden, {}
            if not kanalen:
                continue
            try:
                if conn is None or conn.closed:
                    conn = psycopg.connect(self.database_url, autocommit=True)
                for kanaal, positie in sorted(kanalen.items()):
                    conn.execute("SELECT pg_notify(%s, %s)", (kanaal, str(positie)))
            except psycopg.Error as e:
                log.warning("NOTIFY failed (listeners fall back to polling): %s", e)
                conn = None
            # at most one round of NOTIFY per interval: under load, many appends share one
            self._stop.wait(self.interval)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._wakker.set()
        self._draad.join(5)
