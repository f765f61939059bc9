"""Who may do what in a store's schema: the owner role creates the schema and its records, the application
role appends to them and reads them.

`BELEID` lists the tables the owner creates in a store's schema (a region's or a network's) and what the
application role may do with each: the one place that says so. `richt_in` applies it (idempotent, as the
owner), `controleer` checks it for a role. Everything else in the schema (read models, the followers'
positions and dead letters, reminder claims) is derived from the events: the application role creates it at
run time and owns it, with USAGE and CREATE on the schema (`SCHEMA_RECHTEN`). Owning neither the schema nor
the listed tables, it cannot ALTER, DROP or TRUNCATE them nor disable their triggers; PostgreSQL allows those
only to an object's owner, the schema's owner or a superuser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import psycopg
from psycopg import sql

from adapters import inzagelog_tabel
from adapters.accounts import ACCOUNT_INVOER, ACCOUNT_WIJZIGBAAR, ACCOUNTS, POGINGEN, maak_accounts, maak_pogingen
from adapters.checkpoints import CHECKPOINTS, GETUIGE_CHECKPOINTS, GETUIGE_SLEUTELS, GETUIGEN, KNOPEN, maak_tabel
from adapters.keten import EVENT_INHOUD_SQL, installeer_keten, keten_tabel
from adapters.sessies import SESSIES, maak_sessies
from adapters.sleuteltabel import SLEUTELTABEL, maak_sleuteltabel

Soort = Literal["regio", "netwerk", "knooppunt"]
Maak = Callable[[psycopg.Connection[Any], str, str], None]
"""DDL of one kind of table: (connection, schema, the store's events table)."""

SCHEMA_RECHTEN = ("USAGE", "CREATE")
"""The application role's rights on a store's schema: reaching its tables, and creating the derived ones."""
TABELRECHTEN = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
ONVERANDERLIJK = ("onveranderlijk_rij", "onveranderlijk_tabel")
"""The triggers of `maak_onveranderlijk`."""


class NietIngericht(Exception):
    """A store's schema is not set up as `BELEID` says, or cannot be by this role."""


@dataclass(frozen=True)
class Tabelsoort:
    """A table the owner creates in every store's schema (of the kinds in `bij`), and the application's rights."""

    naam: str
    """Its name; `{events}` stands for the store's events table."""
    rechten: tuple[str, ...]
    """What the application role may do with it, as GRANT spells it: "SELECT", "INSERT (a, b)", ..."""
    maak: Maak
    """Its DDL, idempotent, run by the owner after the events table exists (in `BELEID`'s order)."""
    triggers: tuple[str, ...] = ()
    """Triggers that must exist on it, enabled."""
    bij: frozenset[Soort] = frozenset({"regio", "netwerk"})

    def tabel(self, events: str) -> str:
        return self.naam.format(events=events)

    def recht(self, soort: str) -> tuple[str, ...] | None:
        """The columns granted `soort` ("INSERT"), () for the whole table, None when not granted."""
        for recht in self.rechten:
            gevonden = re.fullmatch(rf"{soort}(?:\s*\((.+)\))?", recht.strip())
            if gevonden:
                return tuple(k.strip() for k in gevonden.group(1).split(",")) if gevonden.group(1) else ()
        return None


def maak_onveranderlijk(conn: psycopg.Connection[Any], schema: str, tabel: str) -> None:
    """Make the database itself refuse UPDATE, DELETE and TRUNCATE on the table, whoever asks."""
    ids = {
        "schema": sql.Identifier(schema),
        "tabel": sql.Identifier(tabel),
        "functie": sql.Identifier("weiger_wijziging"),
    }
    statements = [
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {schema}.{functie}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'stored events are immutable: % refused on %.%', "
            "TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$"
        ),
        sql.SQL(
            "CREATE OR REPLACE TRIGGER onveranderlijk_rij BEFORE UPDATE OR DELETE ON {schema}.{tabel} "
            "FOR EACH ROW EXECUTE FUNCTION {schema}.{functie}()"
        ),
        sql.SQL(
            "CREATE OR REPLACE TRIGGER onveranderlijk_tabel BEFORE TRUNCATE ON {schema}.{tabel} "
            "FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{functie}()"
        ),
    ]
    with conn.transaction():
        for statement in statements:
            conn.execute(statement.format(**ids))


