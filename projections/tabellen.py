"""The read-model tables of one region, versioned so a rebuild can swap them in whole."""

from __future__ import annotations

from dataclasses import dataclass

EVENTS_TABLE = "casussen_events"


def q(naam: str) -> str:
    """A quoted SQL identifier."""
    return '"' + naam.replace('"', '""') + '"'


@dataclass(frozen=True)
class Tabellen:
    schema: str
    versie: int

    @property
    def casus(self) -> str:
        return f"{q(self.schema)}.{q(f'rm_casus_v{self.versie}')}"

    @property
    def tijdlijn(self) -> str:
        return f"{q(self.schema)}.{q(f'rm_tijdlijn_v{self.versie}')}"

    @property
    def knelpunt(self) -> str:
        return f"{q(self.schema)}.{q(f'rm_knelpunt_v{self.versie}')}"

    @property
    def leerpunt(self) -> str:
        return f"{q(self.schema)}.{q(f'rm_leerpunt_v{self.versie}')}"

    @property
    def overleg(self) -> str:
        return f"{q(self.schema)}.{q(f'rm_overleg_v{self.versie}')}"

    @property
    def agendapunt(self) -> str:
        return f"{q(self.schema)}.{q(f'rm_agendapunt_v{self.versie}')}"

    @property
    def tijdlijn_naam(self) -> str:
        return f"rm_tijdlijn_v{self.versie}"

    @property
    def knelpunt_naam(self) -> str:
        return f"rm_knelpunt_v{self.versie}"

    def ddl(self) -> list[str]:
        return self.ddl_tabellen() + self.ddl_indexen()

    def ddl_tabellen(self) -> list[str]:
        """The tables with only what upserting needs; a rebuild adds the rest at the end (`ddl_indexen`)."""
        return [
            f"""CREATE TABLE IF NOT EXISTS {self.casus} (
                casus_id uuid PRIMARY KEY, regio text NOT NULL, versie int NOT NULL, fase text NOT NULL,
                werkstroom text NOT NULL, urgentie text NOT NULL, leeftijd int NOT NULL, gemeente text NOT NULL,
                aanmelder_rol text NOT NULL, leefgebieden text[] NOT NULL, aangemeld_op date NOT NULL,
                ronde_start date NOT NULL, plaatsingsdatum date, getrieerd_op date, triage_uitkomst text,
                eerste_overleg date, laatste_overleg date, advies_op date, advies_verzonden_op date,
                casusregisseur text, eerste_evaluatie date, afgesloten_op date, afsluitreden text,
                heropeningen int NOT NULL, terug_op_tafel int NOT NULL, opschalingsniveau text, netwerkstatus text,
                volgende_norm text, volgende_deadline date, deadlines jsonb NOT NULL)""",
            f"""CREATE TABLE IF NOT EXISTS {self.tijdlijn} (
                casus_id uuid NOT NULL, versie int NOT NULL, positie bigint NOT NULL, type text NOT NULL,
                tijdstip timestamptz NOT NULL, op date NOT NULL, actor text NOT NULL, rol text NOT NULL,
                kenmerken jsonb NOT NULL)""",
            f"""CREATE TABLE IF NOT EXISTS {self.knelpunt} (
                casus_id uuid NOT NULL, versie int NOT NULL, bron text NOT NULL, categorie text NOT NULL,
                omschrijving text NOT NULL, op date NOT NULL)""",
            self._ddl_leerpunt(),
            *self.ddl_agenda(),
        ]

    def ddl_agenda(self) -> list[str]:
        return [
            f"""CREATE TABLE IF NOT EXISTS {self.overleg} (
                overleg_id uuid PRIMARY KEY, datum date NOT NULL, soort text NOT NULL, duur_minuten int NOT NULL,
                extra bool NOT NULL, locatie text, toelichting text, belegd_op date NOT NULL)""",
            f"""CREATE TABLE IF NOT EXISTS {self.agendapunt} (
                overleg_id uuid NOT NULL, casus_id uuid NOT NULL, soort text NOT NULL,
                uit_te_nodigen_expertise text[] NOT NULL, ingepland_op date NOT NULL, versie int NOT NULL,
                PRIMARY KEY (overleg_id, casus_id))""",
            f"CREATE INDEX IF NOT EXISTS {q(f'rm_overleg_v{self.versie}_datum')} ON {self.overleg} (datum)",
        ]

    def _ddl_leerpunt(self) -> str:
        return f"""CREATE TABLE IF NOT EXISTS {self.leerpunt} (
                casus_id uuid NOT NULL, versie int NOT NULL, bron text NOT NULL, soort text NOT NULL, categorie text,
                omschrijving text NOT NULL, op date NOT NULL)"""

    def _index_leerpunt(self) -> str:
        return f"CREATE INDEX IF NOT EXISTS {q(f'rm_leerpunt_v{self.versie}_op')} ON {self.leerpunt} (op)"

    def ddl_bijwerken(self) -> list[str]:
        """Columns, tables and indexes added since a version was built, so a running version keeps taking every
        event and answering as fast as a new one."""
        return [
            f"ALTER TABLE {self.casus} ADD COLUMN IF NOT EXISTS netwerkstatus text",
            self._ddl_leerpunt(),
            self._index_leerpunt(),
            *self.ddl_agenda(),
            self._index_werkvoorraad(),
            f"DROP INDEX IF EXISTS {q(self.schema)}.{q(f'rm_casus_v{self.versie}_open')}",  # its predecessor
        ]

    def _index_werkvoorraad(self) -> str:
        """The open cases in the werkvoorraad's order, so a page is read from the index's start, not sorted from
        every open case (new registrations share a deadline, and sorting them all took milliseconds per read)."""
        return (
            f"CREATE INDEX IF NOT EXISTS {q(f'rm_casus_v{self.versie}_werkvoorraad')} ON {self.casus} "
            "(volgende_deadline NULLS LAST, aangemeld_op, casus_id) WHERE fase <> 'afgesloten'"
        )

    def ddl_indexen(self) -> list[str]:
        return [
            self._index_werkvoorraad(),
            f"CREATE UNIQUE INDEX IF NOT EXISTS {q(f'rm_tijdlijn_v{self.versie}_pk')} "
            f"ON {self.tijdlijn} (casus_id, versie)",
            f"CREATE INDEX IF NOT EXISTS {q(f'rm_tijdlijn_v{self.versie}_type_op')} ON {self.tijdlijn} (type, op)",
            f"CREATE INDEX IF NOT EXISTS {q(f'rm_knelpunt_v{self.versie}_op')} ON {self.knelpunt} (op)",
            self._index_leerpunt(),
        ]

    def drop(self) -> list[str]:
        tabellen = (self.casus, self.tijdlijn, self.knelpunt, self.leerpunt, self.overleg, self.agendapunt)
        return [f"DROP TABLE IF EXISTS {t}" for t in tabellen]


def projecties_tabel(schema: str) -> str:
    """The tracking rows of every follower of the schema's events: read models, inbox and relays
    (`projections.volgpositie`)."""
    return f"{q(schema)}.projecties"


def events_tabel(schema: str) -> str:
    return f"{q(schema)}.{q(EVENTS_TABLE)}"
