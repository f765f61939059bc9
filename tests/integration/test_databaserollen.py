"""The database roles of deploy/postgres/rollen.sql on a real PostgreSQL: the owner sets the stores up, the
application appends, reads and projects, and cannot change, remove or unchain a stored event."""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg
import psycopg
import pytest
from psycopg import sql
from typer.testing import CliRunner

from adapters.accounts import ACCOUNT_INVOER, ACCOUNT_WIJZIGBAAR
from adapters.bootstrap import Container, bootstrap
from adapters.checkpointdienst import Checkpointdienst
from adapters.cli import app as cli
from adapters.escalatiedienst import Escalatiedienst
from adapters.inzagelog import Inzagelogs, knooppunt_schema
from adapters.inzagelog_tabel import INVOER, tabel
from adapters.keten import keten_tabel
from adapters.leesmodellen import LeesModellen
from adapters.postgres import EVENTS_TABLE, netwerk_schema_naam, schema_naam
from adapters.rechten import BELEID, NietIngericht, controleer
from adapters.settings import Settings
from domain.inzagelog import Toegang, Toegangssoort
from domain.waarden import Herkomst
from domain.wissen import Wisverzoek
from projections.queries import actieve_tabellen
from services.netwerk_store import NetwerkStore
from tests.integration.conftest import BEN, bij
from tests.unit.conftest import aanmelding

ROLLEN_SQL = Path(__file__).parents[2] / "deploy" / "postgres" / "rollen.sql"
REGIO = "hart-van-brabant"
ANDERE = "zeeland"
HERKOMST = Herkomst(actor="tester", rol="secretaris")


@dataclass(frozen=True)
class Rollen:
    eigenaar: str
    app: str
    eigenaar_url: str
    app_url: str
    oud: str
    """A role of none of the two, as the one user of an installation from before the roles."""
    oud_url: str


def als(url: str, gebruiker: str, wachtwoord: str) -> str:
    """The URL with another user and password."""
    deel = urlsplit(url)
    host = deel.netloc.rsplit("@", 1)[-1]
    return urlunsplit(deel._replace(netloc=f"{quote(gebruiker)}:{quote(wachtwoord)}@{host}"))


def psql_bestand(tekst: str, variabelen: dict[str, str]) -> list[sql.Composed]:
    """The statements of an SQL file for psql, its variables (:"naam" an identifier, :'naam' a literal) filled in."""
    zonder_commentaar = "\n".join(r for r in tekst.splitlines() if not r.lstrip().startswith("--"))
    statements = []
    for statement in (s.strip() for s in zonder_commentaar.split(";")):
        if not statement:
            continue
        delen = re.split(r"""(:"\w+"|:'\w+')""", statement)
        statements.append(
            sql.Composed(
                [
                    (sql.Identifier if d[1] == '"' else sql.Literal)(variabelen[d[2:-1]])
                    if re.fullmatch(r""":("\w+"|'\w+')""", d)
                    else sql.SQL(d)
                    for d in delen
                ]
            )
        )
    return statements


@pytest.fixture
def rollen(database_url: str, schema_prefix: str) -> Iterator[Rollen]:
    """deploy/postgres/rollen.sql with roles of this test's own; they and what they own are dropped after it."""
    eigenaar, app, oud = f"{schema_prefix}eigenaar", f"{schema_prefix}app", f"{schema_prefix}oud"
    wachtwoorden = {"eigenaar_wachtwoord": secrets.token_hex(12), "app_wachtwoord": secrets.token_hex(12)}
    oud_wachtwoord = secrets.token_hex(12)
    with psycopg.connect(database_url, autocommit=True) as conn:
        database = str((conn.execute("SELECT current_database()").fetchone() or ("",))[0])
        variabelen = {"eigenaar": eigenaar, "app": app, "database": database, **wachtwoorden}
        for statement in psql_bestand(ROLLEN_SQL.read_text(), variabelen):
            conn.execute(statement)
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(oud), oud_wachtwoord))
    yield Rollen(
        eigenaar,
        app,
        als(database_url, eigenaar, wachtwoorden["eigenaar_wachtwoord"]),
        als(database_url, app, wachtwoorden["app_wachtwoord"]),
        oud,
        als(database_url, oud, oud_wachtwoord),
    )
    namen = sql.SQL(", ").join(sql.Identifier(r) for r in (app, eigenaar, oud))
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY(%s)", ([eigenaar, app, oud],)
        )
        conn.execute(sql.SQL("DROP OWNED BY {} CASCADE").format(namen))
        conn.execute(sql.SQL("DROP ROLE {}").format(namen))