def _events(conn: psycopg.Connection[Any], schema: str, events: str) -> None:
    maak_onveranderlijk(conn, schema, events)


def _keten(conn: psycopg.Connection[Any], schema: str, events: str) -> None:
    installeer_keten(conn, schema, events, positie="notification_id", inhoud_sql=EVENT_INHOUD_SQL)
    maak_onveranderlijk(conn, schema, keten_tabel(events))


def _checkpointtabel(naam: str, *, onveranderlijk: bool = True) -> Maak:
    def maak(conn: psycopg.Connection[Any], schema: str, events: str) -> None:
        maak_tabel(conn, schema, events, naam)
        if onveranderlijk:
            maak_onveranderlijk(conn, schema, naam.format(events=events))

    return maak


def _sleutels(conn: psycopg.Connection[Any], schema: str, events: str) -> None:
    maak_sleuteltabel(conn, schema)


BELEID: tuple[Tabelsoort, ...] = (
    # the library creates the table; a position (notification_id) only ever comes from its sequence
    Tabelsoort(
        "{events}",
        ("SELECT", "INSERT (originator_id, originator_version, topic, state)"),
        _events,
        (*ONVERANDERLIJK, "keten_na_insert"),
    ),
    # written only by the events table's trigger, which runs as the owner (SECURITY DEFINER)
    Tabelsoort(keten_tabel("{events}"), ("SELECT",), _keten, ONVERANDERLIJK),
    # the access log, in every store's schema and the node's (`knooppunt`): rows appended, never changed; the
    # position and the time are the database's
    Tabelsoort(
        inzagelog_tabel.TABEL,
        ("SELECT", f"INSERT ({inzagelog_tabel.INVOER})"),
        inzagelog_tabel.maak,
        (*inzagelog_tabel.ALLEEN_TOEVOEGEN, "keten_na_insert"),
        frozenset({"regio", "netwerk", "knooppunt"}),
    ),
    Tabelsoort(
        inzagelog_tabel.KETEN,
        ("SELECT",),
        lambda _conn, _schema, _events: None,  # made with the log
        inzagelog_tabel.ALLEEN_TOEVOEGEN,
        frozenset({"regio", "netwerk", "knooppunt"}),
    ),
    # the checkpoints the store signs and the subtrees each completes (adapters.checkpointer): kept as signed
    Tabelsoort(CHECKPOINTS, ("SELECT", "INSERT"), _checkpointtabel(CHECKPOINTS), ONVERANDERLIJK),
    Tabelsoort(KNOPEN, ("SELECT", "INSERT"), _checkpointtabel(KNOPEN), ONVERANDERLIJK),
    # up to which checkpoint each witness answered (adapters.getuige): advanced as the answers come
    Tabelsoort(
        GETUIGEN,
        ("SELECT", "INSERT (getuige, grootte, status)", "UPDATE (grootte, status, bijgewerkt)"),
        _checkpointtabel(GETUIGEN, onveranderlijk=False),
    ),
    # as a witness: the other side's checkpoints and the first key seen of each source, kept as received (the
    # time of receipt is the database's)
    Tabelsoort(
        GETUIGE_CHECKPOINTS,
        (
            "SELECT",
            "INSERT (bron, grootte, schakel, boom, tijd, sleutel_id, handtekening, publieke_sleutel, status, reden)",
        ),
        _checkpointtabel(GETUIGE_CHECKPOINTS),
        ONVERANDERLIJK,
    ),
    Tabelsoort(
        GETUIGE_SLEUTELS,
        ("SELECT", "INSERT (bron, sleutel_id, publieke_sleutel)"),
        _checkpointtabel(GETUIGE_SLEUTELS),
        ONVERANDERLIJK,
    ),
    # the case keys (adapters.sleuteltabel): a new case's key comes with its first append; erasing destroys
    # one, rotating rewraps them; no row is ever deleted
    Tabelsoort(
        SLEUTELTABEL,
        (
            "SELECT",
            "INSERT (casus_id, sleutel, hoofdsleutel_id, gewist_op, gewist_reden)",
            "UPDATE (sleutel, hoofdsleutel_id, gewist_op, gewist_reden)",
        ),
        _sleutels,
        bij=frozenset({"regio"}),
    ),
    # the pages' accounts (adapters.accounts), in the node's schema: added and changed, never deleted (a name
    # stays the actor of what it recorded); their sessions (adapters.sessies) and the failed sign-ins per name
    # come and go
    Tabelsoort(
        ACCOUNTS,
        ("SELECT", f"INSERT ({ACCOUNT_INVOER})", f"UPDATE ({ACCOUNT_WIJZIGBAAR})"),
        maak_accounts,
        bij=frozenset({"knooppunt"}),
    ),
    Tabelsoort(
        SESSIES,
        ("SELECT", "INSERT", "UPDATE (laatst_gebruikt)", "DELETE"),
        maak_sessies,
        bij=frozenset({"knooppunt"}),
    ),
    Tabelsoort(POGINGEN, ("SELECT", "INSERT", "UPDATE", "DELETE"), maak_pogingen, bij=frozenset({"knooppunt"})),
)


