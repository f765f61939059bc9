"""The agenda through HTTP: the meetings and the waiting cases, an extra meeting, an evaluation's slot, the
evaluation limit, warnings, and every error of the new endpoints."""

from __future__ import annotations

import copy
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
from httpx import Client, Response

from adapters import bootstrap
from adapters.bootstrap import Container
from adapters.demo import vul
from adapters.http import voorbeelden
from domain.overlegmoment import Overlegmoment
from domain.regioprofiel import Overlegsoort
from tests.conftest import Klok
from tests.e2e.conftest import Koppen
from tests.e2e.test_casus_api import probleem
from tests.integration.test_agenda import Poort

HVB = "/regios/hart-van-brabant"
LIMBURG = "/regios/noord-limburg"
DINSDAG = date(2026, 12, 1)
OVERLEG_1, OVERLEG_2, OVERLEG_3 = date(2026, 12, 10), date(2026, 12, 24), date(2027, 1, 7)
"""Meetings of Hart van Brabant's cadence (every other Thursday from 2026-01-08)."""


@pytest.fixture
def container(maak_container: Callable[..., Container]) -> Container:
    return maak_container(regios=["hart-van-brabant", "zeeland", "noord-limburg"])


class Team:
    """A region's team at work through the API, on the days the test sets."""

    def __init__(self, client: Client, koppen: Koppen, klok: Klok, regio: str = "hart-van-brabant") -> None:
        self.client, self.koppen, self.klok, self.regio = client, koppen, klok, regio
        self.basis = f"/regios/{regio}"
        self.positie = 0

    def post(self, pad: str, body: dict[str, Any], rol: str = "secretaris", **koppen: str) -> Response:
        antwoord = self.client.post(f"{self.basis}{pad}", json=body, headers=self.koppen(rol, self.regio, **koppen))
        if "X-Doorbraak-Positie" in antwoord.headers:
            self.positie = int(antwoord.headers["X-Doorbraak-Positie"])
        return antwoord

    def ok(self, pad: str, body: dict[str, Any], rol: str = "secretaris", **koppen: str) -> dict[str, Any]:
        antwoord = self.post(pad, body, rol, **koppen)
        assert antwoord.status_code in (200, 201), antwoord.text
        resultaat: dict[str, Any] = antwoord.json()
        return resultaat

    def casus(self, gemeente: str = "Tilburg") -> str:
        body = copy.deepcopy(voorbeelden.AANMELDING)
        body["aanmelding"]["woonplaatsgemeente"] = gemeente
        casus_id = str(self.ok("/casussen", body, "aanmelder")["id"])
        self.ok(f"/casussen/{casus_id}/triage", voorbeelden.TRIAGE, "triagist")
        return casus_id

    def plan(self, casus_id: str, datum: date, koppen: dict[str, str] | None = None, **velden: Any) -> Response:
        body = {**voorbeelden.OVERLEG, "datum": datum.isoformat(), **velden}
        return self.post(f"/casussen/{casus_id}/overleg", body, **(koppen or {}))

    def advies(self, casus_id: str, op: date) -> None:
        self.klok.datum = op
        self.ok(f"/casussen/{casus_id}/advies", {**voorbeelden.ADVIES, "evaluatiedatum": "2027-03-01"}, "triagist")

    def evaluatiemoment(self, casus_id: str, datum: date, **velden: Any) -> Response:
        return self.post(f"/casussen/{casus_id}/evaluatiemoment", {"datum": datum.isoformat(), **velden})

    def agenda(self, **query: Any) -> dict[str, Any]:
        antwoord = self.client.get(
            f"{self.basis}/agenda",
            params={"na_positie": self.positie, **query},
            headers=self.koppen("expert", self.regio),
        )
        assert antwoord.status_code == 200, antwoord.text
        assert antwoord.headers["X-Doorbraak-Actueel"] == "true"
        resultaat: dict[str, Any] = antwoord.json()
        return resultaat


