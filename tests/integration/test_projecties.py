"""Read models: exactly once across failures and restarts, rebuildable, equal to a rebuild."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.bootstrap import Container
from adapters.leesmodellen import HerbouwLoopt, LeesModellen
from domain.bestuurlijk import BestuurlijkeEvaluatie, BestuurlijkOverleg, Overleguitkomst
from domain.fouten import RegelGeschonden
from domain.netwerk import Actie, Afsluitchecklist, Kernteambesluit, NetwerkAfsluiting, Terugmelding
from domain.overlegmoment import Evaluatiemoment, NieuwOverleg
from domain.regioprofiel import Overlegsoort, Werkstroom
from domain.terugkoppeling import Terugkoppeling
from domain.waarden import Herkomst, Heropening, Intakevragen, Knelpunt, Knelpuntcategorie, Opschaling, Overleg
from projections.inhalen import CACHE_CASUSSEN, Inhaalslag
from projections.projector import Projector
from projections.queries import actieve_tabellen
from projections.tabellen import Tabellen
from services.casussen import CasusService
from tests.conftest import Klok
from tests.integration.conftest import bij, inhoud
from tests.unit.conftest import aanmelding, advies, afsluitformulier, evaluatie, triage

HERKOMST = Herkomst(actor="tester", rol="triagist")
GEMEENTE = {"hart-van-brabant": "Tilburg", "zeeland": "Goes"}
ACTIES = [
    "aanmelden",
    "trieer",
    "teruggelegd",
    "overleg",
    "overleg-later",
    "evaluatiemoment",
    "extra-overleg",
    "advies",
    "evaluatie",
    "opschalen",
    "afsluiten",
    "heropenen",
    "netwerkbesluit",
    "netwerkactie",
    "netwerkafsluiting",
    "terugkoppelen",
    "bestuurlijk",
    "rto",
    "rto-evaluatie",
    "projecteer",
    "dag",
    "week",
]


def van_het_netwerk(regio: str, casus_id: Any, actie: str, keuze: int) -> Terugmelding:
    inhoud: dict[str, Any] = {
        "netwerkbesluit": {
            "besluit": Kernteambesluit(
                opgepakt=keuze % 2 == 0, oplossing="2c-doorbraak" if keuze % 2 == 0 else None, reden="r"
            )
        },
        "netwerkactie": {"actie": Actie(inzet="i", contactpersoon="P" if keuze % 2 else None)},
        "netwerkafsluiting": {
            "afsluiting": NetwerkAfsluiting(
                checklist=Afsluitchecklist(**dict.fromkeys(Afsluitchecklist.model_fields, keuze % 3 != 0)),
                afwijking_reden="r",
                lessen="l" if keuze % 2 else None,
                knelpunten=(Knelpunt(categorie="zorginhoud", omschrijving="k"),) * (keuze % 3),
            )
        },
    }[actie]
    return Terugmelding(
        netwerk="n",
        regio=regio,
        casus_id=casus_id,
        netwerkcasus_id=uuid.uuid4(),
        netwerk_versie=keuze,
        op=date(2026, 12, 1),
        **inhoud,
    )


AGENDA = ("overleg", "overleg-later", "evaluatiemoment", "extra-overleg")


def op_de_agenda(dienst: CasusService, vandaag: date, actie: str, casus_id: Any, keuze: int) -> None:
    """A plan on today's meeting or a later one (a move when planned again), an evaluation's slot, or an extra
    meeting."""
    later = vandaag + timedelta(days=7 * (1 + keuze % 3))
    if actie in ("overleg", "overleg-later"):
        datum = vandaag if actie == "overleg" else later
        dienst.plan_overleg(casus_id, Overleg(datum=datum, genodigden=("voorzitter",)), HERKOMST)
    elif actie == "evaluatiemoment":
        dienst.agenda.plan_evaluatiemoment(casus_id, Evaluatiemoment(datum=later), HERKOMST)
    else:
        soort = Overlegsoort.DOORBRAAKTAFEL if keuze % 2 else Overlegsoort.EXPERTTEAM
        dienst.agenda.beleg(NieuwOverleg(datum=vandaag + timedelta(days=keuze % 14), soort=soort), HERKOMST)


def terugkoppelen(dienst: CasusService, vandaag: date, casus_id: Any, keuze: int) -> None:
    belemmering = Knelpunt(categorie="samenwerking", omschrijving="b") if keuze % 3 else None
    stand = ("ja", "deels", "nee")[keuze % 3]
    opmerkingen = "o" if keuze % 2 else None
    terugkoppeling = Terugkoppeling(
        bruikbaarheid=1 + keuze % 5, wordt_uitgevoerd=stand, belemmering=belemmering, opmerkingen=opmerkingen
    )
    rol = ("aanmelder", "casusregisseur")[keuze % 2]
    dienst.geef_terugkoppeling(casus_id, terugkoppeling, Herkomst(actor="tester", rol=rol))


def rto(dienst: CasusService, vandaag: date, casus_id: Any, keuze: int) -> None:
    uitkomst = list(Overleguitkomst)[keuze % 3]
    overleg = BestuurlijkOverleg(datum=vandaag, deelnemers=("wethouder",), uitkomst=uitkomst, besluit="b")
    dienst.leg_bestuurlijk_overleg_vast(casus_id, overleg, HERKOMST)


def rto_evaluatie(dienst: CasusService, vandaag: date, casus_id: Any, keuze: int) -> None:
    evaluatie_ = BestuurlijkeEvaluatie(
        datum=vandaag,
        besluit_uitgevoerd=("ja", "deels", "nee")[keuze % 3],
        casus_vlotgetrokken=keuze % 2 == 0,
        toelichting="t",
        lessen="l",
        lessen_categorie=list(Knelpuntcategorie)[keuze % 3] if keuze % 4 else None,
    )
    dienst.evalueer_bestuurlijk_overleg(casus_id, evaluatie_, HERKOMST)


OVERIGE_COMMANDOS: dict[str, Callable[[CasusService, date, Any, int], Any]] = {
    "terugkoppelen": terugkoppelen,
    "bestuurlijk": lambda dienst, _, casus_id, __: dienst.schaal_op(
        casus_id, Opschaling(niveau="bestuurlijk", reden="r"), HERKOMST
    ),
    "rto": rto,
    "rto-evaluatie": rto_evaluatie,
    "heropenen": lambda dienst, _, casus_id, __: dienst.heropen(casus_id, Heropening(reden="opnieuw"), HERKOMST),
}
"""Reopening, feedback, the bestuurlijke escalation, its meetings and evaluation: one command each."""


def voer_uit(dienst: CasusService, klok: Klok, actie: str, casussen: list[Any], keuze: int) -> None:
    """One command (or a step of time); commands a rule refuses are simply not part of the history."""
    vandaag = klok()
    casus_id = casussen[keuze % len(casussen)] if casussen else None
    try:
        if actie == "aanmelden" or casus_id is None:
            casussen.append(
                dienst.meld_aan(aanmelding(woonplaatsgemeente=GEMEENTE[dienst.profiel.slug]), None, HERKOMST).casus.id
            )
        elif actie == "trieer":
            knelpunt = Knelpunt(categorie="financiering", omschrijving="Geen budget.")
            dienst.trieer(casus_id, triage(knelpunten=[knelpunt]), HERKOMST)
        elif actie == "teruggelegd":
            dienst.trieer(casus_id, triage("teruggelegd"), HERKOMST)
        elif actie in AGENDA:
            op_de_agenda(dienst, vandaag, actie, casus_id, keuze)
        elif actie == "advies":
            dienst.breng_advies_uit(casus_id, advies(vandaag + timedelta(days=70)), HERKOMST)
        elif actie == "evaluatie":
            dienst.leg_evaluatie_vast(casus_id, evaluatie(vandaag, school="deels"), HERKOMST)
        elif actie == "opschalen":
            vragen = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "x"))
            dienst.schaal_op(casus_id, Opschaling(niveau="bovenregionaal", reden="r", intakevragen=vragen), HERKOMST)
        elif actie == "afsluiten":
            dienst.sluit_af(casus_id, afsluitformulier(uithuisplaatsing_voorkomen=keuze % 2 == 0), HERKOMST)
        elif actie.startswith("netwerk"):
            dienst.ontvang_van_netwerk(van_het_netwerk(dienst.profiel.slug, casus_id, actie, keuze), HERKOMST)
        elif actie in OVERIGE_COMMANDOS:
            OVERIGE_COMMANDOS[actie](dienst, vandaag, casus_id, keuze)
        elif actie in ("dag", "week"):
            klok.datum += timedelta(days=1 if actie == "dag" else 7)
    except RegelGeschonden:
        pass


async def herbouwd_gelijk(modellen: LeesModellen) -> None:
    """Rebuilt with room for every case, and with room for two (cases written and read back on the way)."""
    await bij(modellen)
    for regio in modellen.projectors:
        incrementeel = await inhoud(modellen, regio)
        for cache in (CACHE_CASUSSEN, 2):
            modellen.herbouw_cache = cache
            await modellen.herbouw(regio)
            assert await inhoud(modellen, regio) == incrementeel, (regio, cache)
    modellen.herbouw_cache = CACHE_CASUSSEN


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stappen=st.lists(st.tuples(st.sampled_from(ACTIES), st.integers(0, 1), st.integers(0, 50)), max_size=60))
async def test_incrementeel_is_gelijk_aan_herbouwd(
    container: Container, leesmodellen: LeesModellen, klok: Klok, stappen: list[tuple[str, int, int]]
) -> None:
    casussen: dict[str, list[Any]] = {regio: [] for regio in container.casussen}
    regios = sorted(container.casussen)
    for actie, regio_keuze, keuze in stappen:
        regio = regios[regio_keuze]
        if actie == "projecteer":
            await leesmodellen.projector(regio).stap()
        else:
            voer_uit(container.regio(regio), klok, actie, casussen[regio], keuze)
    await herbouwd_gelijk(leesmodellen)


async def een_geschiedenis(container: Container, klok: Klok, aantal: int = 12) -> None:
    klok.datum = date(2026, 12, 17)
    for regio in container.casussen:
        ids: list[Any] = []
        for i in range(aantal):
            for actie in ("aanmelden", "trieer", "dag", "overleg", "advies", "evaluatie", "afsluiten"):
                voer_uit(container.regio(regio), klok, actie, ids, i)


async def test_crash_midden_in_een_batch_telt_niets_dubbel(
    container: Container, leesmodellen: LeesModellen, klok: Klok, monkeypatch: pytest.MonkeyPatch
) -> None:
    await een_geschiedenis(container, klok)
    projector = leesmodellen.projector("hart-van-brabant")
    await projector.stap()
    echte_verwerk = Projector.verwerk
    stappen = 0

    async def crash_na_de_casustabel(
        self: Projector, conn: Any, tabellen: Any, vanaf: int, **opties: Any
    ) -> tuple[int, int]:
        nonlocal stappen
        stappen += 1
        await echte_verwerk(self, conn, tabellen, vanaf, **opties)
        raise ConnectionError("killed after writing, before commit")

    monkeypatch.setattr(Projector, "verwerk", crash_na_de_casustabel)
    with pytest.raises(ConnectionError):
        await projector.stap()
    monkeypatch.setattr(Projector, "verwerk", echte_verwerk)
    assert stappen == 1
    await herbouwd_gelijk(leesmodellen)


async def test_herstart_tussen_batches_gaat_verder_waar_hij_was(
    container: Container, leesmodellen: LeesModellen, klok: Klok
) -> None:
    await een_geschiedenis(container, klok)
    await leesmodellen.projector("zeeland").stap()
    await leesmodellen.projector("zeeland").stap()
    positie = leesmodellen.projector("zeeland").positie
    opnieuw = LeesModellen(container, batch=5)
    await opnieuw.open()
    try:
        assert opnieuw.projector("zeeland").positie == positie
        await herbouwd_gelijk(opnieuw)
    finally:
        await opnieuw.close()


def onleesbaar_event(container: Container, regio: str = "zeeland") -> None:
    """An event no code can read any more (its class is gone), stored as an earlier version could have."""
    from eventsourcing.persistence import StoredEvent

    onbekend = StoredEvent(
        originator_id=uuid.uuid4(), originator_version=1, topic="domain.casus:Casus.Onbekend", state=b"{}"
    )
    container.stores[regio].recorder.insert_events([onbekend])


async def opzij_gezet(modellen: LeesModellen, regio: str) -> list[dict[str, Any]]:
    projector = modellen.projector(regio)
    async with projector.pool.acquire() as conn:
        rijen = await conn.fetch(f'SELECT * FROM "{projector.schema}".onverwerkbaar ORDER BY versie, positie')
    return [dict(r) for r in rijen]


async def test_een_onleesbaar_event_wordt_opzij_gezet_en_de_regio_gaat_door(
    container: Container, leesmodellen: LeesModellen
) -> None:
    container.regio("zeeland").meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST)
    onleesbaar_event(container)
    container.regio("zeeland").meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST)
    stop = asyncio.Event()
    draaiend = asyncio.create_task(leesmodellen.projector("zeeland").draai(stop))
    try:
        assert await leesmodellen.projector("zeeland").wacht_tot(3, 10)
    finally:
        stop.set()
        await draaiend
    stand = {s.naam: s for s in await leesmodellen.stand()}["zeeland"]
    assert (stand.positie, stand.kop, stand.toestand, stand.onverwerkbaar) == (3, 3, "aandacht", 1)
    assert len((await inhoud(leesmodellen, "zeeland"))["casus"]) == 2  # the events around it are projected
    [opzij] = await opzij_gezet(leesmodellen, "zeeland")
    assert (opzij["versie"], opzij["positie"], opzij["topic"]) == (1, 2, "domain.casus:Casus.Onbekend")
    assert "Onbekend" in opzij["fout"]
    await leesmodellen.herbouw("zeeland")  # a rebuild sets it aside too, in the new version
    assert [(r["versie"], r["positie"]) for r in await opzij_gezet(leesmodellen, "zeeland")] == [(2, 2)]
    stand = {s.naam: s for s in await leesmodellen.stand()}["zeeland"]
    assert (stand.versie, stand.toestand, stand.onverwerkbaar) == (2, "aandacht", 1)


async def test_een_nul_in_een_vrije_tekst_wordt_opzij_gezet_het_event_ernaast_niet(
    container: Container, leesmodellen: LeesModellen, klok: Klok
) -> None:
    """A NUL stored before the edge refused it: PostgreSQL text cannot hold it, so the event that would put it
    in a read model is set aside; a NUL in a text the read models do not keep harms nothing."""
    from eventsourcing.persistence import StoredEvent

    dienst = container.regio("zeeland")
    eerste = dienst.meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST).casus.id
    tweede = dienst.meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST).casus.id
    getrieerd = dienst.trieer(eerste, triage(), HERKOMST).casus
    events = container.stores["zeeland"].historie(eerste)
    nul = Knelpunt.model_construct(categorie=Knelpuntcategorie.FINANCIERING, omschrijving="geen\x00regie")
    kapot = events[-1].model_copy(
        update={"originator_id": tweede, "triage": events[-1].triage.model_copy(update={"knelpunten": (nul,)})}
    )
    vraag = events[0].aanmelding.model_copy(update={"vraag": "a\x00b"})  # a text no read model keeps
    vrije_tekst = events[0].model_copy(update={"originator_id": uuid.uuid4(), "aanmelding": vraag})
    container.stores["zeeland"].recorder.insert_events(
        [
            StoredEvent(originator_id=e.originator_id, originator_version=e.originator_version, topic=t, state=s)
            for e, t, s in (
                (kapot, "domain.casus:Casus.Getrieerd", kapot.model_dump_json().encode()),
                (vrije_tekst, "domain.casus:Casus.Aangemeld", vrije_tekst.model_dump_json().encode()),
            )
        ]
    )
    await bij(leesmodellen)
    [opzij] = await opzij_gezet(leesmodellen, "zeeland")
    assert opzij["topic"] == "domain.casus:Casus.Getrieerd" and "NUL" in opzij["fout"]
    casussen = {r["casus_id"]: r for r in (await inhoud(leesmodellen, "zeeland"))["casus"]}
    assert len(casussen) == 3 and casussen[tweede]["fase"] == "aangemeld"  # the case stays as it was
    assert casussen[eerste]["versie"] == getrieerd.version
    await herbouwd_gelijk(leesmodellen)


async def test_een_batch_die_de_database_weigert_gaat_een_voor_een_tot_het_schuldige_event(
    container: Container, leesmodellen: LeesModellen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Values the database refuses that no check here foresaw: the batch is taken again one event at a time,
    the event to blame is set aside, the others are written."""
    import asyncpg

    dienst = container.regio("zeeland")
    ids = [dienst.meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST).casus.id for _ in range(5)]
    schuldig = ids[2]
    projector = leesmodellen.projector("zeeland")
    echte_schrijf = Projector.schrijf

    async def weigert(self: Projector, conn: Any, tabellen: Any, batch: Any, **opties: Any) -> bool:
        if any(regel[0] == schuldig for regel in batch.tijdlijn):
            raise asyncpg.CharacterNotInRepertoireError("invalid byte sequence for encoding UTF8: 0x00")
        return await echte_schrijf(self, conn, tabellen, batch, **opties)

    monkeypatch.setattr(Projector, "schrijf", weigert)
    projector.batch = 10
    stappen = 0
    while await projector.stap():
        stappen += 1
    assert stappen > 3  # one refused batch, then one event at a time
    assert [r["positie"] for r in await opzij_gezet(leesmodellen, "zeeland")] == [3]
    assert len((await inhoud(leesmodellen, "zeeland"))["casus"]) == 4
    assert projector.positie == await projector.kop() == 5