def soorten(soort: Soort) -> list[Tabelsoort]:
    return [t for t in BELEID if soort in t.bij]


def mag_inrichten(conn: psycopg.Connection[Any], schema: str) -> bool:
    """Whether this connection's role owns the schema (or is a superuser), or may create it: then it runs the
    DDL itself, as in development; otherwise the owner has done so (`richt_in`)."""
    rij = conn.execute(
        "SELECT CASE WHEN n.oid IS NULL THEN has_database_privilege(current_database(), 'CREATE') "
        "ELSE pg_has_role(n.nspowner, 'USAGE') END FROM (SELECT) AS x LEFT JOIN pg_namespace n ON n.nspname = %s",
        (schema,),
    ).fetchone()
    return bool(rij and rij[0])


def richt_in(conn: psycopg.Connection[Any], schema: str, events: str, soort: Soort, app: str | None) -> None:
    """As the owner, after the library made the events table: the tables of `BELEID` with their triggers, no
    function callable by PUBLIC, and (given the application role `app`) exactly the rights `BELEID` gives,
    on the schema, its tables and their sequences. Idempotent."""
    for tabelsoort in soorten(soort):
        tabelsoort.maak(conn, schema, events)
    s = sql.Identifier(schema)
    with conn.transaction():
        for (functie,) in conn.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = %s AND pg_has_role(p.proowner, 'USAGE')",
            (schema,),
        ).fetchall():
            conn.execute(sql.SQL("REVOKE ALL ON FUNCTION {} FROM PUBLIC").format(sql.SQL(functie)))
        if app is None:
            return
        rol = sql.Identifier(app)
        conn.execute(sql.SQL("REVOKE ALL ON SCHEMA {} FROM PUBLIC, {}").format(s, rol))
        conn.execute(sql.SQL("GRANT {} ON SCHEMA {} TO {}").format(_rechten(SCHEMA_RECHTEN), s, rol))
        for tabelsoort in soorten(soort):
            tabel = sql.Identifier(schema, tabelsoort.tabel(events))
            conn.execute(sql.SQL("REVOKE ALL ON {} FROM PUBLIC, {}").format(tabel, rol))
            conn.execute(sql.SQL("GRANT {} ON {} TO {}").format(_rechten(tabelsoort.rechten), tabel, rol))
            for reeks in _reeksen(conn, schema, tabelsoort.tabel(events)):
                conn.execute(sql.SQL("REVOKE ALL ON SEQUENCE {} FROM PUBLIC, {}").format(reeks, rol))
                if tabelsoort.recht("INSERT") is not None:
                    conn.execute(sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(reeks, rol))


