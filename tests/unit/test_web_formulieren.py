"""The pages' helpers without a server: a domain rule's message at its field, validation in Dutch, where a sign-in
may lead on to."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel, Field, ValidationError
from starlette.requests import Request

from adapters.tokens import Gebruiker
from adapters.web.sessie import naar_aanmelden, veilige_volgende
from adapters.web.sjablonen import Formfouten, hoofdmenu, lees_formulier, omgeving
from adapters.web.team.casus import _correctiewaarde
from adapters.web.team.formulier import lees
from adapters.web.teksten import REGELS
from domain.fouten import Regel, RegelGeschonden
from domain.rollen import Rol


class Voorbeeld(BaseModel):
    naam: str = Field(min_length=1, max_length=5)
    leeftijd: int = Field(ge=0, le=23)


def test_een_regel_met_een_veld_staat_bij_dat_veld() -> None:
    fout = RegelGeschonden(Regel.DATUM_IN_TOEKOMST, "op (2030-01-01) lies after today", veld="op")
    fouten = Formfouten.uit_regel(fout)
    [bij_veld] = fouten.bij("op")
    assert bij_veld.regel == "datum-in-toekomst"
    assert bij_veld.melding == "De datum ligt na vandaag. (op (2030-01-01) lies after today)"
    assert not fouten.algemeen and fouten


def test_elke_regel_heeft_een_nederlandse_zin() -> None:
    assert set(REGELS) == {regel.value for regel in Regel}


def test_een_regel_zonder_veld_staat_boven_het_formulier() -> None:
    fouten = Formfouten.uit_regel(RegelGeschonden(Regel.AL_GETRIEERD, "the case was triaged already"))
    assert [f.regel for f in fouten.algemeen] == ["al-getrieerd"] and not fouten.velden


def test_validatie_in_het_nederlands_per_veld() -> None:
    with pytest.raises(ValidationError) as fout:
        Voorbeeld.model_validate({"naam": "te lange naam", "leeftijd": "24"})
    fouten = Formfouten.uit_validatie(fout.value)
    assert [f.melding for f in fouten.bij("naam")] == ["Gebruik hoogstens 5 tekens."]
    assert [f.melding for f in fouten.bij("leeftijd")] == ["Vul een getal in van hoogstens 23."]
    with pytest.raises(ValidationError) as fout:
        Voorbeeld.model_validate({"naam": ""})
    fouten = Formfouten.uit_validatie(fout.value)
    assert [f.melding for f in fouten.bij("naam")] == ["Vul dit veld in."]
    assert [f.melding for f in fouten.bij("leeftijd")] == ["Vul dit veld in."]


def test_het_veld_macro_koppelt_de_melding_aan_het_veld() -> None:
    fouten = Formfouten().voeg_toe("jongere.leeftijd", "te oud", "leeftijd-buiten-bereik")
    html = omgeving.from_string(
        '{% from "_formulier.html" import veld %}{{ veld(fouten, "jongere.leeftijd", "Leeftijd", waarde="<24>") }}'
    ).render(fouten=fouten)
    assert 'aria-invalid="true"' in html and 'aria-describedby=" fout-jongere.leeftijd-1"' in html
    assert 'id="fout-jongere.leeftijd-1" data-regel="leeftijd-buiten-bereik"' in html
    assert 'value="&lt;24&gt;"' in html  # escaped


@pytest.mark.parametrize(
    ("volgende", "veilig"),
    [
        (None, "/"),
        ("", "/"),
        ("/", "/"),
        ("/regios/zeeland?pagina=2", "/regios/zeeland?pagina=2"),
        ("//elders.example", "/"),
        ("/\\elders.example", "/"),
        ("https://elders.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/pad met spatie", "/"),
        ("/a\nb", "/"),
        ("/" + "a" * 500, "/"),
    ],
)
def test_na_aanmelden_alleen_een_pad_op_deze_site(volgende: str | None, veilig: str) -> None:
    assert veilige_volgende(volgende) == veilig


def test_de_omleiding_naar_aanmelden_codeert_de_volgende_pagina() -> None:
    assert naar_aanmelden("/") == "/aanmelden"
    assert naar_aanmelden("/a?b=c&d=e") == "/aanmelden?volgende=/a%3Fb%3Dc%26d%3De"
    assert naar_aanmelden("//elders") == "/aanmelden"


class Optioneel(BaseModel):
    naam: str = Field(min_length=1, max_length=20)
    toelichting: str | None = Field(default=None, min_length=1, max_length=20)
    gebieden: list[str] = Field(default_factory=list)


def _formulier(inhoud: bytes) -> Request:
    async def ontvang() -> dict[str, object]:
        return {"type": "http.request", "body": inhoud, "more_body": False}

    kop = [(b"content-type", b"application/x-www-form-urlencoded")]
    return Request({"type": "http", "method": "POST", "headers": kop, "path": "/", "query_string": b""}, ontvang)


def test_een_leeg_gelaten_veld_telt_als_niet_ingevuld() -> None:
    schema, fouten, ingevuld = asyncio.run(
        lees_formulier(_formulier(b"naam=Anna&toelichting=&gebieden=&gebieden=gezin"), Optioneel, lijsten=["gebieden"])
    )
    assert not fouten and schema == Optioneel(naam="Anna", toelichting=None, gebieden=["gezin"])
    assert ingevuld["toelichting"] == ""  # the form is drawn again as it was sent
    schema, fouten, _ = asyncio.run(lees_formulier(_formulier(b"naam=&toelichting=x"), Optioneel))
    assert schema is None and [f.melding for f in fouten.bij("naam")] == ["Vul dit veld in."]


def _wie(naam: str, rol: Rol, regios: tuple[str, ...] = (), netwerken: tuple[str, ...] = ()) -> Gebruiker:
    return Gebruiker(naam=naam, rol=rol, regios=regios, netwerken=netwerken)


@pytest.mark.parametrize(
    ("gebruiker", "links"),
    [
        (None, []),
        (_wie("t", Rol.TRIAGIST, ("zeeland",)), ["/monitoring"]),
        (_wie("s", Rol.SECRETARIS, ("zeeland",)), ["/importeren", "/monitoring"]),
        (_wie("p", Rol.PRIVACY, ("zeeland",)), ["/privacy", "/toezicht", "/monitoring"]),
        (_wie("a", Rol.AUDITOR), ["/toezicht", "/monitoring"]),
        (
            _wie("k", Rol.KERNTEAM, netwerken=("ben-brabant-zeeland",)),
            ["/netwerk/ben-brabant-zeeland/inbox", "/monitoring"],
        ),
        (_wie("b", Rol.BEHEERDER), []),
    ],
)
def test_het_hoofdmenu_toont_wat_de_rol_mag_openen(gebruiker: Gebruiker | None, links: list[str]) -> None:
    assert [adres for _, adres in hoofdmenu(gebruiker)] == links


class MetStappen(BaseModel):
    stappen: list[Stap] = Field(default_factory=list)


class Stap(BaseModel):
    omschrijving: str = Field(min_length=1, max_length=20)


def test_rijen_van_een_groep_in_hun_volgorde() -> None:
    formulier = asyncio.run(
        lees(_formulier(b"stappen.10.omschrijving=c&stappen.2.omschrijving=b&stappen.0.omschrijving=a"), MetStappen)
    )
    assert formulier.waarde == MetStappen(stappen=[Stap(omschrijving=o) for o in "abc"])


@pytest.mark.parametrize(
    "inhoud",
    [
        "stappen.%C2%B2.omschrijving=y",  # a superscript two: a digit to str.isdigit, not to int()
        "stappen.%E2%91%A0.omschrijving=y",  # a circled one
        "stappen.1.omschrijving=a&stappen.01.omschrijving=b",  # the same row written twice
        "stappen.1000.omschrijving=a",
        "stappen." + "7" * 4301 + ".omschrijving=a",  # more digits than int() reads
    ],
)
def test_een_groep_met_rijen_die_geen_rijnummer_zijn_wordt_geweigerd(inhoud: str) -> None:
    formulier = asyncio.run(lees(_formulier(inhoud.encode()), MetStappen))
    assert formulier.waarde is None and formulier.fouten


@pytest.mark.parametrize("diepte", [10, 100_000])
def test_een_correctiewaarde_die_te_diep_nest_blijft_tekst(diepte: int) -> None:
    tekst = "[" * diepte + "]" * diepte
    waarde = _correctiewaarde(tekst)
    assert waarde == tekst if diepte > 1000 else isinstance(waarde, list)
