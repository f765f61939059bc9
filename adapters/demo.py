"""Realistic example cases, sent through the running service's API."""

from __future__ import annotations

import copy
import random
import uuid
from datetime import date, timedelta
from typing import Any

import httpx

from adapters.bootstrap import klok
from adapters.http import voorbeelden
from adapters.regio_catalogus import laad_profielen
from adapters.settings import Settings
from adapters.tokens import Gebruiker, maak_token
from domain.regioprofiel import RegioProfiel
from domain.rollen import Rol

VOORNAMEN = ["Sem", "Noah", "Liam", "Emma", "Julia", "Mila", "Daan", "Sara", "Yara", "Finn", "Lotte", "Milan"]
ACHTERNAMEN = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder"]
AANMELDERS = [
    ("toegang", "Gebiedsteam"),
    ("gecertificeerde-instelling", "William Schrikker Stichting"),
    ("veilig-thuis", "Veilig Thuis"),
    ("zorgaanbieder", "Jeugdhulpaanbieder via de gemeente"),
]
CATEGORIEEN = ["zorginhoud", "financiering", "samenwerking"]
BELEMMERINGEN = [
    ("financiering", "De beschikking laat op zich wachten."),
    ("zorginhoud", "De aanbieder heeft geen plek voor deze combinatie van zorg."),
    ("samenwerking", "School en zorgaanbieder stemmen niet af."),
]
LESSEN = [
    "Vroeg de school aan tafel.",
    "Financiering eerst regelen, dan de zorg.",
    "Eén casusregisseur voor het hele gezin werkt.",
]
LEEFGEBIEDEN = ["gezin", "opvoeding", "onderwijs", "wonen", "gezondheid", "psychisch", "verslaving", "veiligheid"]