def _rechten(rechten: tuple[str, ...]) -> sql.Composable:
    for recht in rechten:
        if not re.fullmatch(r"[A-Z]+(?: ?\([a-z_, ]+\))?", recht):
            raise ValueError(f"not a privilege: {recht!r}")
    return sql.SQL(", ").join(sql.SQL(r) for r in rechten)


def _reeksen(conn: psycopg.Connection[Any], schema: str, tabel: str) -> list[sql.Identifier]:
    """The sequences of the table's serial and identity columns."""
    rijen = conn.execute(
        "SELECT r.relname FROM pg_depend d JOIN pg_class r ON r.oid = d.objid "
        "WHERE d.refobjid = to_regclass(%s) AND d.deptype IN ('a', 'i') AND r.relkind = 'S'",
        (sql.Identifier(schema, tabel).as_string(conn),),
    ).fetchall()
    return [sql.Identifier(schema, naam) for (naam,) in rijen]


def controleer(conn: psycopg.Connection[Any], schema: str, events: str, soort: Soort, rol: str) -> list[str]:
    """How the schema differs from `BELEID` for the application role `rol`: an empty list when it is set up.

    The role must not own (nor be a superuser or a member of the owner of) the schema, the listed tables or
    the schema's functions; it must have exactly the listed rights on the tables (and USAGE on the sequences
    of those it may INSERT into), USAGE and CREATE on the schema, and every listed trigger must be enabled."""
    rij = conn.execute(
        "SELECT oid, pg_has_role(%s, nspowner, 'USAGE'), has_schema_privilege(%s, oid, 'USAGE'), "
        "has_schema_privilege(%s, oid, 'CREATE') FROM pg_namespace WHERE nspname = %s",
        (rol, rol, rol, schema),
    ).fetchone()
    if rij is None:
        return [f"schema {schema} does not exist"]
    _, eigen, gebruik, maken = rij
    problemen = []
    if eigen:
        problemen.append(f"{rol} owns schema {schema}, is a superuser or a member of its owner")
    if not (gebruik and maken):
        problemen.append(f"{rol} lacks USAGE or CREATE on schema {schema}")
    for (functie,) in conn.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = %s AND (pg_has_role(%s, p.proowner, 'USAGE') OR has_function_privilege(%s, p.oid, "
        "'EXECUTE')) ORDER BY 1",
        (schema, rol, rol),
    ).fetchall():
        problemen.append(f"{rol} owns or may execute {functie}")
    for tabelsoort in soorten(soort):
        problemen += _controleer_tabel(conn, schema, tabelsoort, tabelsoort.tabel(events), rol)
    return problemen


def _controleer_tabel(
    conn: psycopg.Connection[Any], schema: str, tabelsoort: Tabelsoort, tabel: str, rol: str
) -> list[str]:
    naam = sql.Identifier(schema, tabel).as_string(conn)
    rij = conn.execute(
        "SELECT c.oid, pg_has_role(%s, c.relowner, 'USAGE') FROM pg_class c WHERE c.oid = to_regclass(%s)",
        (rol, naam),
    ).fetchone()
    if rij is None:
        return [f"table {naam} does not exist"]
    oid, eigen = rij
    problemen = [f"{rol} owns {naam}, is a superuser or a member of its owner"] if eigen else []
    kolommen = [
        k
        for (k,) in conn.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::oid AND attnum > 0 AND NOT attisdropped", (oid,)
        ).fetchall()
    ]
    for recht in TABELRECHTEN:
        gegeven = tabelsoort.recht(recht)
        if gegeven:
            vragen = [(f" ({k})", _heeft(conn, rol, oid, recht, k), k in gegeven) for k in kolommen]
        else:
            vragen = [("", _heeft(conn, rol, oid, recht, ruim=gegeven is None), gegeven is not None)]
        for waar, heeft, moet in vragen:
            if heeft != moet:
                problemen.append(f"{rol} {'lacks' if moet else 'has'} {recht} on {naam}{waar}")
    for reeks in _reeksen(conn, schema, tabel):
        reeksnaam = reeks.as_string(conn)
        gebruik, wijzig = conn.execute(
            "SELECT has_sequence_privilege(%s, %s, 'USAGE'), has_sequence_privilege(%s, %s, 'UPDATE')",
            (rol, reeksnaam, rol, reeksnaam),
        ).fetchone() or (False, False)
        if gebruik != (tabelsoort.recht("INSERT") is not None) or wijzig:
            problemen.append(f"{rol} has the wrong rights on sequence {reeksnaam}")
    aan = {
        t
        for (t,) in conn.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::oid AND tgenabled IN ('O', 'A')", (oid,)
        ).fetchall()
    }
    problemen += [f"trigger {t} on {naam} is missing or disabled" for t in tabelsoort.triggers if t not in aan]
    return problemen


