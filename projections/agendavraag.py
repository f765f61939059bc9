"""The agenda as the API answers it: the meetings of a period with their cases, evaluations and invited
expertise, and the cases waiting for a slot with the meeting proposed for each."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import asyncpg

from domain.agenda import VOORUIT, Plek, Voorstel, Wachtende, agenda, stel_voor
from domain.normen import Norm
from domain.overlegmoment import Agendapuntsoort
from domain.regioprofiel import Overlegsoort, RegioProfiel, Werkstroom
from domain.werkdagen import Werkkalender
from projections.agenda import overleggen, wachtenden
from projections.tabellen import Tabellen

NORM_VAN = {Agendapuntsoort.NIEUW: Norm.OVERLEG, Agendapuntsoort.EVALUATIE: Norm.EVALUATIE}
"""The norm a waiting case's slot must meet; a case back at the table has none."""


def _uniek(lijsten: list[list[str]]) -> list[str]:
    """Every item once, in the order first seen."""
    return list(dict.fromkeys(item for lijst in lijsten for item in lijst))


def _overleg(plek: Plek, rij: dict[str, Any] | None, max_evaluaties: int) -> dict[str, Any]:
    casussen = rij["casussen"] if rij else []
    evaluaties = [c["casus_id"] for c in casussen if c["soort"] != Agendapuntsoort.NIEUW]
    return {
        "overleg_id": plek.overleg_id,
        "datum": plek.datum,
        "soort": plek.soort,
        "duur_minuten": plek.duur_minuten,
        "extra": plek.extra,
        "vastgelegd": plek.vastgelegd,
        "locatie": rij["locatie"] if rij else None,
        "toelichting": rij["toelichting"] if rij else None,
        "casussen": casussen,
        "nieuwe_casussen": len(casussen) - len(evaluaties),
        "evaluaties": {
            "aantal": len(evaluaties),
            "ruimte": max(max_evaluaties - len(evaluaties), 0),
            "casussen": evaluaties,
        },
        "uit_te_nodigen_expertise": _uniek([c["uit_te_nodigen_expertise"] for c in casussen]),
    }


def _wachtende(rij: dict[str, Any]) -> Wachtende:
    wacht_op = Agendapuntsoort(rij["wacht_op"])
    norm = NORM_VAN.get(wacht_op)
    uiterlijk = rij["deadlines"].get(norm.value) if norm else None
    vroegst = rij["advies_op"] + timedelta(days=1) if wacht_op is Agendapuntsoort.EVALUATIE else rij["ronde_start"]
    return Wachtende(
        rij["casus_id"],
        wacht_op,
        Werkstroom(rij["werkstroom"]),
        date.fromisoformat(uiterlijk) if uiterlijk else None,
        vroegst,
    )


def _voorstel(voorstel: Voorstel, rij: dict[str, Any]) -> dict[str, Any]:
    wachtende, plek = voorstel.wachtende, voorstel.plek
    norm = NORM_VAN.get(wachtende.wacht_op)
    return {
        "casus_id": wachtende.casus_id,
        "wacht_op": wachtende.wacht_op,
        "werkstroom": wachtende.werkstroom,
        "urgentie": rij["urgentie"],
        "aangemeld_op": rij["aangemeld_op"],
        "ronde_start": rij["ronde_start"],
        "norm": norm.value if norm else None,
        "uiterlijk": wachtende.deadline,
        "voorstel": None if plek is None else {"overleg_id": plek.overleg_id, "datum": plek.datum, "soort": plek.soort},
        "achterstallig": voorstel.achterstallig,
        "reden": voorstel.reden,
    }


async def lees_agenda(
    conn: asyncpg.Connection,
    tabellen: Tabellen,
    profiel: RegioProfiel,
    kalender: Werkkalender,
    vandaag: date,
    van: date,
    tot: date,
) -> dict[str, Any]:
    """The meetings from `van` to `tot` (the cadence's and the recorded ones), and the waiting cases in order
    of registration, each proposed for the first meeting from `vandaag` that can take it (within a year)."""
    begin, einde = min(van, vandaag), max(tot, vandaag + VOORUIT)
    rijen = {r["overleg_id"]: r for r in await overleggen(conn, tabellen, begin, einde)}
    vastgelegd = [
        Plek(
            r["overleg_id"],
            r["datum"],
            Overlegsoort(r["soort"]),
            r["duur_minuten"],
            extra=r["extra"],
            vastgelegd=True,
            evaluaties=sum(1 for c in r["casussen"] if c["soort"] != Agendapuntsoort.NIEUW),
        )
        for r in rijen.values()
    ]
    plekken = agenda(profiel, kalender, begin, einde, vastgelegd)
    wachtend = await wachtenden(conn, tabellen)
    voorstellen = stel_voor([_wachtende(r) for r in wachtend], plekken, vandaag, profiel.overleg_max_evaluaties)
    return {
        "regio": profiel.slug,
        "van": van,
        "tot": tot,
        "vandaag": vandaag,
        "max_evaluaties": profiel.overleg_max_evaluaties,
        "overleggen": [
            _overleg(p, rijen.get(p.overleg_id), profiel.overleg_max_evaluaties)
            for p in plekken
            if van <= p.datum <= tot
        ],
        "wachtend": [_voorstel(v, r) for v, r in zip(voorstellen, wachtend, strict=True)],
    }
