"""Realistic example cases, sent through the running service's API."""

from __future__ import annotations

import copy
import random
import uuid
from datetime import timedelta
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
LEEFGEBIEDEN = ["gezin", "opvoeding", "onderwijs", "wonen", "gezondheid", "psychisch", "verslaving", "veiligheid"]


class Demo:
    def __init__(self, client: httpx.Client, settings: Settings, rng: random.Random) -> None:
        self.client, self.settings, self.rng = client, settings, rng
        self.vandaag = klok(settings.tijdzone)()
        self.agenda: dict[str, list[dict[str, Any]]] = {}
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

    def overleggen(self, regio: str) -> list[dict[str, Any]]:
        """The region's meetings after today, as its agenda shows them (read once)."""
        if regio not in self.agenda:
            morgen = self.vandaag + timedelta(days=1)
            vraag: dict[str, str | int] = {"van": morgen.isoformat(), "na_positie": self.positie.get(regio, 0)}
            antwoord = self.client.get(
                f"/regios/{regio}/agenda", params=vraag, headers=self._kop(Rol.SECRETARIS, regio)
            )
            antwoord.raise_for_status()
            self.agenda[regio] = antwoord.json()["overleggen"]
        return self.agenda[regio]

    def volgend_overleg(self, regio: str, werkstroom: str) -> dict[str, Any] | None:
        """The first meeting after today that discusses the werkstroom (the doorbraaktafel is werkstroom A's)."""
        return next((o for o in self.overleggen(regio) if werkstroom == "A" or o["soort"] == "expertteam"), None)

    def overleg_van_vandaag(self, profiel: RegioProfiel, werkstroom: str) -> dict[str, Any]:
        """A meeting today: where the region meets on fixed dates, an extra one called first (a doorbraaktafel
        for werkstroom A); on call, the plan calls it."""
        soort = "doorbraaktafel" if werkstroom == "A" else "expertteam"
        if not profiel.overleg_op_afroep:
            extra = {"datum": self.vandaag.isoformat(), "soort": soort, "toelichting": "Op afroep voor een casus."}
            self._post(
                f"/regios/{profiel.slug}/overleggen", Rol.TRIAGIST, profiel.slug, extra, mag="overleg-bestaat-al"
            )
        return {**voorbeelden.OVERLEG, "datum": self.vandaag.isoformat(), "soort": soort}

    def doorbraaktafel(self, profiel: RegioProfiel) -> None:
        """An extra doorbraaktafel in three days, for a region with werkstroom A."""
        if "A" in profiel.werkstromen:
            datum = self.vandaag + timedelta(days=3)
            tafel = {**voorbeelden.NIEUW_OVERLEG, "datum": datum.isoformat()}
            self._post(
                f"/regios/{profiel.slug}/overleggen", Rol.TRIAGIST, profiel.slug, tafel, mag="overleg-bestaat-al"
            )

    def plan_evaluatie(self, regio: str, pad: str) -> bool:
        """The evaluation on the first meeting after today with room for it (at most two a meeting)."""
        for overleg in self.overleggen(regio):
            moment = {"datum": overleg["datum"], "soort": overleg["soort"], "terugkoppeling_op_papier": False}
            antwoord = self._post(f"{pad}/evaluatiemoment", Rol.TRIAGIST, regio, moment, mag="te-veel-evaluaties")
            if "regel" not in antwoord:
                return True
        return False

    def aanmelding(self, gemeente: str) -> dict[str, Any]:
        body = copy.deepcopy(voorbeelden.AANMELDING)
        leeftijd = self.rng.randint(4, 22)
        rol, organisatie = self.rng.choice(AANMELDERS)
        geboren = self.vandaag - timedelta(days=365 * leeftijd + self.rng.randint(30, 330))
        leeftijd = (self.vandaag - geboren).days // 365
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
            toestemming={"gegeven_door": "ouders", "gegeven_op": self.vandaag.isoformat()},
        )
        if a["werkstroom"] == "A":
            a["plaatsingsdatum"] = (self.vandaag - timedelta(days=self.rng.randint(0, 10))).isoformat()
        naam = f"{self.rng.choice(VOORNAMEN)} {self.rng.choice(ACHTERNAMEN)}"
        body["persoonsgegevens"]["jeugdige"] = {"naam": naam, "geboortedatum": geboren.isoformat()}
        return body

    def casus(self, profiel: RegioProfiel, gemeente: str) -> str:
        regio, werkstromen = profiel.slug, tuple(profiel.werkstromen)
        body = self.aanmelding(gemeente)
        if body["aanmelding"]["werkstroom"] not in werkstromen:
            body["aanmelding"]["werkstroom"] = werkstromen[0]
            body["aanmelding"].pop("plaatsingsdatum", None)
        casus = self._post(f"/regios/{regio}/casussen", Rol.AANMELDER, regio, body)
        pad = f"/regios/{regio}/casussen/{casus['id']}"
        if self.rng.random() < 0.2:
            return "aangemeld"
        triage = copy.deepcopy(voorbeelden.TRIAGE)
        if self.rng.random() < 0.15:
            triage.update(
                uitkomst="teruggelegd", reden_teruglegging="Past binnen het reguliere aanbod.", verwijzing="Gebiedsteam"
            )
            self._post(f"{pad}/triage", Rol.TRIAGIST, regio, triage)
            return "teruggelegd"
        self._post(f"{pad}/triage", Rol.TRIAGIST, regio, triage)
        if self.rng.random() < 0.25:
            return "getrieerd"
        return self.aan_tafel(profiel, pad, body["aanmelding"]["werkstroom"])

    def aan_tafel(self, profiel: RegioProfiel, pad: str, werkstroom: str) -> str:
        """A triaged case on a meeting of the agenda: a later one (where it stays), or one today and on."""
        regio = profiel.slug
        volgend = self.volgend_overleg(regio, werkstroom)
        if volgend is not None and self.rng.random() < 0.3:
            overleg = {**voorbeelden.OVERLEG, "datum": volgend["datum"], "soort": volgend["soort"]}
            self._post(f"{pad}/overleg", Rol.SECRETARIS, regio, overleg)
            return "ingepland"
        self._post(f"{pad}/overleg", Rol.SECRETARIS, regio, self.overleg_van_vandaag(profiel, werkstroom))
        if self.rng.random() < 0.15:
            self._post(f"{pad}/opschaling", Rol.TRIAGIST, regio, voorbeelden.OPSCHALING)
            return "opgeschaald"
        advies = copy.deepcopy(voorbeelden.ADVIES)
        advies.update(
            verzonden_op=self.vandaag.isoformat(),
            evaluatiedatum=(self.vandaag + timedelta(days=self.rng.randint(40, 90))).isoformat(),
        )
        for stap in advies["stappen"]:
            stap["deadline"] = (self.vandaag + timedelta(days=self.rng.randint(5, 20))).isoformat()
        self._post(f"{pad}/advies", Rol.TRIAGIST, regio, advies)
        if self.rng.random() < 0.5:
            return "evaluatie-gepland" if self.plan_evaluatie(regio, pad) else "advies"
        evaluatie = {**voorbeelden.EVALUATIE, "datum": self.vandaag.isoformat()}
        self._post(f"{pad}/evaluatie", Rol.CASUSREGISSEUR, regio, evaluatie)
        self._post(f"{pad}/afsluiting", Rol.CASUSREGISSEUR, regio, voorbeelden.AFSLUITING)
        return "afgesloten"


def vul(url: str, settings: Settings, *, aantal: int, seed: int) -> list[str]:
    """Creates `aantal` cases spread over the served regions; returns a summary per region."""
    profielen = laad_profielen(settings.regio_profielen_dir)
    rng = random.Random(seed)  # noqa: S311
    with httpx.Client(base_url=url, timeout=30) as client:
        gezond = client.get("/health")
        gezond.raise_for_status()
        regios = [r for r in gezond.json()["regios"] if r in profielen]
        demo = Demo(client, settings, rng)
        for regio in regios:
            demo.doorbraaktafel(profielen[regio])
        per_regio: dict[str, dict[str, int]] = {}
        for _ in range(aantal):
            profiel = profielen[rng.choice(regios)]
            fase = demo.casus(profiel, rng.choice(profiel.gemeenten))
            tellingen = per_regio.setdefault(profiel.slug, {})
            tellingen[fase] = tellingen.get(fase, 0) + 1
    return [f"{regio}: {tellingen}" for regio, tellingen in sorted(per_regio.items())]
