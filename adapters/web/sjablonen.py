"""Rendering a page: `toon` with the signed-in user, the CSRF token, the flash messages and the form's errors in
its context; `Formfouten` to put a message at its field; `lees_formulier` to read a form into a schema."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel, ValidationError

from adapters.tokens import Gebruiker
from adapters.web import sessie
from adapters.web.teksten import HANDELINGEN, REGELS, ROLLEN
from domain.fouten import RegelGeschonden
from domain.rollen import Handeling, Rol, mag

SJABLONEN = Path(__file__).parent / "sjablonen"
MAX_MELDINGEN = 5
MAX_MELDING = 300
VEILIGHEID = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
"""Headers of every page: nothing from elsewhere, no inline script, never framed, never cached (a page can show
a case and carries the session's CSRF token)."""

omgeving = Environment(
    loader=FileSystemLoader(SJABLONEN),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
omgeving.globals.update(ROLLEN=ROLLEN, HANDELINGEN=HANDELINGEN, REGELS=REGELS)

M = TypeVar("M", bound=BaseModel)
Soort = Literal["succes", "fout", "info"]


@dataclass(frozen=True)
class Fout:
    melding: str
    regel: str | None = None
    """The domain rule's name (`domain.fouten.Regel`), as the API's problem names it (`regel`)."""


@dataclass
class Formfouten:
    """What is wrong with a form: messages per field (the field's name in the form, which is the API's field
    path without `body.`, e.g. `jongere.leeftijd`) and messages about the form as a whole (`algemeen`)."""

    velden: dict[str, list[Fout]] = field(default_factory=dict)
    algemeen: list[Fout] = field(default_factory=list)

    def voeg_toe(self, veld: str | None, melding: str, regel: str | None = None) -> Formfouten:
        if veld:
            self.velden.setdefault(veld, []).append(Fout(melding, regel))
        else:
            self.algemeen.append(Fout(melding, regel))
        return self

    def bij(self, veld: str) -> list[Fout]:
        return self.velden.get(veld, [])

    def verplaatst(self, plaats: Callable[[str], str | None]) -> Formfouten:
        """The same messages, each field's at `plaats(field)` (an input of the form that shows it, or None for
        the form as a whole); those about the form as a whole stay."""
        uit = Formfouten(algemeen=list(self.algemeen))
        for veld, lijst in self.velden.items():
            for fout in lijst:
                uit.voeg_toe(plaats(veld), fout.melding, fout.regel)
        return uit

    def __bool__(self) -> bool:
        return bool(self.velden or self.algemeen)

    @classmethod
    def uit_regel(cls, fout: RegelGeschonden) -> Formfouten:
        """A broken domain rule at its field (`RegelGeschonden.veld`), or about the whole form when it names
        none: its message and rule exactly as the API's problem carries them (`melding`, `regel`, `veld`), after
        the rule in a Dutch sentence (`adapters.web.teksten.REGELS`)."""
        uitleg = REGELS.get(fout.regel.value)
        melding = f"{uitleg} ({fout.melding})" if uitleg else fout.melding
        return cls().voeg_toe(fout.veld, melding, fout.regel.value)

    @classmethod
    def uit_validatie(cls, fout: ValidationError) -> Formfouten:
        """Each invalid input at its field, in Dutch where the kind of error is known (`NEDERLANDS`)."""
        fouten = cls()
        for f in fout.errors(include_url=False, include_input=False):
            veld = ".".join(str(deel) for deel in f["loc"])
            leeg = f["type"] in ("string_too_short", "too_short") and f.get("ctx", {}).get("min_length") == 1
            sjabloon = NEDERLANDS["missing"] if leeg else NEDERLANDS.get(f["type"])
            try:
                melding = sjabloon.format(**f.get("ctx", {})) if sjabloon else f["msg"]
            except (KeyError, IndexError):
                melding = f["msg"]
            fouten.voeg_toe(veld, melding)
        return fouten


NEDERLANDS = {
    "missing": "Vul dit veld in.",
    "string_too_short": "Gebruik minstens {min_length} tekens.",
    "string_too_long": "Gebruik hoogstens {max_length} tekens.",
    "string_pattern_mismatch": "Deze waarde heeft niet de goede vorm.",
    "string_type": "Vul hier tekst in.",
    "int_parsing": "Vul een heel getal in.",
    "greater_than_equal": "Vul een getal in van minstens {ge}.",
    "less_than_equal": "Vul een getal in van hoogstens {le}.",
    "date_from_datetime_parsing": "Vul een datum in als JJJJ-MM-DD.",
    "date_parsing": "Vul een datum in als JJJJ-MM-DD.",
    "enum": "Kies een van de mogelijkheden.",
    "literal_error": "Kies een van de mogelijkheden.",
    "bool_parsing": "Kies ja of nee.",
    "too_long": "Kies hoogstens {max_length}.",
    "too_short": "Kies minstens {min_length}.",
}
"""Pydantic's kinds of error in Dutch; others show pydantic's own message."""


async def lees_formulier(
    request: Request, schema: type[M], *, lijsten: Iterable[str] = ()
) -> tuple[M | None, Formfouten, dict[str, Any]]:
    """The posted form read into `schema` (the API's request schema, so the same bounds hold), its errors, and
    what was posted (to fill the form in again). A field `a.b` goes to `{"a": {"b": ...}}`; a name in `lijsten`
    is always a list (a group of checkboxes); the CSRF field and names the schema does not know are left out, and
    so is a field left empty (an optional field keeps its default, a required one is missing)."""
    formulier = await request.form()
    lijstnamen = set(lijsten)
    ingevuld: dict[str, Any] = {}
    for naam in set(formulier.keys()):
        if naam == sessie.CSRF_VELD or naam.split(".", 1)[0] not in schema.model_fields:
            continue
        waarden = [w for w in formulier.getlist(naam) if isinstance(w, str)]
        ingevuld[naam] = waarden if naam in lijstnamen else (waarden[0] if waarden else "")
    genest: dict[str, Any] = {}
    for naam, gegeven in ingevuld.items():
        waarde = [w for w in gegeven if w != ""] if isinstance(gegeven, list) else gegeven
        if waarde == "":
            continue
        doel = genest
        *hoger, laatste = naam.split(".")
        for deel in hoger:
            volgende = doel.setdefault(deel, {})
            if not isinstance(volgende, dict):
                break
            doel = volgende
        else:
            doel[laatste] = waarde
    try:
        return schema.model_validate(genest), Formfouten(), ingevuld
    except ValidationError as e:
        return None, Formfouten.uit_validatie(e), ingevuld


def hoofdmenu(gebruiker: Gebruiker | None) -> list[tuple[str, str]]:
    """The main menu's links (text, address) for what the user's role may open."""
    if gebruiker is None:
        return []
    links = [(f"Inbox {netwerk}", f"/netwerk/{netwerk}/inbox") for netwerk in gebruiker.netwerken]
    if mag(gebruiker.rol, Handeling.IMPORTEREN) and gebruiker.regios:
        links.append(("Importeren", "/importeren"))
    if mag(gebruiker.rol, Handeling.INZAGE_GEVEN):
        links.append(("Privacy", "/privacy"))
    if mag(gebruiker.rol, Handeling.INZAGELOG_LEZEN) or mag(gebruiker.rol, Handeling.TERUGKIJKEN):
        links.append(("Toezicht", "/toezicht"))
    if gebruiker.rol is not Rol.BEHEERDER:
        links.append(("Monitoring", "/monitoring"))
    return links


def toon(
    request: Request,
    sjabloon: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    fouten: Formfouten | None = None,
) -> HTMLResponse:
    """The page `sjabloon` (in `sjablonen/`, extending `basis.html`) with `context` and: `gebruiker` (the
    signed-in `Gebruiker` or None), `csrf` (the token every POST form sends as `csrf`: the session's, or before
    sign-in the browser's own), `meldingen` (the flash messages `meld` left, shown once), `fouten`
    (`Formfouten`) and `pad` (the request's path). A page with errors answers 422 unless `status` says else."""
    sessie_ = sessie.gelezen(request)
    csrf = sessie_.csrf if sessie_ is not None else sessie.anonieme_csrf(request)
    meldingen = lees_meldingen(request)
    fouten = fouten or Formfouten()
    inhoud = omgeving.get_template(sjabloon).render(
        {
            **(context or {}),
            "gebruiker": sessie_.gebruiker if sessie_ is not None else None,
            "csrf": csrf,
            "csrf_naam": sessie.CSRF_VELD,
            "meldingen": meldingen,
            "fouten": fouten,
            "pad": request.url.path,
            "hoofdmenu": hoofdmenu(sessie_.gebruiker if sessie_ is not None else None),
            "profielen": request.app.state.container.profielen,
        }
    )
    antwoord = HTMLResponse(inhoud, status_code=422 if fouten and status == 200 else status, headers=VEILIGHEID)
    if sessie_ is None:
        sessie.zet_anonieme_csrf(request, antwoord, csrf)
    if meldingen:
        antwoord.delete_cookie(sessie.cookienaam(request, "melding"), path="/", secure=sessie.secure(request))
    return antwoord


def _sleutel(request: Request) -> bytes:
    geheim = request.app.state.container.settings.jwt_sleutel.get_secret_value().encode()
    return hmac.new(geheim, b"doorbraak meldingen", hashlib.sha256).digest()


def meld(request: Request, antwoord: Response, tekst: str, soort: Soort = "succes") -> None:
    """A flash message on `antwoord` (usually the redirect after a POST), shown once by the next page `toon`
    renders. Kept in a cookie signed with a key derived from DOORBRAAK_JWT_SLEUTEL: no one else writes one."""
    meldingen = [*lees_meldingen(request), {"soort": soort, "tekst": tekst[:MAX_MELDING]}][-MAX_MELDINGEN:]
    inhoud = base64.urlsafe_b64encode(json.dumps(meldingen).encode()).decode()
    handtekening = base64.urlsafe_b64encode(hmac.new(_sleutel(request), inhoud.encode(), hashlib.sha256).digest())
    antwoord.set_cookie(
        sessie.cookienaam(request, "melding"),
        f"{inhoud}.{handtekening.decode()}",
        httponly=True,
        secure=sessie.secure(request),
        samesite="lax",
        path="/",
    )


def lees_meldingen(request: Request) -> list[dict[str, str]]:
    """The flash messages the browser sent back, if signed by us; none otherwise."""
    waarde = request.cookies.get(sessie.cookienaam(request, "melding"), "")
    inhoud, _, handtekening = waarde.partition(".")
    if not inhoud or len(waarde) > 4000:
        return []
    verwacht = base64.urlsafe_b64encode(hmac.new(_sleutel(request), inhoud.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(verwacht, handtekening.encode()):
        return []
    try:
        meldingen = json.loads(base64.urlsafe_b64decode(inhoud))
    except ValueError:
        return []
    if not isinstance(meldingen, list):
        return []
    return [
        {"soort": str(m.get("soort", "info")), "tekst": str(m.get("tekst", ""))[:MAX_MELDING]}
        for m in meldingen[:MAX_MELDINGEN]
        if isinstance(m, dict)
    ]
