"""The events writer: one statement per append, notification ids that commit in order."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import sql

from adapters.bootstrap import Container
from adapters.postgres import EVENTS_TABLE, schema_naam
from adapters.recorder import GeordendeRecorder
from domain.waarden import Herkomst, Persoon, Persoonsgegevens
from domain.wissen import Wisverzoek
from tests.unit.conftest import aanmelding, triage

REGIO = "hart-van-brabant"
HERKOMST = Herkomst(actor="triagist-1", rol="triagist")


def stored(originator_id: uuid.UUID, versie: int = 1) -> StoredEvent:
    return StoredEvent(originator_id=originator_id, originator_version=versie, topic="t", state=b"{}")


def recorder(container: Container) -> GeordendeRecorder:
    r = container.stores["hart-van-brabant"].recorder
    assert isinstance(r, GeordendeRecorder)
    return r


def test_meerdere_events_in_een_keer(container: Container) -> None:
    casus = uuid.uuid4()
    ids = recorder(container).insert_events([stored(casus, 1), stored(casus, 2), stored(casus, 3)])
    assert ids is not None
    assert len(ids) == 3
    assert list(ids) == sorted(ids)


def test_een_dubbele_versie_wordt_geweigerd_en_schrijft_niets(container: Container) -> None:
    casus = uuid.uuid4()
    recorder(container).insert_events([stored(casus, 1)])
    with pytest.raises(IntegrityError):
        recorder(container).insert_events([stored(casus, 2), stored(casus, 1)])
    assert [e.originator_version for e in recorder(container).select_events(casus)] == [1]


@pytest.mark.parametrize("gt", [None, 2])
@pytest.mark.parametrize("lte", [None, 4])
@pytest.mark.parametrize("desc", [False, True])
@pytest.mark.parametrize("limit", [None, 2])
@pytest.mark.parametrize("met_sleutelring", [True, False])
def test_events_lezen_zoals_de_bibliotheek_ze_leest(
    container: Container,
    monkeypatch: pytest.MonkeyPatch,
    gt: int | None,
    lte: int | None,
    desc: bool,
    limit: int | None,
    met_sleutelring: bool,
) -> None:
    """Every shape of read (after a version, up to one, newest first, at most so many; with the key's row joined
    or without) gives what the library's own statement gives, also read again with its statement from the cache."""
    r = recorder(container)
    assert r.sleutelring is not None
    if not met_sleutelring:
        monkeypatch.setattr(r, "sleutelring", None)
    casus = uuid.uuid4()
    r.insert_events(
        [
            StoredEvent(originator_id=casus, originator_version=v, topic=f"t{v}", state=f"{{{v}}}".encode())
            for v in range(1, 6)
        ]
    )
    r.insert_events([stored(uuid.uuid4(), 1)])
    bibliotheek = PostgresApplicationRecorder.select_events.__wrapped__(
        r, casus, gt=gt, lte=lte, desc=desc, limit=limit
    )

    for _ in range(2):
        eigen = r.select_events(casus, gt=gt, lte=lte, desc=desc, limit=limit)
        assert eigen == bibliotheek
        assert all(type(e.state) is bytes for e in eigen)
    assert bibliotheek, "every shape reads at least one event here"