@pytest.fixture
def team(client: Client, koppen: Koppen, klok: Klok) -> Team:
    klok.datum = DINSDAG
    return Team(client, koppen, klok)


def overleg_op(agenda: dict[str, Any], datum: date, soort: str = "expertteam") -> dict[str, Any]:
    [overleg] = [o for o in agenda["overleggen"] if o["datum"] == datum.isoformat() and o["soort"] == soort]
    return overleg


def test_van_wachtend_naar_een_overleg_van_het_ritme(team: Team) -> None:
    casus_id = team.casus()
    agenda = team.agenda()
    assert (agenda["regio"], agenda["van"], agenda["tot"], agenda["max_evaluaties"]) == (
        "hart-van-brabant",
        "2026-12-01",
        "2027-03-02",
        2,
    )
    assert [o["datum"] for o in agenda["overleggen"]][:3] == [d.isoformat() for d in (OVERLEG_1, OVERLEG_2, OVERLEG_3)]
    assert not overleg_op(agenda, OVERLEG_1)["vastgelegd"]
    [wachtend] = agenda["wachtend"]
    assert (wachtend["casus_id"], wachtend["wacht_op"], wachtend["norm"], wachtend["uiterlijk"]) == (
        casus_id,
        "nieuw",
        "overleg",
        "2026-12-15",
    )
    assert wachtend["voorstel"] == {
        "overleg_id": str(Overlegmoment.id_van("hart-van-brabant", OVERLEG_1, Overlegsoort.EXPERTTEAM)),
        "datum": "2026-12-10",
        "soort": "expertteam",
    }
    assert not wachtend["achterstallig"] and wachtend["reden"] is None

    antwoord = team.plan(casus_id, OVERLEG_1)
    assert antwoord.status_code == 200, antwoord.text
    assert antwoord.json()["waarschuwingen"] == [] and antwoord.json()["overleggen"][-1]["soort"] == "expertteam"
    agenda = team.agenda(van="2026-12-10", tot="2026-12-10")
    [overleg] = agenda["overleggen"]
    assert (overleg["vastgelegd"], overleg["extra"], overleg["duur_minuten"], overleg["nieuwe_casussen"]) == (
        True,
        False,
        120,
        1,
    )
    [punt] = overleg["casussen"]
    assert (punt["casus_id"], punt["soort"], punt["fase"], punt["werkstroom"], punt["urgentie"]) == (
        casus_id,
        "nieuw",
        "overleg-gepland",
        "B",
        "hoog",
    )
    assert overleg["uit_te_nodigen_expertise"] == ["GGZ jeugd", "onderwijsconsulent", "LVB-expertise"]
    assert overleg["evaluaties"] == {"aantal": 0, "ruimte": 2, "casussen": []}
    assert agenda["wachtend"] == []


def test_een_plan_na_de_norm_geeft_een_waarschuwing_geen_weigering(team: Team) -> None:
    casus_id = team.casus()
    sleutel = {"Idempotency-Key": "plan-na-de-norm"}
    antwoord = team.plan(casus_id, OVERLEG_2, sleutel)
    assert antwoord.status_code == 200
    [waarschuwing] = antwoord.json()["waarschuwingen"]
    assert {k: waarschuwing[k] for k in ("code", "norm", "deadline", "datum")} == {
        "code": "overleg-na-norm",
        "norm": "overleg",
        "deadline": "2026-12-15",
        "datum": "2026-12-24",
    }
    team.klok.datum = date(2026, 12, 28)
    herhaald = team.plan(casus_id, OVERLEG_2, sleutel)
    assert herhaald.headers["Idempotent-Replayed"] == "true" and herhaald.json() == antwoord.json()