@pytest.fixture
def bouw(rollen: Rollen, schema_prefix: str) -> Iterator[Callable[..., Container]]:
    """Containers on this test's schemas, closed before its roles are dropped."""
    gebouwd: list[Container] = []

    def _bouw(url: str, **instellingen: Any) -> Container:
        instellingen.setdefault("regios", [REGIO])
        instellingen.setdefault("knooppunt", "regios")
        settings = Settings(_env_file=None, database_url=url, schema_prefix=schema_prefix, **instellingen)
        container = bootstrap(settings)
        gebouwd.append(container)
        return container

    yield _bouw
    for container in gebouwd:
        container.close()


def richt_in(rollen: Rollen, bouw: Callable[..., Container], **instellingen: Any) -> Container:
    """`doorbraak database inrichten`: the owner sets up, then the application opens every store."""
    return bouw(rollen.app_url, eigenaar_database_url=rollen.eigenaar_url, **instellingen)


def problemen(database_url: str, schema: str, rol: str) -> list[str]:
    with psycopg.connect(database_url, autocommit=True) as conn:
        return controleer(conn, schema, EVENTS_TABLE, "regio", rol)


def test_de_rollen_van_deploy_zijn_geen_superuser_en_alleen_de_eigenaar_maakt_schemas(
    rollen: Rollen, database_url: str
) -> None:
    with psycopg.connect(database_url) as conn:
        for rol in (rollen.eigenaar, rollen.app):
            rij = conn.execute(
                "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolcanlogin FROM pg_roles "
                "WHERE rolname = %s",
                (rol,),
            ).fetchone()
            assert rij == (False, False, False, False, True)
        maken = "SELECT has_database_privilege(%s, current_database(), 'CREATE')"
        assert conn.execute(maken, (rollen.eigenaar,)).fetchone() == (True,)
        assert conn.execute(maken, (rollen.app,)).fetchone() == (False,)


