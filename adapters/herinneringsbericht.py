"""What a reminder says: one mail per region and run to the team, one JSON message per case on NATS. Case
reference, phase, norm, due date and a link; no names, no facts about the family."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import orjson

from domain.herinneringen import Herinnering
from domain.regioprofiel import RegioProfiel

MAANDEN = (
    "januari februari maart april mei juni juli augustus september oktober november december".split()  # noqa: SIM905
)
WEEKDAGEN = "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()  # noqa: SIM905


def onderwerp(regio: str) -> str:
    """The NATS subject of a region's reminders."""
    return f"doorbraak.{regio}.herinnering"


def link(basis_url: str, herinnering: Herinnering) -> str:
    """Where the case opens: `<basis>/regios/<regio>/casussen/<id>` (the path alone without a base)."""
    return f"{basis_url.rstrip('/')}/regios/{herinnering.regio}/casussen/{herinnering.casus_id}"


def datum(dag: date) -> str:
    """A date as the teams write it: `woensdag 25 november 2026`."""
    return f"{WEEKDAGEN[dag.weekday()]} {dag.day} {MAANDEN[dag.month - 1]} {dag.year}"


def stand(herinnering: Herinnering) -> str:
    """How the due date stands: `over 2 werkdagen`, `vandaag`, `3 werkdagen te laat`."""
    if herinnering.te_laat:
        n = herinnering.werkdagen_te_laat
        return f"{n} werkdag{'' if n == 1 else 'en'} te laat" if n else "te laat"
    n = herinnering.werkdagen_tot_deadline
    if herinnering.deadline == herinnering.dag:
        return "vandaag"
    return f"over {n} werkdag{'' if n == 1 else 'en'}" if n else "voor de volgende werkdag"


def bericht(herinnering: Herinnering, basis_url: str) -> bytes:
    """The NATS message: the reminder as JSON."""
    return orjson.dumps(
        {
            "regio": herinnering.regio,
            "casus_id": str(herinnering.casus_id),
            "fase": herinnering.fase,
            "norm": herinnering.norm.value,
            "deadline": herinnering.deadline.isoformat(),
            "dag": herinnering.dag.isoformat(),
            "te_laat": herinnering.te_laat,
            "werkdagen_te_laat": herinnering.werkdagen_te_laat,
            "werkdagen_tot_deadline": herinnering.werkdagen_tot_deadline,
            "link": link(basis_url, herinnering),
        }
    )


def mail(
    profiel: RegioProfiel, herinneringen: Sequence[Herinnering], dag: date, afzender: str, basis_url: str
) -> EmailMessage:
    """The team's mail of the day: every case reminded of, the overdue ones first; plain text."""
    if profiel.teamadres is None:
        raise ValueError(f"{profiel.slug} has no team address")
    te_laat = [h for h in herinneringen if h.te_laat]
    binnenkort = [h for h in herinneringen if not h.te_laat]
    regels = [
        f"Herinneringen van doorbraak voor {profiel.naam}, {datum(dag)}.",
        "",
        f"Deze casussen hebben een norm die verlopen is of binnen {profiel.herinnering_werkdagen} "
        f"werkdag{'' if profiel.herinnering_werkdagen == 1 else 'en'} verloopt.",
    ]
    for kop, groep in (("Te laat", te_laat), ("Binnenkort", binnenkort)):
        if not groep:
            continue
        regels += ["", f"{kop}:"]
        for h in groep:
            regels += [
                f"- casus {h.casus_id}: fase {h.fase}, norm {h.norm.value}, uiterlijk {h.deadline.isoformat()} "
                f"({stand(h)})",
                f"  {link(basis_url, h)}",
            ]
    regels += [
        "",
        "Deze mail noemt geen persoonsgegevens: open de casus in doorbraak voor de details.",
        "U krijgt deze herinnering elke werkdag zolang de norm openstaat.",
    ]
    bericht = EmailMessage()
    bericht["Subject"] = (
        f"doorbraak: {len(herinneringen)} casus{'' if len(herinneringen) == 1 else 'sen'} met een norm "
        f"({profiel.naam}, {dag.isoformat()})"
    )
    bericht["From"] = afzender
    bericht["To"] = profiel.teamadres
    bericht["Date"] = formatdate(localtime=False)
    # the sender's domain, not this host's name: make_msgid would look that up in the DNS for every mail
    domein = afzender.rsplit("@", 1)[-1]
    bericht["Message-ID"] = make_msgid(idstring=f"herinnering.{profiel.slug}.{dag.isoformat()}", domain=domein)
    bericht.set_content("\n".join(regels) + "\n")
    return bericht