def test_een_casus_lezen_brengt_zijn_sleutel_mee(container: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case whose key is not in memory (another node registered it, or a minute passed) is read, and then
    triaged, with its key read in the same statement as its events: no read of the key table apart."""
    dienst = container.regio(REGIO)
    casus_id = dienst.meld_aan(aanmelding(), Persoonsgegevens(jeugdige=Persoon(naam="S. Jansen")), HERKOMST).casus.id
    wis_id = dienst.meld_aan(aanmelding(), Persoonsgegevens(jeugdige=Persoon(naam="W. Wis")), HERKOMST).casus.id
    dienst.wis_persoonsgegevens(wis_id, Wisverzoek(reden="Verzoek van de ouders."), HERKOMST)
    zonder_id = uuid.uuid4()
    recorder(container).insert_events([stored(zonder_id, 1)])
    ring = dienst.store.sleutelring
    assert ring is not None and ring.opslag is not None
    for i in (casus_id, wis_id):
        dienst.store.vergeet(i)
    gelezen = ring.gelezen
    monkeypatch.setattr(ring.opslag, "lees", lambda _: pytest.fail("the key was read apart from the events"))

    casus = dienst.casus(casus_id)
    assert casus.persoonsgegevens is not None and casus.persoonsgegevens.jeugdige.naam == "S. Jansen"
    dienst.store.vergeet(casus_id)
    assert dienst.trieer(casus_id, triage(), HERKOMST).casus.persoonsgegevens is not None
    assert dienst.casus(wis_id).persoonsgegevens is None and ring.is_gewist(wis_id)
    assert len(recorder(container).select_events(zonder_id)) == 1
    assert not ring.is_gewist(zonder_id)  # no key yet: not erased
    assert ring.gelezen == gelezen + 4


def test_notificatie_ids_worden_op_volgorde_zichtbaar(
    container: Container, database_url: str, schema_prefix: str
) -> None:
    """A reader that follows notification ids never sees a lower id appear after a higher one."""
    tabel = sql.SQL("{}.{}").format(
        sql.Identifier(schema_naam(schema_prefix, "hart-van-brabant")), sql.Identifier(EVENTS_TABLE)
    )
    schrijvers, per_schrijver = 4, 60
    klaar = threading.Event()
    te_laat: list[tuple[int, int]] = []
    gezien: set[int] = set()

    def lees() -> None:
        hoogste = 0
        with psycopg.connect(database_url, autocommit=True) as conn:
            while not klaar.is_set() or len(gezien) < schrijvers * per_schrijver:
                rijen = conn.execute(sql.SQL("SELECT notification_id FROM {}").format(tabel)).fetchall()
                nieuw = {r[0] for r in rijen} - gezien
                te_laat.extend((n, hoogste) for n in nieuw if n < hoogste)
                gezien.update(nieuw)
                hoogste = max(gezien, default=0)

    def schrijf(_: int) -> None:
        for _ in range(per_schrijver):
            recorder(container).insert_events([stored(uuid.uuid4())])

    lezer = threading.Thread(target=lees)
    lezer.start()
    with ThreadPoolExecutor(schrijvers) as pool:
        list(pool.map(schrijf, range(schrijvers)))
    klaar.set()
    lezer.join(30)
    assert len(gezien) == schrijvers * per_schrijver
    assert te_laat == []


def test_een_append_waarvan_het_antwoord_verloren_ging_telt_eenmaal(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection breaks right after the INSERT reached the table (as in a database restart): the one retry
    finds exactly these events stored and answers their positions; nothing is stored twice."""
    from eventsourcing.persistence import OperationalError

    r = recorder(container)
    echt = GeordendeRecorder._insert
    pogingen: list[int] = []

    def antwoord_kwijt(self: GeordendeRecorder, events: list[StoredEvent], *sleutels: object) -> object:
        pogingen.append(len(events))
        posities = echt(self, events, *sleutels)
        if len(pogingen) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return posities

    monkeypatch.setattr(GeordendeRecorder, "_insert", antwoord_kwijt)
    casus = uuid.uuid4()
    posities = r.insert_events([stored(casus, 1), stored(casus, 2)])
    assert len(pogingen) == 2 and posities is not None and len(posities) == 2
    assert [e.originator_version for e in r.select_events(casus)] == [1, 2]
    assert list(posities) == [r.positie_van(casus, 1), r.positie_van(casus, 2)]

    pogingen.clear()
    anders = uuid.uuid4()
    r.insert_events([StoredEvent(originator_id=anders, originator_version=1, topic="t", state=b'{"a": 1}')])
    pogingen.clear()

    def ander_was_eerst(self: GeordendeRecorder, events: list[StoredEvent], *sleutels: object) -> object:
        pogingen.append(len(events))
        if len(pogingen) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return echt(self, events, *sleutels)

    monkeypatch.setattr(GeordendeRecorder, "_insert", ander_was_eerst)
    with pytest.raises(IntegrityError):  # another event under that key: a real conflict
        r.insert_events([stored(anders, 1)])