def test_als_app_rol_werken_appends_lezen_projecties_en_herbouw(
    rollen: Rollen, bouw: Callable[..., Container], database_url: str, schema_prefix: str
) -> None:
    omgeving = {
        "DOORBRAAK_DATABASE_URL": rollen.app_url,
        "DOORBRAAK_SCHEMA_PREFIX": schema_prefix,
        "DOORBRAAK_REGIOS": f'["{REGIO}"]',
        "DOORBRAAK_KNOOPPUNT": "regios",
    }
    zonder = CliRunner().invoke(cli, ["database", "inrichten"], env=omgeving)
    assert zonder.exit_code == 2 and "DOORBRAAK_EIGENAAR_DATABASE_URL" in zonder.output
    uitkomst = CliRunner().invoke(
        cli, ["database", "inrichten"], env={**omgeving, "DOORBRAAK_EIGENAAR_DATABASE_URL": rollen.eigenaar_url}
    )
    schema = schema_naam(schema_prefix, REGIO)
    assert uitkomst.exit_code == 0, uitkomst.output
    assert uitkomst.output.splitlines() == [
        f"{schema}.{EVENTS_TABLE}: {rollen.app} may SELECT, INSERT (originator_id, originator_version, topic, state)",
        f"{schema}.{keten_tabel(EVENTS_TABLE)}: {rollen.app} may SELECT",
        f"{schema}.inzagelog: {rollen.app} may SELECT, INSERT ({INVOER})",
        f"{schema}.inzagelog_keten: {rollen.app} may SELECT",
        f"{schema}.{EVENTS_TABLE}_checkpoints: {rollen.app} may SELECT, INSERT",
        f"{schema}.{EVENTS_TABLE}_knopen: {rollen.app} may SELECT, INSERT",
        f"{schema}.{EVENTS_TABLE}_getuigen: {rollen.app} may SELECT, INSERT (getuige, grootte, status), "
        "UPDATE (grootte, status, bijgewerkt)",
        f"{schema}.getuige_checkpoints: {rollen.app} may SELECT, INSERT (bron, grootte, schakel, boom, tijd, "
        "sleutel_id, handtekening, publieke_sleutel, status, reden)",
        f"{schema}.getuige_sleutels: {rollen.app} may SELECT, INSERT (bron, sleutel_id, publieke_sleutel)",
        f"{schema}.sleutels: {rollen.app} may SELECT, INSERT (casus_id, sleutel, hoofdsleutel_id, gewist_op, "
        "gewist_reden), UPDATE (sleutel, hoofdsleutel_id, gewist_op, gewist_reden)",
        f"{knooppunt_schema(schema_prefix)}.inzagelog: {rollen.app} may SELECT, INSERT ({INVOER})",
        f"{knooppunt_schema(schema_prefix)}.inzagelog_keten: {rollen.app} may SELECT",
        f"{knooppunt_schema(schema_prefix)}.accounts: {rollen.app} may SELECT, INSERT ({ACCOUNT_INVOER}), "
        f"UPDATE ({ACCOUNT_WIJZIGBAAR})",
        f"{knooppunt_schema(schema_prefix)}.sessies: {rollen.app} may SELECT, INSERT, UPDATE (laatst_gebruikt), DELETE",
        f"{knooppunt_schema(schema_prefix)}.aanmeldpogingen: {rollen.app} may SELECT, INSERT, UPDATE, DELETE",
    ]

    container = bouw(rollen.app_url)
    service = container.regio(REGIO)
    casus_id = service.meld_aan(aanmelding(), None, HERKOMST).casus.id
    assert service.casus(casus_id).version == 1
    gewist = service.meld_aan(aanmelding(), None, HERKOMST).casus.id  # the key table as the application
    assert service.wis_persoonsgegevens(gewist, Wisverzoek(reden="Verzoek."), HERKOMST).casus.gewist is not None
    assert service.store.sleutelring is not None and service.store.sleutelring.is_gewist(gewist)

    async def projecteer() -> tuple[int, int]:
        modellen = LeesModellen(container, batch=7)
        await modellen.open()
        try:
            await bij(modellen)
            gedaan = await modellen.herbouw(REGIO)
            async with modellen.projector(REGIO).pool.acquire() as conn:
                tabellen = await actieve_tabellen(conn, schema, REGIO)
                return gedaan, int(await conn.fetchval(f"SELECT count(*) FROM {tabellen.casus}"))
        finally:
            await modellen.close()

    assert asyncio.run(projecteer()) == (3, 2)

    async def log_als_app() -> int:
        """The application appends to the access log and reads it, and cannot get past its triggers."""
        logs = await Inzagelogs.geopend(container)
        try:
            log = logs.regios[REGIO]
            toegang = Toegang("tester", "triagist", Toegangssoort.LEZEN, "GET", "/r", 200, "rq", casus_id)
            positie = await log.leg_vast(toegang)
            async with log.pool.acquire() as conn:
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await conn.execute(f"ALTER TABLE {tabel(schema)} DISABLE TRIGGER alleen_toevoegen_rij")
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await conn.execute(f"UPDATE {tabel(schema)} SET wie = 'iemand anders'")
            assert logs.knooppunt is not None and await logs.knooppunt.leg_vast(toegang) == 1
            return positie
        finally:
            await logs.close()

    assert asyncio.run(log_als_app()) == 1
    with psycopg.connect(database_url) as conn:
        keten = sql.Identifier(schema, keten_tabel(EVENTS_TABLE))
        assert conn.execute(sql.SQL("SELECT count(*) FROM {}").format(keten)).fetchone() == (3,)
        eigenaars = conn.execute(
            "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = relnamespace "
            "WHERE nspname = %s AND relname LIKE 'rm\\_%%'",
            (schema,),
        ).fetchall()
    assert eigenaars == [(rollen.app,)]
    assert problemen(database_url, schema, rollen.app) == []


