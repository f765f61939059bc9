"""The access log's rules: an auditor's purpose, what is recorded, which query parameters, the filter."""

from __future__ import annotations

from datetime import date

import pytest

from domain.inzagelog import (
    MAX_DOEL,
    MAX_PARAMETERWAARDE,
    DoelOntbreekt,
    Inzagelogfilter,
    OngeldigFilter,
    Toegangssoort,
    bewaarde_parameters,
    controleer_doel,
    moet_vastgelegd,
)
from domain.rollen import Handeling, Rol, mag, ziet_alle_regios


@pytest.mark.parametrize("doel", [None, "", "   ", "\t"])
def test_een_auditor_zonder_doel_wordt_geweigerd(doel: str | None) -> None:
    with pytest.raises(DoelOntbreekt, match="X-Doorbraak-Doel"):
        controleer_doel(Rol.AUDITOR, doel)


def test_het_doel_wordt_bijgesneden_en_begrensd() -> None:
    assert controleer_doel(Rol.AUDITOR, "  Steekproef 2026 ") == "Steekproef 2026"
    assert controleer_doel(Rol.AUDITOR, "x" * MAX_DOEL) == "x" * MAX_DOEL
    with pytest.raises(DoelOntbreekt, match=f"at most {MAX_DOEL}"):
        controleer_doel(Rol.AUDITOR, "x" * (MAX_DOEL + 1))


@pytest.mark.parametrize("teken", ["\x00", "\x1b", "\x7f", "\ud800", "\ufdd0", "\u202e", "\u2066"])
def test_een_doel_is_gewone_tekst(teken: str) -> None:
    with pytest.raises(DoelOntbreekt, match="plain text"):
        controleer_doel(Rol.AUDITOR, f"controle{teken}dossier")
    with pytest.raises(DoelOntbreekt, match="plain text"):
        controleer_doel(Rol.TRIAGIST, f"controle{teken}dossier")


@pytest.mark.parametrize("doel", ["\u200b", "\u200b\u200d", "...", "\u00ad-"])
def test_een_doel_zegt_iets(doel: str) -> None:
    """Only invisible or punctuation characters are no purpose: the log must show why."""
    with pytest.raises(DoelOntbreekt, match="letter or digit"):
        controleer_doel(Rol.AUDITOR, doel)
    assert controleer_doel(Rol.AUDITOR, "Steekproef \u2013 2026") == "Steekproef \u2013 2026"


def test_andere_rollen_mogen_een_doel_geven_maar_hoeven_niet() -> None:
    assert controleer_doel(Rol.TRIAGIST, None) is None
    assert controleer_doel(Rol.PRIVACY, "  ") is None
    assert controleer_doel(Rol.PRIVACY, "verzoek moeder, 12 mei") == "verzoek moeder, 12 mei"


@pytest.mark.parametrize("status", [200, 204, 403, 404, 409, 422, 503])
def test_elk_verzoek_van_een_auditor_wordt_vastgelegd(status: int) -> None:
    assert moet_vastgelegd(Rol.AUDITOR, None, status)
    assert moet_vastgelegd(Rol.AUDITOR, Toegangssoort.LEZEN, status)


@pytest.mark.parametrize(
    ("rol", "soort", "status", "verwacht"),
    [
        (Rol.TRIAGIST, Toegangssoort.LEZEN, 200, True),
        (Rol.EXPERT, Toegangssoort.LEZEN, 200, True),
        (Rol.KERNTEAM, Toegangssoort.LEZEN, 200, True),
        (Rol.PRIVACY, Toegangssoort.EXPORT, 200, True),
        (Rol.PRIVACY, Toegangssoort.INZAGELOG, 200, True),
        (Rol.TRIAGIST, None, 200, False),
        (Rol.TRIAGIST, Toegangssoort.LEZEN, 404, False),
        (Rol.TRIAGIST, Toegangssoort.LEZEN, 199, False),
        (Rol.TRIAGIST, Toegangssoort.LEZEN, 300, False),
        (Rol.PRIVACY, Toegangssoort.EXPORT, 403, False),
    ],
)
def test_andere_rollen_alleen_bij_een_beantwoorde_lezing(
    rol: Rol, soort: Toegangssoort | None, status: int, verwacht: bool
) -> None:
    assert moet_vastgelegd(rol, soort, status) is verwacht


def test_alleen_parameters_die_zeggen_wat_er_gelezen_werd() -> None:
    query = [("op", "2026-11-20"), ("versie", "3"), ("wie", "J. de Vries"), ("casusregisseur", "Piet"), ("x", "1")]
    assert bewaarde_parameters(query) == {"op": "2026-11-20", "versie": "3"}
    assert bewaarde_parameters([("periode", "2" * 500)]) == {"periode": "2" * MAX_PARAMETERWAARDE}


def test_een_nul_in_een_parameter_wordt_bewaard_als_vervangingsteken() -> None:
    assert bewaarde_parameters([("fase", "a\x00b"), ("x", "\x00")]) == {"fase": "a\ufffdb"}


def test_het_filter_van_het_log() -> None:
    assert Inzagelogfilter(van=date(2026, 11, 20), tot=date(2026, 11, 20)).per_pagina == 100
    with pytest.raises(OngeldigFilter, match="tot lies before van"):
        Inzagelogfilter(van=date(2026, 11, 20), tot=date(2026, 11, 19))
    with pytest.raises(OngeldigFilter, match="per_pagina"):
        Inzagelogfilter(per_pagina=0)
    with pytest.raises(OngeldigFilter, match="per_pagina"):
        Inzagelogfilter(per_pagina=501)
    with pytest.raises(OngeldigFilter, match="position"):
        Inzagelogfilter(na=-1)


def test_wie_het_log_leest_en_inzage_geeft() -> None:
    assert [r for r in Rol if mag(r, Handeling.INZAGELOG_LEZEN)] == [Rol.AUDITOR, Rol.PRIVACY]
    assert [r for r in Rol if mag(r, Handeling.INZAGE_GEVEN)] == [Rol.PRIVACY]
    assert not ziet_alle_regios(Rol.PRIVACY)