def test_een_wachtende_casus_die_het_volgende_overleg_niet_haalt_is_achterstallig(team: Team) -> None:
    team.klok.datum = date(2026, 11, 20)
    casus_id = team.casus()
    team.klok.datum = DINSDAG
    [wachtend] = team.agenda()["wachtend"]
    assert (wachtend["casus_id"], wachtend["uiterlijk"], wachtend["achterstallig"], wachtend["reden"]) == (
        casus_id,
        "2026-12-04",
        True,
        "volgend-overleg-na-norm",
    )
    team.klok.datum = date(2026, 12, 5)
    assert team.agenda()["wachtend"][0]["reden"] == "norm-verstreken"


def test_evaluaties_op_het_overleg_en_de_derde_geweigerd(team: Team) -> None:
    casussen = [team.casus() for _ in range(3)]
    for casus_id in casussen:
        assert team.plan(casus_id, OVERLEG_1).status_code == 200
        team.advies(casus_id, OVERLEG_1)
    agenda = team.agenda()
    assert [w["wacht_op"] for w in agenda["wachtend"]] == ["evaluatie"] * 3
    assert [w["voorstel"]["datum"] for w in agenda["wachtend"]] == ["2026-12-24", "2026-12-24", "2027-01-07"]
    assert [w["uiterlijk"] for w in agenda["wachtend"]] == ["2027-03-10"] * 3

    for casus_id in casussen[:2]:
        antwoord = team.evaluatiemoment(casus_id, OVERLEG_3, terugkoppeling_op_papier=True)
        assert antwoord.status_code == 200, antwoord.text
        assert antwoord.json()["waarschuwingen"] == []
    casus = team.client.get(f"{HVB}/casussen/{casussen[0]}", headers=team.koppen()).json()
    assert casus["evaluatiemoment"] == {"datum": "2027-01-07", "soort": "expertteam", "terugkoppeling_op_papier": True}
    assert casus["evaluatie_overleg_id"] == overleg_op(team.agenda(), OVERLEG_3)["overleg_id"]
    assert casus["overleg_id"] == overleg_op(team.agenda(van="2026-12-10"), OVERLEG_1)["overleg_id"]
    fout = probleem(team.evaluatiemoment(casussen[2], OVERLEG_3), 409)
    assert fout["regel"] == "te-veel-evaluaties" and "already holds 2 evaluation(s)" in fout["detail"]
    overleg = overleg_op(team.agenda(), OVERLEG_3)
    assert overleg["evaluaties"] == {"aantal": 2, "ruimte": 0, "casussen": casussen[:2]}
    assert [p["soort"] for p in overleg["casussen"]] == ["evaluatie", "evaluatie"]

    later = team.evaluatiemoment(casussen[2], date(2027, 3, 18))
    assert later.status_code == 200, later.text
    [waarschuwing] = later.json()["waarschuwingen"]
    assert (waarschuwing["code"], waarschuwing["deadline"]) == ("evaluatie-na-norm", "2027-03-10")

    team.ok(f"/casussen/{casussen[0]}/afsluiting", voorbeelden.AFSLUITING, "casusregisseur")
    assert overleg_op(team.agenda(), OVERLEG_3)["evaluaties"]["casussen"] == [casussen[1]]
    assert team.evaluatiemoment(casussen[2], OVERLEG_3).status_code == 200


