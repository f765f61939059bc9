"""schemathesis against the running API: every operation, as a region's triagist, the kernteam, an auditor (with
a purpose) and the region's privacy officer.

The triagist's run goes through all of schemathesis' phases (the schema's examples, boundary coverage,
fuzzing; valid and invalid input); the other roles' runs skip the coverage phase, which is the
same for every role and takes most of the time. Half of the calls get a real region, network and case in
their path, so the fuzzer reaches past the 404s. `DOORBRAAK_SCHEMATHESIS_VOORBEELDEN` sets the fuzzed
examples per operation (default 20, to keep the suite short); for a long local run, 300 or more and
`DOORBRAAK_SCHEMATHESIS_ALLE_FASEN=1` (every role through every phase).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis.engine import Status, events

from adapters.bootstrap import Container
from adapters.http import voorbeelden
from domain.netwerkcasus import Netwerkcasus
from domain.waarden import Herkomst, Intakevragen, Opschaling
from tests.conftest import Klok
from tests.e2e.conftest import Koppen
from tests.unit.conftest import aanmelding, triage

REGIO, BEN = "hart-van-brabant", "ben-brabant-zeeland"
VOORBEELDEN = int(os.environ.get("DOORBRAAK_SCHEMATHESIS_VOORBEELDEN", "20"))
ALLE_FASEN = os.environ.get("DOORBRAAK_SCHEMATHESIS_ALLE_FASEN") == "1"
CONTROLES = ("not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance")
HERKOMST = Herkomst(actor="zaaier", rol="triagist")


@pytest.fixture
def container(maak_container: Callable[..., Container]) -> Container:
    """A read that waits for a position the store never reaches waits 50 ms, not 5 s."""
    return maak_container(leeswachttijd=0.05)


@dataclass
class Echt:
    """Existing cases to put in generated paths."""

    regio: list[str] = field(default_factory=list)
    netwerk: list[str] = field(default_factory=list)


def zaai(container: Container, klok: Klok, client: httpx.Client, koppen: Koppen) -> Echt:
    """A few regional cases in different phases, and a network case received from an escalation."""
    echt = Echt()
    klok.datum = date(2026, 11, 20)
    for _ in range(3):
        antwoord = client.post(f"/regios/{REGIO}/casussen", json=voorbeelden.AANMELDING, headers=koppen())
        assert antwoord.status_code == 201, antwoord.text
        echt.regio.append(antwoord.json()["id"])
    triage_ = client.post(f"/regios/{REGIO}/casussen/{echt.regio[0]}/triage", json=voorbeelden.TRIAGE, headers=koppen())
    assert triage_.status_code == 200, triage_.text
    dienst = container.regio(REGIO)
    casus_id = dienst.meld_aan(aanmelding(), None, HERKOMST).casus.id
    dienst.trieer(casus_id, triage(), HERKOMST)
    intake = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "Zie dossier."))
    opschaling = Opschaling(niveau="bovenregionaal", reden="Vastgelopen.", intakevragen=intake)
    opgeschaald = dienst.schaal_op(casus_id, opschaling, HERKOMST).casus
    echt.regio.append(str(casus_id))
    escalatie = opgeschaald.escalatie(opgeschaald.opschalingen[0][0], versie=3, op=klok(), netwerk=BEN)
    netwerkcasus = Netwerkcasus.ontvang(escalatie, op=klok(), herkomst=Herkomst(actor="ontvanger", rol="systeem"))
    container.netwerk_stores[BEN].bewaar(netwerkcasus)
    echt.netwerk.append(str(netwerkcasus.id))
    return echt


@pytest.fixture
def echte_paden(container: Container, klok: Klok, client: httpx.Client, koppen: Koppen) -> Iterator[Echt]:
    """Before every call, with even odds, the path's region, network and case are real ones."""
    echt = zaai(container, klok, client, koppen)
    toeval = random.Random(2026)

    def before_call(context: schemathesis.HookContext, case: schemathesis.Case, kwargs: dict[str, Any]) -> None:
        pad = case.path_parameters
        if not pad or toeval.random() < 0.5:
            return
        if "regio" in pad:
            pad["regio"] = REGIO
        if "netwerk" in pad:
            pad["netwerk"] = BEN
        if "casus_id" in pad:
            pad["casus_id"] = toeval.choice(echt.netwerk if "netwerk" in pad else echt.regio)

    schemathesis.hook(before_call)
    try:
        yield echt
    finally:
        schemathesis.hooks.unregister(before_call)


@dataclass
class Uitslag:
    gevallen: int = 0
    fouten: list[str] = field(default_factory=list)


def draai(client: httpx.Client, koppen: dict[str, str], *, dekking: bool) -> Uitslag:
    """One schemathesis run over every operation with these headers; with `dekking`, the coverage phase too."""
    config = schemathesis.Config.from_dict(
        {
            "base-url": str(client.base_url),
            "headers": koppen,
            "request-timeout": 30,
            "generation": {"mode": "all", "max-examples": VOORBEELDEN, "deterministic": True},
            "checks": {"enabled": False, **{naam: {"enabled": True} for naam in CONTROLES}},
            "phases": {"coverage": {"enabled": dekking}, "stateful": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_dict(client.get("/openapi.json").json(), config=config)
    uitslag = Uitslag()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            uitslag.gevallen += len(event.recorder.cases)
            for case_id, controles in event.recorder.checks.items():
                case = event.recorder.cases[case_id].value
                for controle in controles:
                    if controle.status is not Status.SUCCESS and controle.failure_info is not None:
                        fout = controle.failure_info.failure
                        uitslag.fouten.append(f"{case.operation.label} {controle.name}: {fout.title} {fout.message}")
        elif isinstance(event, events.NonFatalError | events.FatalError):
            uitslag.fouten.append(f"error: {getattr(event, 'label', '')} {event}")
    return uitslag


def test_schemathesis_vindt_geen_fouten(
    client: httpx.Client, koppen: Koppen, echte_paden: Echt, capsys: pytest.CaptureFixture[str]
) -> None:
    rollen = {
        "triagist": koppen("triagist", REGIO),
        "kernteam": koppen("kernteam", naam="kernteam-lid", netwerken=(BEN,)),
        "auditor": koppen("auditor", naam="auditor"),
        "privacy": koppen("privacy", REGIO, naam="privacy"),
    }
    uitslagen = {rol: draai(client, kop, dekking=ALLE_FASEN or rol == "triagist") for rol, kop in rollen.items()}
    with capsys.disabled():
        for rol, uitslag in uitslagen.items():
            print(f"\nschemathesis {rol}: {uitslag.gevallen} cases, {len(uitslag.fouten)} failures")
    fouten = sorted({f"{rol}: {fout}" for rol, uitslag in uitslagen.items() for fout in uitslag.fouten})
    assert not fouten, "\n".join(fouten[:40])
    assert all(uitslag.gevallen > 100 for uitslag in uitslagen.values())