def _heeft(
    conn: psycopg.Connection[Any], rol: str, oid: int, recht: str, kolom: str | None = None, *, ruim: bool = False
) -> bool:
    """Whether `rol` has `recht` on the table (on `kolom`; `ruim`: on any of its columns)."""
    if kolom is not None:
        rij = conn.execute("SELECT has_column_privilege(%s, %s::oid, %s, %s)", (rol, oid, kolom, recht)).fetchone()
    elif ruim and recht in ("SELECT", "INSERT", "UPDATE", "REFERENCES"):
        rij = conn.execute("SELECT has_any_column_privilege(%s, %s::oid, %s)", (rol, oid, recht)).fetchone()
    else:
        rij = conn.execute("SELECT has_table_privilege(%s, %s::oid, %s)", (rol, oid, recht)).fetchone()
    return bool(rij and rij[0])


def overdracht(conn: psycopg.Connection[Any], schema: str, events: str, soort: Soort, app: str) -> list[str]:
    """The statements a superuser runs to bring a schema from before the roles (its one user owned everything)
    in line: what `BELEID` has the owner (this connection's role) own, the schema, its listed tables, functions
    and types, to the owner; the other tables (derived, with their sequences) to the application role `app`.
    Empty when nothing is to move."""
    rijen = conn.execute(
        "SELECT 'SCHEMA', quote_ident(nspname), NULL FROM pg_namespace "
        "WHERE nspname = %(s)s AND NOT pg_has_role(nspowner, 'USAGE') "
        "UNION ALL SELECT CASE c.relkind WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END, "
        "quote_ident(n.nspname) || '.' || quote_ident(c.relname), "
        "CASE WHEN c.relkind IN ('r', 'p') AND NOT c.relname = ANY(%(t)s) THEN %(app)s END "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %(s)s AND ((c.relkind = 'c' OR c.relname = ANY(%(t)s)) "
        "AND NOT pg_has_role(c.relowner, 'USAGE') OR c.relkind IN ('r', 'p') AND NOT c.relname = ANY(%(t)s) "
        "AND pg_get_userbyid(c.relowner) <> %(app)s) "
        "UNION ALL SELECT 'FUNCTION', quote_ident(n.nspname) || '.' || quote_ident(p.proname) "
        "|| '(' || pg_get_function_identity_arguments(p.oid) || ')', NULL FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = %(s)s AND NOT pg_has_role(p.proowner, 'USAGE') ORDER BY 3 DESC, 1 DESC, 2",
        {"s": schema, "t": [t.tabel(events) for t in soorten(soort)], "app": app},
    ).fetchall()
    eigenaar = str((conn.execute("SELECT current_user").fetchone() or ("",))[0])
    return [
        f"ALTER {soort_object} {naam} OWNER TO {sql.Identifier(nieuw or eigenaar).as_string(conn)};"
        for soort_object, naam, nieuw in rijen
    ]