def test_een_extra_overleg(team: Team) -> None:
    sleutel = {"Idempotency-Key": "doorbraaktafel-1"}
    antwoord = team.post("/overleggen", voorbeelden.NIEUW_OVERLEG, "triagist", **sleutel)
    assert antwoord.status_code == 201, antwoord.text
    overleg = antwoord.json()
    assert (overleg["datum"], overleg["soort"], overleg["extra"], overleg["versie"]) == (
        "2026-12-08",
        "doorbraaktafel",
        True,
        1,
    )
    assert overleg["positie"] == int(antwoord.headers["X-Doorbraak-Positie"])
    assert antwoord.headers["Location"] == f"{HVB}/agenda?van=2026-12-08&tot=2026-12-08"
    herhaald = team.post("/overleggen", voorbeelden.NIEUW_OVERLEG, "triagist", **sleutel)
    assert herhaald.status_code == 201 and herhaald.headers["Idempotent-Replayed"] == "true"
    assert herhaald.json() == overleg
    assert (
        probleem(team.post("/overleggen", {**voorbeelden.NIEUW_OVERLEG, "duur_minuten": 60}, **sleutel), 422)["veld"]
        == "Idempotency-Key"
    )

    fout = probleem(team.post("/overleggen", voorbeelden.NIEUW_OVERLEG), 409)
    assert (fout["regel"], fout["veld"]) == ("overleg-bestaat-al", "datum")
    cadans = probleem(team.post("/overleggen", {"datum": "2026-12-10", "soort": "expertteam"}), 409)
    assert cadans["regel"] == "overleg-bestaat-al" and "its cadence" in cadans["detail"]

    [getoond] = team.agenda(van="2026-12-08", tot="2026-12-08")["overleggen"]
    assert (getoond["overleg_id"], getoond["extra"], getoond["locatie"], getoond["toelichting"]) == (
        overleg["overleg_id"],
        True,
        "Stadskantoor, zaal 2",
        voorbeelden.NIEUW_OVERLEG["toelichting"],
    )


def test_de_werkstroom_kiest_tussen_twee_overleggen_op_een_dag(team: Team) -> None:
    team.ok("/overleggen", {"datum": OVERLEG_1.isoformat(), "soort": "doorbraaktafel"})
    casus_id = team.casus()
    assert team.plan(casus_id, OVERLEG_1).json()["overleggen"][-1]["soort"] == "expertteam"
    assert team.plan(casus_id, OVERLEG_1, soort="doorbraaktafel").json()["overleggen"][-1]["soort"] == "doorbraaktafel"
    agenda = team.agenda(van=OVERLEG_1.isoformat(), tot=OVERLEG_1.isoformat())
    assert [(o["soort"], len(o["casussen"])) for o in agenda["overleggen"]] == [
        ("doorbraaktafel", 1),
        ("expertteam", 0),  # moved: that meeting has not taken place yet
    ]


def test_op_afroep_belegt_het_plan_zijn_overleg(team: Team) -> None:
    casus_id = team.casus()
    assert team.plan(casus_id, date(2026, 12, 3)).status_code == 200
    [overleg] = team.agenda(van="2026-12-03", tot="2026-12-03")["overleggen"]
    assert (overleg["extra"], overleg["vastgelegd"], overleg["casussen"][0]["casus_id"]) == (True, True, casus_id)


def test_vaste_data_weigeren_een_plan_zonder_overleg(client: Client, koppen: Koppen, klok: Klok) -> None:
    klok.datum = DINSDAG
    limburg = Team(client, koppen, klok, "noord-limburg")
    casus_id = limburg.casus("Venlo")
    fout = probleem(limburg.plan(casus_id, date(2026, 12, 10)), 409)
    assert (fout["regel"], fout["veld"]) == ("geen-overleg-op-datum", "datum")
    assert "next: 2026-12-15 expertteam, 2027-01-26 expertteam" in fout["detail"]
    antwoord = limburg.plan(casus_id, date(2026, 12, 15))
    assert antwoord.status_code == 200
    agenda = limburg.agenda()
    assert [o["datum"] for o in agenda["overleggen"]] == ["2026-12-15", "2027-01-26"]
    assert agenda["overleggen"][0]["casussen"][0]["casus_id"] == casus_id