async def test_herbouw_terwijl_de_projectie_draait(
    container: Container, leesmodellen: LeesModellen, klok: Klok
) -> None:
    await een_geschiedenis(container, klok, aantal=20)
    leesmodellen.start()
    herbouw = asyncio.create_task(leesmodellen.herbouw("hart-van-brabant"))
    for i in range(10):
        voer_uit(container.regio("hart-van-brabant"), klok, "aanmelden", [], i)
        await asyncio.sleep(0)
    await herbouw
    kop = await leesmodellen.projector("hart-van-brabant").kop()
    assert await leesmodellen.projector("hart-van-brabant").wacht_tot(kop, 10)
    stand = {s.naam: s for s in await leesmodellen.stand()}["hart-van-brabant"]
    assert stand.versie == 2
    await asyncio.sleep(0.2)
    await herbouwd_gelijk(leesmodellen)


async def test_lezen_na_schrijven_wacht_begrensd(container: Container, leesmodellen: LeesModellen) -> None:
    positie = container.regio("zeeland").meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST).positie
    assert positie is not None
    projector = leesmodellen.projector("zeeland")
    assert not await projector.wacht_tot(positie, 0.2)
    leesmodellen.start()
    assert await projector.wacht_tot(positie, 5)


async def test_inhaalslag_met_kleine_cache_leest_weggeschreven_casussen_terug(
    container: Container, leesmodellen: LeesModellen, klok: Klok
) -> None:
    klok.datum = date(2026, 12, 17)
    ids: list[Any] = []
    for actie in ("aanmelden", "trieer", "dag", "overleg", "advies", "evaluatie", "afsluiten"):
        for i in range(6):  # the cases' events interleave, so a cache of two must let cases go and read them back
            voer_uit(container.regio("zeeland"), klok, actie, ids, i)
    await bij(leesmodellen)
    projector = leesmodellen.projector("zeeland")
    nieuw = Tabellen(projector.schema, 99)
    async with projector.pool.acquire() as conn:
        for statement in nieuw.ddl():
            await conn.execute(statement)
        await conn.execute(
            f'INSERT INTO "{projector.schema}".projecties (naam, versie, actief) VALUES ($1, 99, false)', "zeeland"
        )
        try:
            slag = Inhaalslag(projector, nieuw, cache=2)
            positie, aantal = await slag.draai(conn)
            assert positie == aantal == await projector.kop()
            assert slag.herladen > 0 and not slag.onbewaard
            actief = await actieve_tabellen(conn, projector.schema, "zeeland")
            for oud, vers in ((actief.casus, nieuw.casus), (actief.tijdlijn, nieuw.tijdlijn)):
                verschil = await conn.fetchval(
                    f"SELECT count(*) FROM ((TABLE {oud} EXCEPT ALL TABLE {vers}) "
                    f"UNION ALL (TABLE {vers} EXCEPT ALL TABLE {oud})) AS v"
                )
                assert verschil == 0, vers
        finally:
            for statement in nieuw.drop():
                await conn.execute(statement)


