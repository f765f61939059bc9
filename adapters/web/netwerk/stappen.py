"""The kernteam's forms: each reads the posted form into the API's own request schema (so the same bounds and
rules hold), after turning a form's shape into the API's (empty means not given, numbered fields a list, an
unticked box no)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel, model_validator

from adapters.http.commando import met_bedrijfsdatum
from adapters.web.sjablonen import Formfouten
from domain.fouten import Regel
from domain.netwerk import Actie, Afsluitchecklist, Kernteambesluit, NetwerkAfsluiting, NetwerkOpschaling
from domain.netwerkcasus import Status
from domain.waarden import Knelpunt
from services.netwerk import NetwerkService

VAKJE_AAN = "ja"
"""The value a ticked checkbox sends."""


def schoon(waarde: Any) -> Any:
    """A form's nested values in the API's shape: an empty field is left out (the schema's default holds), a
    group numbered `0`, `1`, ... is a list of the groups that were filled in."""
    if isinstance(waarde, dict):
        gevuld = {k: schoon(v) for k, v in waarde.items()}
        gevuld = {k: v for k, v in gevuld.items() if v not in ("", None, {}, [])}
        if waarde and all(k.isdigit() for k in waarde):
            return [gevuld[k] for k in sorted(gevuld, key=int)]
        return gevuld
    if isinstance(waarde, list):
        return [v for v in (schoon(w) for w in waarde) if v not in ("", None, {}, [])]
    return waarde.strip() if isinstance(waarde, str) else waarde


def regels(waarde: Any) -> Any:
    """A text area with one item per line, as a list."""
    return [r.strip() for r in waarde.splitlines() if r.strip()] if isinstance(waarde, str) else waarde


@dataclass(frozen=True)
class Stap:
    """One form of the network case page: its path (as the API's, under the case), the API's schema of the step,
    the service's command, and what the page says."""

    pad: str
    titel: str
    schema: type[BaseModel]
    uitvoeren: Callable[..., Any]
    gelukt: str
    vakjes: tuple[str, ...] = ()
    """Checkboxes: unticked sends nothing, which means no."""
    per_regel: tuple[str, ...] = ()
    """Text areas that hold a list, one item per line."""
    regelvelden: dict[str, str] = field(default_factory=dict)
    """The field a broken rule belongs to when the rule itself names none."""
    modelvelden: tuple[tuple[str, str], ...] = ()
    """The field of a rule the schema checks across fields (its message names the field)."""

    @cached_property
    def formschema(self) -> type[BaseModel]:
        """The API's request schema of the step (with `op`), reading the form's shape first."""
        vakjes, per_regel = self.vakjes, self.per_regel
        basis = met_bedrijfsdatum(self.schema)

        class Formulier(basis):  # type: ignore[misc,valid-type]
            @model_validator(mode="before")
            @classmethod
            def _als_api(cls, data: Any) -> Any:
                if not isinstance(data, dict):
                    return data
                data = schoon(data)
                for pad in vakjes:
                    *hoger, naam = pad.split(".")
                    doel = data
                    for deel in hoger:
                        doel = doel.setdefault(deel, {})
                        if not isinstance(doel, dict):
                            break  # a group sent as one value: left as sent, for validation to refuse
                    else:
                        doel[naam] = doel.get(naam) == VAKJE_AAN
                for naam in per_regel:
                    if naam in data:
                        data[naam] = regels(data[naam])
                return data

        Formulier.__name__ = Formulier.__qualname__ = basis.__name__
        return Formulier

    def op_hun_plaats(self, fouten: Formfouten) -> Formfouten:
        """Each message at the input it belongs to: an item of a one-per-line list at its text area, a rule
        across fields at the field its message names."""
        geplaatst = Formfouten(algemeen=[])
        for naam, lijst in fouten.velden.items():
            veld = next((p for p in self.per_regel if naam.startswith(f"{p}.")), naam)
            for fout in lijst:
                geplaatst.voeg_toe(veld, fout.melding, fout.regel)
        for fout in fouten.algemeen:
            bij: str | None = next((v for tekst, v in self.modelvelden if tekst in fout.melding), None)
            if bij is None and fout.regel is not None:
                bij = self.regelvelden.get(fout.regel)
            geplaatst.voeg_toe(bij, fout.melding.removeprefix("Value error, "), fout.regel)
        return geplaatst


STAPPEN: dict[str, Stap] = {
    s.pad: s
    for s in (
        Stap(
            "besluit",
            "Kernteambesluit nemen",
            Kernteambesluit,
            NetwerkService.besluit,
            "Het kernteambesluit is vastgelegd en gaat naar de regio.",
            modelvelden=(("(reden)", "reden"), ("oplossing", "oplossing")),
        ),
        Stap(
            "actie",
            "Actie afspreken",
            Actie,
            NetwerkService.actie,
            "De actie is vastgelegd en gaat naar de regio.",
            vakjes=("financiering_garant",),
            per_regel=("experts",),
        ),
        Stap("knelpunt", "Knelpunt melden", Knelpunt, NetwerkService.knelpunt, "Het knelpunt is vastgelegd."),
        Stap(
            "opschaling",
            "Opschalen naar de opdrachtgever",
            NetwerkOpschaling,
            NetwerkService.opschaling,
            "De opschaling is vastgelegd.",
        ),
        Stap(
            "afsluiting",
            "Netwerkcasus afsluiten",
            NetwerkAfsluiting,
            NetwerkService.afsluiting,
            "De netwerkcasus is afgesloten; de afsluiting gaat naar de regio.",
            vakjes=tuple(f"checklist.{naam}" for naam in Afsluitchecklist.model_fields),
            regelvelden={Regel.AFSLUITCHECKLIST_ONVOLLEDIG: "afwijking_reden"},
        ),
    )
}


def mogelijk(status: Status) -> list[str]:
    """The forms the kernteam can use now (the case's own rules refuse the others, and say why)."""
    if status is Status.ONTVANGEN:
        return ["besluit"]
    if status is Status.IN_BEHANDELING:
        return ["actie", "knelpunt", "opschaling", "afsluiting"]
    return []