def test_twee_plannen_om_de_laatste_evaluatieplek_een_krijgt_409(team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    casussen = [team.casus() for _ in range(3)]
    for casus_id in casussen:
        team.plan(casus_id, OVERLEG_1)
        team.advies(casus_id, OVERLEG_1)
    assert team.evaluatiemoment(casussen[0], OVERLEG_3).status_code == 200
    Poort(Overlegmoment.id_van("hart-van-brabant", OVERLEG_3, Overlegsoort.EXPERTTEAM)).installeer(monkeypatch)
    with ThreadPoolExecutor(2) as pool:
        antwoorden = list(pool.map(lambda c: team.evaluatiemoment(c, OVERLEG_3), casussen[1:]))
    assert sorted(a.status_code for a in antwoorden) == [200, 409]
    conflict = next(a for a in antwoorden if a.status_code == 409)
    assert probleem(conflict, 409)["regel"] == "gelijktijdige-wijziging"
    monkeypatch.undo()
    verliezer = casussen[1 + [a.status_code for a in antwoorden].index(409)]
    assert probleem(team.evaluatiemoment(verliezer, OVERLEG_3), 409)["regel"] == "te-veel-evaluaties"


# --- errors --------------------------------------------------------------------------------------------


def test_evaluatiemoment_zonder_advies_409(team: Team) -> None:
    casus_id = team.casus()
    assert probleem(team.evaluatiemoment(casus_id, OVERLEG_3), 409)["regel"] == "evaluatie-zonder-advies"


@pytest.mark.parametrize(
    ("pad", "body", "veld"),
    [
        ("/overleggen", {"datum": "2026-12-08", "soort": "borrel"}, "body.soort"),
        ("/overleggen", {"soort": "doorbraaktafel"}, "body.datum"),
        ("/overleggen", {"datum": "2026-12-08", "soort": "doorbraaktafel", "duur_minuten": 5}, "body.duur_minuten"),
        ("/overleggen", {"datum": "2026-12-08", "soort": "doorbraaktafel", "extra": True}, "body.extra"),
        ("/overleggen", {"datum": "2026-12-08", "soort": "doorbraaktafel", "op": "1800-01-01"}, "body.op"),
        ("/casussen/{id}/evaluatiemoment", {"datum": "2026-13-01"}, "body.datum"),
        ("/casussen/{id}/evaluatiemoment", {"datum": "2027-01-07", "soort": "x"}, "body.soort"),
        ("/casussen/{id}/overleg", {**voorbeelden.OVERLEG, "soort": "x"}, "body.soort"),
    ],
)
def test_ongeldige_invoer_noemt_het_veld(team: Team, pad: str, body: dict[str, Any], veld: str) -> None:
    casus_id = team.casus()
    fout = probleem(team.post(pad.replace("{id}", casus_id), body), 422)
    assert fout["fouten"][0]["veld"] == veld


@pytest.mark.parametrize(
    ("query", "veld"),
    [
        ({"van": "2027-01-01", "tot": "2026-12-01"}, "query.tot"),
        ({"van": "2026-01-01", "tot": "2027-01-03"}, "query.tot"),
        ({"van": "morgen"}, "query.van"),
        ({"tot": "2200-01-01"}, "query.tot"),
    ],
)
def test_ongeldige_periode_422(team: Team, query: dict[str, str], veld: str) -> None:
    fout = probleem(team.client.get(f"{HVB}/agenda", params=query, headers=team.koppen()), 422)
    assert fout.get("veld") == veld or fout["fouten"][0]["veld"] == veld


def test_onbekend_of_niet_zichtbaar_404(team: Team) -> None:
    koppen = team.koppen()
    assert probleem(team.client.get("/regios/nergens/agenda", headers=koppen), 404)
    assert probleem(team.client.post("/regios/nergens/overleggen", json=voorbeelden.NIEUW_OVERLEG, headers=koppen), 404)
    assert probleem(team.client.get("/regios/zeeland/agenda", headers=koppen), 404)
    onbekend = "00000000-0000-0000-0000-000000000000"
    assert probleem(team.evaluatiemoment(onbekend, OVERLEG_3), 404)
    assert probleem(team.evaluatiemoment("geen-uuid", OVERLEG_3), 404)
    team.ok("/overleggen", voorbeelden.NIEUW_OVERLEG)
    overleg = str(Overlegmoment.id_van("hart-van-brabant", date(2026, 12, 8), Overlegsoort.DOORBRAAKTAFEL))
    assert probleem(team.client.get(f"{HVB}/casussen/{overleg}", headers=koppen), 404)
    assert probleem(team.client.get(f"{HVB}/casussen/{overleg}/historie", headers=koppen), 404)
    assert probleem(team.evaluatiemoment(overleg, OVERLEG_3), 404)


def test_rollen(team: Team) -> None:
    casus_id = team.casus()
    assert probleem(team.post("/overleggen", voorbeelden.NIEUW_OVERLEG, "aanmelder"), 403)
    regisseur = team.post(f"/casussen/{casus_id}/evaluatiemoment", voorbeelden.EVALUATIEMOMENT, "casusregisseur")
    assert probleem(regisseur, 403)
    assert team.client.get(f"{HVB}/agenda", headers=team.koppen("auditor", "zeeland")).status_code == 200
    assert team.client.get(f"{HVB}/agenda").status_code == 401
    assert team.ok("/overleggen", voorbeelden.NIEUW_OVERLEG, "triagist")["extra"]


def test_de_demo_vult_de_agenda(client: Client, koppen: Koppen, klok: Klok, container: Container) -> None:
    klok.datum = bootstrap.klok(container.settings.tijdzone)()
    samenvatting = vul(str(client.base_url), container.settings, aantal=40, seed=7)
    assert "'ingepland'" in str(samenvatting) and "'evaluatie-gepland'" in str(samenvatting)
    limburg = client.get(f"{LIMBURG}/agenda", headers=koppen("expert", "noord-limburg")).json()
    assert all(not o["extra"] or o["datum"] == klok().isoformat() for o in limburg["overleggen"])
    tafel = klok() + timedelta(days=3)
    agenda = client.get(
        f"{HVB}/agenda", params={"van": tafel.isoformat(), "tot": tafel.isoformat()}, headers=koppen("expert")
    ).json()
    assert [(o["soort"], o["extra"]) for o in agenda["overleggen"] if o["soort"] == "doorbraaktafel"] == [
        ("doorbraaktafel", True)
    ]
    evaluaties = [
        o["evaluaties"]["aantal"]
        for regio in (HVB, LIMBURG)
        for o in client.get(f"{regio}/agenda", headers=koppen("auditor", "zeeland")).json()["overleggen"]
    ]
    assert max(evaluaties) <= 2


def test_een_bedrijfsdatum_op_de_agenda(team: Team) -> None:
    morgen = {"datum": "2026-12-08", "soort": "doorbraaktafel", "op": "2026-12-02"}
    fout = probleem(team.post("/overleggen", morgen), 409)
    assert (fout["regel"], fout["veld"]) == ("datum-in-toekomst", "op")
    assert team.ok("/overleggen", {**morgen, "op": "2026-11-30"})["extra"]
    casus_id = team.casus()
    team.plan(casus_id, OVERLEG_1)
    team.advies(casus_id, OVERLEG_1)
    te_vroeg = team.evaluatiemoment(casus_id, OVERLEG_3, op="2026-12-09")
    assert probleem(te_vroeg, 409)["regel"] == "datum-voor-vorige-stap"
    team.klok.datum = date(2026, 12, 14)
    antwoord = team.evaluatiemoment(casus_id, OVERLEG_3, op="2026-12-11")
    assert antwoord.status_code == 200, antwoord.text
    [event] = [
        e
        for e in team.client.get(f"{HVB}/casussen/{casus_id}/historie", headers=team.koppen()).json()["events"]
        if e["type"] == "EvaluatiemomentGepland"
    ]
    assert event["op"] == "2026-12-11"