async def test_een_tweede_herbouw_van_dezelfde_regio_wordt_geweigerd(
    container: Container, leesmodellen: LeesModellen, klok: Klok
) -> None:
    await een_geschiedenis(container, klok, aantal=3)
    projector = leesmodellen.projector("zeeland")
    async with projector.pool.acquire() as ander_proces:  # holds the region's rebuild lock, as a running one does
        await ander_proces.execute("SELECT pg_advisory_lock(hashtext($1))", f"herbouw:{projector.schema}")
        with pytest.raises(HerbouwLoopt):
            await leesmodellen.herbouw("zeeland")
        await ander_proces.execute("SELECT pg_advisory_unlock(hashtext($1))", f"herbouw:{projector.schema}")
    await leesmodellen.herbouw("zeeland")
    stand = {s.naam: s for s in await leesmodellen.stand()}["zeeland"]
    assert stand.versie == 2


async def test_alle_regios_en_netwerken_tegelijk_in_een_proces(maak_container: Any) -> None:
    """Each projection holds a connection to LISTEN on: the pool leaves room for every one and for work."""
    container = maak_container(regios=[])
    assert len(container.casussen) == 9 and len(container.netwerken) == 3
    modellen = LeesModellen(container)
    await modellen.open()
    modellen.start()
    try:
        positie = container.regio("zeeland").meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST).positie
        assert positie is not None
        assert await modellen.projector("zeeland").wacht_tot(positie, 10)
        standen = await asyncio.wait_for(modellen.stand(), 10)
        assert len(standen) == 9 and all(s.toestand == "ok" for s in standen)
    finally:
        await modellen.close()


