"""The access log's table and the rows the application writes into it agree on their columns."""

from __future__ import annotations

from dataclasses import fields

from adapters.inzagelog_tabel import INVOER_TYPEN, RECORDSET, ddl
from domain.inzagelog import Toegang


def test_elk_veld_van_een_toegang_is_een_geschreven_kolom_en_omgekeerd() -> None:
    """A field the table lacks would be dropped without a word by `jsonb_to_recordset`."""
    assert {veld.name for veld in fields(Toegang)} == set(INVOER_TYPEN)


def test_de_tabel_en_de_recordset_geven_elke_kolom_hetzelfde_type() -> None:
    tabel = ddl("s")[0]
    for kolom, type_ in INVOER_TYPEN.items():
        assert f" {kolom} {type_}" in tabel
        assert f"{kolom} {type_}" in RECORDSET


def test_alleen_casus_en_doel_mogen_ontbreken() -> None:
    tabel = ddl("s")[0]
    for kolom, type_ in INVOER_TYPEN.items():
        verplicht = f" {kolom} {type_} NOT NULL" in tabel
        assert verplicht == (kolom not in {"casus_id", "doel"}), kolom