GEWEIGERD = [
    "ALTER TABLE {events} ADD COLUMN x int",
    "ALTER TABLE {events} DISABLE TRIGGER onveranderlijk_rij",
    "ALTER TABLE {events} DISABLE TRIGGER ALL",
    "ALTER TABLE {events} DISABLE TRIGGER keten_na_insert",
    "ALTER TABLE {events} OWNER TO CURRENT_USER",
    "UPDATE {events} SET topic = 'x'",
    "DELETE FROM {events}",
    "TRUNCATE {events}",
    "DROP TABLE {events}",
    "INSERT INTO {events} (originator_id, originator_version, topic, state, notification_id) "
    "VALUES (gen_random_uuid(), 1, 't', '\\x00', 1000000)",
    "SELECT setval({reeks}, 1)",
    "CREATE TRIGGER weg BEFORE INSERT ON {events} FOR EACH ROW EXECUTE FUNCTION {schema}.weiger_wijziging()",
    "CREATE OR REPLACE FUNCTION {schema}.weiger_wijziging() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN RETURN NULL; END $$",
    "ALTER TABLE {keten} DISABLE TRIGGER ALL",
    "UPDATE {keten} SET blad = blad",
    "DELETE FROM {keten}",
    "TRUNCATE {keten}",
    "DROP TABLE {keten}",
    "INSERT INTO {keten} (volgnummer, positie, blad, schakel) VALUES (1000000, 1000000, '\\x00', '\\x00')",
    "CREATE OR REPLACE FUNCTION {schema}.{trigger_functie}() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN RETURN NULL; END $$",
    "DROP SCHEMA {schema} CASCADE",
    "ALTER SCHEMA {schema} RENAME TO weg",
    "UPDATE {checkpoints} SET grootte = grootte",
    "DELETE FROM {checkpoints}",
    "TRUNCATE {knopen}",
    "ALTER TABLE {checkpoints} DISABLE TRIGGER ALL",
    "UPDATE {getuige_checkpoints} SET status = 'aanvaard'",
    "DELETE FROM {getuige_sleutels}",
    "INSERT INTO {getuige_checkpoints} (bron, grootte, schakel, boom, tijd, sleutel_id, handtekening, "
    "publieke_sleutel, status, ontvangen) VALUES ('regio:x', 1, '\\x00', '\\x00', now(), 'x', '\\x00', '\\x00', "
    "'aanvaard', now() - interval '1 year')",
]


def test_de_app_rol_kan_de_historie_niet_wijzigen_noch_de_keten_noch_de_checkpoints(
    rollen: Rollen, bouw: Callable[..., Container], database_url: str, schema_prefix: str
) -> None:
    richt_in(rollen, bouw).regio(REGIO).meld_aan(aanmelding(), None, HERKOMST)
    schema = schema_naam(schema_prefix, REGIO)
    namen = {
        "schema": sql.Identifier(schema),
        "events": sql.Identifier(schema, EVENTS_TABLE),
        "keten": sql.Identifier(schema, keten_tabel(EVENTS_TABLE)),
        "trigger_functie": sql.Identifier(f"{keten_tabel(EVENTS_TABLE)}_na_insert"),
        "reeks": sql.Literal(f"{schema}.{EVENTS_TABLE}_notification_id_seq"),
        "checkpoints": sql.Identifier(schema, f"{EVENTS_TABLE}_checkpoints"),
        "knopen": sql.Identifier(schema, f"{EVENTS_TABLE}_knopen"),
        "getuige_checkpoints": sql.Identifier(schema, "getuige_checkpoints"),
        "getuige_sleutels": sql.Identifier(schema, "getuige_sleutels"),
    }
    toegestaan = []
    with psycopg.connect(rollen.app_url, autocommit=True) as conn:
        for opdracht in GEWEIGERD:
            try:
                conn.execute(sql.SQL(opdracht).format(**namen))
                toegestaan.append(opdracht)
            except psycopg.errors.InsufficientPrivilege:
                pass
        assert conn.execute(sql.SQL("SELECT count(*) FROM {events}").format(**namen)).fetchone() == (1,)
    assert toegestaan == []
    with psycopg.connect(database_url) as conn:
        assert conn.execute(sql.SQL("SELECT count(*) FROM {keten}").format(**namen)).fetchone() == (1,)
    assert problemen(database_url, schema, rollen.app) == []