async def test_levend_uit_het_geheugen_is_gelijk_aan_herbouwd(container: Container, leesmodellen: LeesModellen) -> None:
    """Projections running as in `serve`, taking this process's events from memory while commands run in
    several threads at once (so notifications arrive out of order and a failed append leaves a gap)."""
    leesmodellen.start()

    gemeente = {"hart-van-brabant": "Tilburg", "zeeland": "Goes"}

    def werk(regio: str, aantal: int) -> None:
        dienst = container.regio(regio)
        for _ in range(aantal):
            casus_id = dienst.meld_aan(aanmelding(woonplaatsgemeente=gemeente[regio]), None, HERKOMST).casus.id
            dienst.trieer(casus_id, triage(), HERKOMST)

    await asyncio.gather(*(asyncio.to_thread(werk, regio, 15) for regio in ("hart-van-brabant", "zeeland") * 2))
    for regio, projector in leesmodellen.projectors.items():
        assert await projector.wacht_tot(await projector.kop(), 10), regio
        assert projector.fout is None
    for regio in ("hart-van-brabant", "zeeland"):
        levend = await inhoud(leesmodellen, regio)
        assert len(levend["casus"]) == 30 and len(levend["tijdlijn"]) == 60
        await leesmodellen.herbouw(regio)
        assert await inhoud(leesmodellen, regio) == levend, regio


