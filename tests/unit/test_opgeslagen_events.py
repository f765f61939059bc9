"""Events stored by earlier releases load, replay and project as they did in the release that stored them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.opgeslagen.verwachting import verwachting

MAP = Path(__file__).parents[1] / "fixtures" / "opgeslagen"
FIXTURES = sorted(MAP.glob("*.jsonl"))


def verschillen(verwacht: Any, werkelijk: Any, pad: str = "") -> list[str]:
    """Where `werkelijk` differs from `verwacht`; keys a later release added are not differences."""
    if isinstance(verwacht, dict) and isinstance(werkelijk, dict):
        return [
            fout
            for sleutel, waarde in verwacht.items()
            for fout in (
                verschillen(waarde, werkelijk[sleutel], f"{pad}.{sleutel}")
                if sleutel in werkelijk
                else [f"{pad}.{sleutel}: missing"]
            )
        ]
    if isinstance(verwacht, list) and isinstance(werkelijk, list) and len(verwacht) == len(werkelijk):
        return [
            fout
            for i, (v, w) in enumerate(zip(verwacht, werkelijk, strict=True))
            for fout in verschillen(v, w, f"{pad}[{i}]")
        ]
    return [] if verwacht == werkelijk else [f"{pad}: {verwacht!r} became {werkelijk!r}"]


def test_er_is_een_fixture_van_elke_release() -> None:
    assert FIXTURES, f"no stored events in {MAP}"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_opgeslagen_events_laden_en_projecteren_als_toen(fixture: Path) -> None:
    verwacht = json.loads(fixture.with_suffix(".verwacht.json").read_text())
    assert verschillen(verwacht, verwachting(fixture)) == []


def test_de_vergelijking_ziet_een_gewijzigde_waarde() -> None:
    assert verschillen({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}], "nieuw": 1}) == [".a[1].b: 2 became 3"]
    assert verschillen({"a": 1}, {}) == [".a: missing"]
    assert verschillen({"a": [1, 2]}, {"a": [1]}) == [".a: [1, 2] became [1]"]