def test_zonder_inrichting_zegt_de_start_wat_te_doen(
    rollen: Rollen, bouw: Callable[..., Container], database_url: str, schema_prefix: str
) -> None:
    with pytest.raises(NietIngericht, match=r"does not exist.*doorbraak database inrichten"):
        bouw(rollen.app_url)
    uitkomst = CliRunner().invoke(
        cli,
        ["projecties", "herbouw"],
        env={
            "DOORBRAAK_DATABASE_URL": rollen.app_url,
            "DOORBRAAK_SCHEMA_PREFIX": schema_prefix,
            "DOORBRAAK_REGIOS": f'["{REGIO}"]',
            "DOORBRAAK_KNOOPPUNT": "regios",
        },
    )
    assert uitkomst.exit_code == 1
    assert "doorbraak projecties herbouw:" in uitkomst.output and "doorbraak database inrichten" in uitkomst.output


def test_een_uitgeschakelde_trigger_of_een_recht_te_veel_houdt_de_start_tegen_tot_het_inrichten(
    rollen: Rollen, bouw: Callable[..., Container], database_url: str, schema_prefix: str
) -> None:
    richt_in(rollen, bouw).close()
    schema = schema_naam(schema_prefix, REGIO)
    events = sql.Identifier(schema, EVENTS_TABLE)
    with psycopg.connect(rollen.eigenaar_url, autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER keten_na_insert").format(events))
        conn.execute(sql.SQL("GRANT UPDATE ON {} TO {}").format(events, sql.Identifier(rollen.app)))
    with pytest.raises(NietIngericht) as fout:
        bouw(rollen.app_url)
    assert "trigger keten_na_insert" in str(fout.value) and f"{rollen.app} has UPDATE" in str(fout.value)
    with psycopg.connect(rollen.eigenaar_url, autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER TABLE {} ENABLE TRIGGER keten_na_insert").format(events))
    richt_in(rollen, bouw)  # takes the extra right away
    assert problemen(database_url, schema, rollen.app) == []
    bouw(rollen.app_url).regio(REGIO).meld_aan(aanmelding(), None, HERKOMST)


def test_inrichten_is_herhaalbaar_en_een_nieuwe_regio_krijgt_hetzelfde(
    rollen: Rollen, bouw: Callable[..., Container], database_url: str, schema_prefix: str
) -> None:
    richt_in(rollen, bouw).close()
    richt_in(rollen, bouw, regios=[REGIO, ANDERE], knooppunt="alles").close()
    for regio in (REGIO, ANDERE):
        assert problemen(database_url, schema_naam(schema_prefix, regio), rollen.app) == []
    with psycopg.connect(database_url) as conn:
        netwerk_schema = netwerk_schema_naam(schema_prefix, BEN)
        assert controleer(conn, netwerk_schema, f"{NetwerkStore.name}_events", "netwerk", rollen.app) == []

    # every follower's tables as the application: read models, the inbox, the relays' positions
    container = bouw(rollen.app_url, regios=[ANDERE], knooppunt="alles", nats_url="nats://127.0.0.1:9")
    assert list(container.netwerken) == [BEN]

    async def volgers() -> None:
        modellen, dienst, checkpoints = LeesModellen(container), Escalatiedienst(container), Checkpointdienst(container)
        try:
            await modellen.open()
            await dienst.open()
            await checkpoints.open()
        finally:
            await checkpoints.close()
            await dienst.close()
            await modellen.close()

    asyncio.run(volgers())
    with psycopg.connect(database_url) as conn:
        eigenaars = conn.execute(
            "SELECT DISTINCT nspname, relname = ANY(%s), pg_get_userbyid(relowner) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = relnamespace WHERE nspname = ANY(%s) AND relkind = 'r' ORDER BY 1, 2",
            (
                [t.tabel(events) for events in (EVENTS_TABLE, "netwerkcasussen_events") for t in BELEID],
                [schema_naam(schema_prefix, ANDERE), netwerk_schema],
            ),
        ).fetchall()
    assert eigenaars == [
        (netwerk_schema, False, rollen.app),
        (netwerk_schema, True, rollen.eigenaar),
        (schema_naam(schema_prefix, ANDERE), False, rollen.app),
        (schema_naam(schema_prefix, ANDERE), True, rollen.eigenaar),
    ]


def test_inrichten_weigert_eenzelfde_rol_voor_eigenaar_en_toepassing(
    rollen: Rollen, bouw: Callable[..., Container]
) -> None:
    with pytest.raises(NietIngericht, match="same role"):
        bouw(rollen.eigenaar_url, eigenaar_database_url=rollen.eigenaar_url)


@pytest.mark.parametrize("blijft_app", [True, False], ids=["oude-gebruiker-wordt-app", "nieuwe-app-rol"])
def test_een_schema_van_voor_de_rollen_gaat_over_op_de_eigenaar(
    rollen: Rollen, bouw: Callable[..., Container], database_url: str, schema_prefix: str, blijft_app: bool
) -> None:
    """Before the roles one user owned everything. `inrichten` says what a superuser runs: the records go to
    the owner, the derived tables (read models, positions) to the application's role, unless that is the old
    user itself."""
    oude_url, schema = (rollen.app_url if blijft_app else rollen.oud_url), schema_naam(schema_prefix, REGIO)
    oude = sql.Identifier(rollen.app if blijft_app else rollen.oud)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("GRANT CREATE ON DATABASE {} TO {}").format(sql.Identifier(conn.info.dbname), oude))
    oud = bouw(oude_url)
    casus_id = oud.regio(REGIO).meld_aan(aanmelding(), None, HERKOMST).casus.id

    async def open_leesmodellen() -> None:
        modellen = LeesModellen(oud)
        await modellen.open()
        await bij(modellen)
        await modellen.close()

    asyncio.run(open_leesmodellen())
    oud.close()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("REVOKE CREATE ON DATABASE {} FROM {}").format(sql.Identifier(conn.info.dbname), oude))

    with pytest.raises(NietIngericht, match="as a superuser, run") as fout:
        richt_in(rollen, bouw)
    statements = re.findall(r"ALTER [A-Z]+ .+? OWNER TO \S+;", str(fout.value))
    assert any(s.startswith("ALTER SCHEMA") for s in statements)
    assert any(f'.rm_casus_v1 OWNER TO "{rollen.app}"' in s for s in statements) != blijft_app
    with psycopg.connect(database_url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement.encode())
    richt_in(rollen, bouw).close()

    container = bouw(rollen.app_url)
    assert container.regio(REGIO).casus(casus_id).id == casus_id
    container.regio(REGIO).meld_aan(aanmelding(), None, HERKOMST)

    async def herbouw() -> int:
        modellen = LeesModellen(container)
        await modellen.open()
        try:
            return await modellen.herbouw(REGIO)
        finally:
            await modellen.close()

    assert asyncio.run(herbouw()) == 2
    assert problemen(database_url, schema, rollen.app) == []


def test_eigenaar_van_een_regio_in_een_eigen_database(rollen: Rollen) -> None:
    from adapters.postgres import eigenaar_url_voor

    eigen = "postgresql://app:geheim@db-zeeland:6543/zeeland"
    assert eigenaar_url_voor(rollen.eigenaar_url, rollen.app_url, rollen.app_url) == rollen.eigenaar_url
    url = psycopg.conninfo.conninfo_to_dict(eigenaar_url_voor(rollen.eigenaar_url, eigen, rollen.app_url))
    assert (url["host"], url["port"], url["dbname"], url["user"]) == ("db-zeeland", "6543", "zeeland", rollen.eigenaar)