async def test_een_datum_van_voor_de_grenzen_stopt_niets(container: Container, leesmodellen: LeesModellen) -> None:
    """A placement date in year 9999, stored before dates were bounded: the case is projected without that
    due date, the region goes on, and it rebuilds."""
    from eventsourcing.persistence import StoredEvent

    dienst = container.regio("zeeland")
    dienst.meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST)
    [aangemeld] = container.stores["zeeland"].historie(
        dienst.meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST).casus.id
    )
    ver = aangemeld.aanmelding.model_copy(update={"werkstroom": Werkstroom.A, "plaatsingsdatum": date(9999, 12, 30)})
    oud = aangemeld.model_copy(update={"originator_id": uuid.uuid4(), "aanmelding": ver})
    container.stores["zeeland"].recorder.insert_events(
        [StoredEvent(oud.originator_id, 1, "domain.casus:Casus.Aangemeld", oud.model_dump_json().encode())]
    )
    dienst.meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST)
    await bij(leesmodellen)
    stand = {s.naam: s for s in await leesmodellen.stand()}["zeeland"]
    assert (stand.positie, stand.toestand) == (4, "ok")
    rij = {r["casus_id"]: r for r in (await inhoud(leesmodellen, "zeeland"))["casus"]}[oud.originator_id]
    assert "overleg" not in rij["deadlines"] and "triage" in rij["deadlines"]
    await herbouwd_gelijk(leesmodellen)