class Demo:
    def __init__(
        self, client: httpx.Client, settings: Settings, rng: random.Random, gemeenten: dict[str, tuple[str, ...]]
    ) -> None:
        self.client, self.settings, self.rng, self.gemeenten = client, settings, rng, gemeenten
        self.vandaag = klok(settings.tijdzone)()
        self.toekomst: dict[str, list[dict[str, Any]]] = {}
        self.positie: dict[str, int] = {}

    def _kop(self, rol: Rol, regio: str) -> dict[str, str]:
        gebruiker = Gebruiker(naam=f"demo-{rol.value}", rol=rol, regios=(regio,))
        token = maak_token(gebruiker, self.settings.jwt_sleutel.get_secret_value(), self.settings.jwt_issuer)
        return {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}

    def _post(self, pad: str, rol: Rol, regio: str, body: dict[str, Any], *, mag: str | None = None) -> dict[str, Any]:
        """POSTs; a 409 breaking the rule `mag` is an answer too (its problem details)."""
        antwoord = self.client.post(pad, json=body, headers=self._kop(rol, regio))
        if "X-Doorbraak-Positie" in antwoord.headers:
            self.positie[regio] = int(antwoord.headers["X-Doorbraak-Positie"])
        if antwoord.status_code == 409 and mag is not None and antwoord.json().get("regel") == mag:
            probleem: dict[str, Any] = antwoord.json()
            return probleem
        if antwoord.status_code >= 400:
            raise RuntimeError(f"POST {pad}: {antwoord.status_code} {antwoord.text}")
        resultaat: dict[str, Any] = antwoord.json()
        return resultaat

    def overleggen(self, regio: str, van: date, tot: date | None = None) -> list[dict[str, Any]]:
        """The region's meetings from `van` (to `tot`), as its agenda shows them."""
        vraag: dict[str, str | int] = {"van": van.isoformat(), "na_positie": self.positie.get(regio, 0)}
        if tot is not None:
            vraag["tot"] = tot.isoformat()
        antwoord = self.client.get(f"/regios/{regio}/agenda", params=vraag, headers=self._kop(Rol.SECRETARIS, regio))
        antwoord.raise_for_status()
        overleggen: list[dict[str, Any]] = antwoord.json()["overleggen"]
        return overleggen

    def komende_overleggen(self, regio: str) -> list[dict[str, Any]]:
        """The region's meetings after today (read once)."""
        if regio not in self.toekomst:
            self.toekomst[regio] = self.overleggen(regio, self.vandaag + timedelta(days=1))
        return self.toekomst[regio]

    @staticmethod
    def neemt(overleg: dict[str, Any], werkstroom: str) -> bool:
        """Whether the meeting discusses the werkstroom (the doorbraaktafel is werkstroom A's)."""
        return werkstroom == "A" or overleg["soort"] == "expertteam"

    def vergaderdag(self, profiel: RegioProfiel, werkstroom: str, dag: date) -> date | None:
        """The day a case triaged on `dag` was discussed: on call, a few days later (the plan calls the meeting);
        on fixed dates, the first meeting of the agenda from `dag` to today that takes it (None: none yet)."""
        if profiel.overleg_op_afroep:
            return self._later(dag, 10)
        overleggen = self.overleggen(profiel.slug, dag, self.vandaag)
        return next((date.fromisoformat(o["datum"]) for o in overleggen if self.neemt(o, werkstroom)), None)

    def doorbraaktafel(self, profiel: RegioProfiel) -> None:
        """An extra doorbraaktafel in three days, for a region with werkstroom A."""
        if "A" in profiel.werkstromen:
            tafel = {**voorbeelden.NIEUW_OVERLEG, "datum": (self.vandaag + timedelta(days=3)).isoformat()}
            self._post(
                f"/regios/{profiel.slug}/overleggen", Rol.TRIAGIST, profiel.slug, tafel, mag="overleg-bestaat-al"
            )

    def plan_evaluatie(self, regio: str, pad: str) -> bool:
        """The evaluation on the first meeting after today with room for it (at most two a meeting)."""
        for overleg in self.komende_overleggen(regio):
            moment = {"datum": overleg["datum"], "soort": overleg["soort"], "terugkoppeling_op_papier": False}
            antwoord = self._post(f"{pad}/evaluatiemoment", Rol.TRIAGIST, regio, moment, mag="te-veel-evaluaties")
            if "regel" not in antwoord:
                return True
        return False

    def aanmelding(self, gemeente: str, dag: date) -> dict[str, Any]:
        """A registration on `dag`, its business date."""
        body = copy.deepcopy(voorbeelden.AANMELDING)
        leeftijd = self.rng.randint(4, 22)
        rol, organisatie = self.rng.choice(AANMELDERS)
        geboren = dag - timedelta(days=365 * leeftijd + self.rng.randint(30, 330))
        leeftijd = dag.year - geboren.year - ((dag.month, dag.day) < (geboren.month, geboren.day))
        a = body["aanmelding"]
        a.update(
            werkstroom=self.rng.choice(["A", "B", "B"]),
            woonplaatsgemeente=gemeente,
            leeftijd=leeftijd,
            leefgebieden=self.rng.sample(LEEFGEBIEDEN, self.rng.randint(2, 4)),
            urgentie=self.rng.choice(["normaal", "hoog", "hoog", "crisis"]),
            aanmelder={
                "naam": f"{self.rng.choice(VOORNAMEN)} {self.rng.choice(ACHTERNAMEN)}",
                "organisatie": f"{organisatie} {gemeente}",
                "rol": rol,
            },
            toestemming={"gegeven_door": "ouders", "gegeven_op": dag.isoformat()},
            ervaringsdeskundige=self.rng.choice(
                [{"aangeboden": True, "gewenst": True}, {"aangeboden": True, "gewenst": False}, {"aangeboden": False}]
            ),
        )
        if a["werkstroom"] == "A":
            a["plaatsingsdatum"] = (dag - timedelta(days=self.rng.randint(0, 10))).isoformat()
        body["op"] = dag.isoformat()
        naam = f"{self.rng.choice(VOORNAMEN)} {self.rng.choice(ACHTERNAMEN)}"
        body["persoonsgegevens"]["jeugdige"] = {"naam": naam, "geboortedatum": geboren.isoformat()}
        return body

    def _later(self, dag: date, hoogstens: int) -> date:
        """A business date a few days after `dag`, not after today."""
        return min(self.vandaag, dag + timedelta(days=self.rng.randint(0, hoogstens)))

    def casus(self, profiel: RegioProfiel, gemeente: str) -> str:
        regio, werkstromen = profiel.slug, tuple(profiel.werkstromen)
        dag = self.vandaag - timedelta(days=self.rng.randint(0, 30))
        body = self.aanmelding(gemeente, dag)
        if body["aanmelding"]["werkstroom"] not in werkstromen:
            body["aanmelding"]["werkstroom"] = werkstromen[0]
            body["aanmelding"].pop("plaatsingsdatum", None)
        casus = self._post(f"/regios/{regio}/casussen", Rol.AANMELDER, regio, body)
        pad = f"/regios/{regio}/casussen/{casus['id']}"
        gemeenten = [g for g in self.gemeenten.get(regio, ()) if g != gemeente]
        if gemeenten and self.rng.random() < 0.1:
            correctie = {
                "onderdeel": "aanmelding",
                "wijzigingen": {"woonplaatsgemeente": self.rng.choice(gemeenten)},
                "reden": "Woonplaats verkeerd overgenomen uit het verwijsformulier.",
                "op": dag.isoformat(),
            }
            self._post(f"{pad}/correctie", Rol.SECRETARIS, regio, correctie)
        if self.rng.random() < 0.2:
            return "aangemeld"
        triage = copy.deepcopy(voorbeelden.TRIAGE)
        dag = self._later(dag, 7)
        triage["op"] = dag.isoformat()
        if self.rng.random() < 0.15:
            triage.update(
                uitkomst="teruggelegd", reden_teruglegging="Past binnen het reguliere aanbod.", verwijzing="Gebiedsteam"
            )
            self._post(f"{pad}/triage", Rol.TRIAGIST, regio, triage)
            return "teruggelegd"
        self._post(f"{pad}/triage", Rol.TRIAGIST, regio, triage)
        if self.rng.random() < 0.25:
            return "getrieerd"
        return self.aan_tafel(profiel, pad, body, self._later(dag, 3))

    def aan_tafel(self, profiel: RegioProfiel, pad: str, body: dict[str, Any], dag: date) -> str:
        """A triaged case on a meeting of the agenda, planned on `dag`: one that took place (and on: advice,
        feedback, evaluation), or the next one still to come."""
        regio, werkstroom = profiel.slug, body["aanmelding"]["werkstroom"]
        vergaderd = self.vergaderdag(profiel, werkstroom, dag)
        volgend = next((o for o in self.komende_overleggen(regio) if self.neemt(o, werkstroom)), None)
        if volgend is not None and (vergaderd is None or self.rng.random() < 0.3):
            overleg = {**voorbeelden.OVERLEG, "datum": volgend["datum"], "soort": volgend["soort"]}
            self._post(f"{pad}/overleg", Rol.SECRETARIS, regio, overleg)
            return "ingepland"
        if vergaderd is None:
            return "getrieerd"
        overleg = {
            **voorbeelden.OVERLEG,
            "datum": vergaderd.isoformat(),
            "op": dag.isoformat(),
            "ervaringsdeskundige_aanwezig": body["aanmelding"]["ervaringsdeskundige"].get("gewenst") is True,
        }
        self._post(f"{pad}/overleg", Rol.SECRETARIS, regio, overleg)
        dag = vergaderd
        if self.rng.random() < 0.15:
            return self.opgeschaald(pad, regio, dag)
        advies = copy.deepcopy(voorbeelden.ADVIES)
        advies.update(
            op=dag.isoformat(),
            verzonden_op=dag.isoformat(),
            evaluatiedatum=(dag + timedelta(days=self.rng.randint(40, 90))).isoformat(),
        )
        for stap in advies["stappen"]:
            stap["deadline"] = (dag + timedelta(days=self.rng.randint(5, 20))).isoformat()
        self._post(f"{pad}/advies", Rol.TRIAGIST, regio, advies)
        self.terugkoppeling(pad, regio, dag)
        if self.rng.random() < 0.5:
            return "evaluatie-gepland" if self.plan_evaluatie(regio, pad) else "advies"
        evaluatie = {**voorbeelden.EVALUATIE, "datum": self.vandaag.isoformat()}
        self._post(f"{pad}/evaluatie", Rol.CASUSREGISSEUR, regio, evaluatie)
        afsluiting = {**voorbeelden.AFSLUITING, "lessen": self.rng.choice(LESSEN)}
        afsluiting["lessen_categorie"] = self.rng.choice([*CATEGORIEEN, None])
        self._post(f"{pad}/afsluiting", Rol.CASUSREGISSEUR, regio, afsluiting)
        return "afgesloten"

    def terugkoppeling(self, pad: str, regio: str, dag: date) -> None:
        """Feedback on the advice given on `dag`: mostly from the casusregisseur, sometimes the referrer's too."""
        for rol, kans in ((Rol.CASUSREGISSEUR, 0.7), (Rol.AANMELDER, 0.3)):
            if self.rng.random() >= kans:
                continue
            dag = self._later(dag, 20)
            stand = self.rng.choice(["ja", "ja", "deels", "nee"])
            body: dict[str, Any] = {
                "bruikbaarheid": self.rng.randint(2, 5),
                "wordt_uitgevoerd": stand,
                "op": dag.isoformat(),
            }
            if stand != "ja":
                categorie, omschrijving = self.rng.choice(BELEMMERINGEN)
                body["belemmering"] = {"categorie": categorie, "omschrijving": omschrijving}
            if self.rng.random() < 0.4:
                body["opmerkingen"] = voorbeelden.TERUGKOPPELING["opmerkingen"]
            self._post(f"{pad}/terugkoppeling", rol, regio, body)

    def opgeschaald(self, pad: str, regio: str, dag: date) -> str:
        """Escalated to the network on `dag`; half of them to the aldermen too: the round-table meeting, and for
        some its evaluation."""
        self._post(f"{pad}/opschaling", Rol.TRIAGIST, regio, {**voorbeelden.OPSCHALING, "op": dag.isoformat()})
        if self.rng.random() < 0.5:
            return "opgeschaald"
        dag = self._later(dag, 7)
        opschaling = {
            "niveau": "bestuurlijk",
            "reden": "Ook het netwerk krijgt de casus niet vlot.",
            "op": dag.isoformat(),
        }
        self._post(f"{pad}/opschaling", Rol.TRIAGIST, regio, opschaling)
        dag = self._later(dag, 10)
        uitkomst = self.rng.choice(
            ["oplossing-afgesproken", "oplossing-afgesproken", "vervolgoverleg", "geen-oplossing"]
        )
        overleg = {
            **voorbeelden.BESTUURLIJK_OVERLEG,
            "datum": dag.isoformat(),
            "uitkomst": uitkomst,
            "op": dag.isoformat(),
        }
        self._post(f"{pad}/bestuurlijk-overleg", Rol.SECRETARIS, regio, overleg)
        if self.rng.random() < 0.5:
            return "bestuurlijk-overleg"
        dag = self._later(dag, 20)
        evaluatie = {
            **voorbeelden.BESTUURLIJKE_EVALUATIE,
            "datum": dag.isoformat(),
            "op": dag.isoformat(),
            "besluit_uitgevoerd": self.rng.choice(["ja", "deels", "nee"]),
            "casus_vlotgetrokken": uitkomst == "oplossing-afgesproken",
        }
        self._post(f"{pad}/bestuurlijk-overleg/evaluatie", Rol.CASUSREGISSEUR, regio, evaluatie)
        return "bestuurlijk-geevalueerd"


def vul(url: str, settings: Settings, *, aantal: int, seed: int) -> list[str]:
    """Creates `aantal` cases spread over the served regions; returns a summary per region."""
    profielen = laad_profielen(settings.regio_profielen_dir)
    rng = random.Random(seed)  # noqa: S311
    with httpx.Client(base_url=url, timeout=30) as client:
        gezond = client.get("/health")
        gezond.raise_for_status()
        regios = [r for r in gezond.json()["regios"] if r in profielen]
        demo = Demo(client, settings, rng, {slug: p.gemeenten for slug, p in profielen.items()})
        for regio in regios:
            demo.doorbraaktafel(profielen[regio])
        per_regio: dict[str, dict[str, int]] = {}
        for _ in range(aantal):
            profiel = profielen[rng.choice(regios)]
            fase = demo.casus(profiel, rng.choice(profiel.gemeenten))
            tellingen = per_regio.setdefault(profiel.slug, {})
            tellingen[fase] = tellingen.get(fase, 0) + 1
    return [f"{regio}: {tellingen}" for regio, tellingen in sorted(per_regio.items())]