async def test_een_event_waarop_de_projectie_zelf_faalt_wordt_opzij_gezet(
    container: Container, leesmodellen: LeesModellen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever fails on one event (here: computing its case's deadlines) sets that event aside after the
    batch is taken one event at a time; the others are written and the projection keeps going."""
    import projections.projector

    dienst = container.regio("zeeland")
    ids = [dienst.meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST).casus.id for _ in range(4)]
    echte = projections.projector.met_normen

    def faalt_op_een(feiten: Any, *args: Any) -> Any:
        if feiten.casus_id == ids[1]:
            raise ArithmeticError("deadline cannot be computed")
        return echte(feiten, *args)

    monkeypatch.setattr(projections.projector, "met_normen", faalt_op_een)
    projector = leesmodellen.projector("zeeland")
    stop = asyncio.Event()
    draaiend = asyncio.create_task(projector.draai(stop))
    try:
        assert await projector.wacht_tot(4, 10)
    finally:
        stop.set()
        await draaiend
    assert [r["positie"] for r in await opzij_gezet(leesmodellen, "zeeland")] == [2]
    assert "ArithmeticError" in (await opzij_gezet(leesmodellen, "zeeland"))[0]["fout"]
    assert {r["casus_id"] for r in (await inhoud(leesmodellen, "zeeland"))["casus"]} == {ids[0], ids[2], ids[3]}
    assert projector.toestand == "aandacht"
