"""Runs mutmut over `domain/` (configured in pyproject's [tool.mutmut]) and reads back what it found."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.mutatie.gelijkwaardig import GELIJKWAARDIG, Gelijkwaardig
from tests.mutatie.meldingen import alleen_melding

GEDOOD = frozenset({"killed", "timeout", "caught by type check"})


@dataclass(frozen=True)
class MutmutMutant:
    naam: str
    """mutmut's name, e.g. `domain.casus.xǁCasusǁtrieer__mutmut_3`."""
    status: str
    bestand: str
    functie: str
    """`module:Klasse.functie`, as `Gelijkwaardig.functie` names it."""
    regel: int
    diff: str

    @property
    def gemuteerd(self) -> str:
        return _regels(self.diff, "+")

    @property
    def origineel(self) -> str:
        return _regels(self.diff, "-")


def _regels(diff: str, teken: str) -> str:
    """The lines a unified diff removes (`-`) or adds (`+`), stripped."""
    kop = teken * 3
    return "\n".join(r[1:].strip() for r in diff.splitlines() if r.startswith(teken) and not r.startswith(kop))


@dataclass
class MutmutUitslag:
    mutanten: list[MutmutMutant]
    meldingen: list[MutmutMutant]
    gelijkwaardig: list[tuple[MutmutMutant, Gelijkwaardig]]
    overlevend: list[MutmutMutant]

    @property
    def gedood(self) -> int:
        return sum(m.status in GEDOOD for m in self.mutanten)

    def ongebruikt(self) -> list[Gelijkwaardig]:
        gebruikt = {id(g) for _, g in self.gelijkwaardig}
        return [g for g in GELIJKWAARDIG if id(g) not in gebruikt]


def draai(werkers: int, log: Path) -> int:
    """A fresh mutmut run; its own output goes to `log`. Returns mutmut's exit code."""
    shutil.rmtree("mutants", ignore_errors=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    mutmut = Path(sys.executable).with_name("mutmut")
    with log.open("w") as uit:
        proces = subprocess.run(  # noqa: S603
            [str(mutmut), "run", "--max-children", str(werkers)], stdout=uit, stderr=subprocess.STDOUT, check=False
        )
    return proces.returncode


def _functie(sleutel: str) -> tuple[str | None, str]:
    """(class, function) from mutmut's key of a function: `xǁKlasseǁnaam` or `x_naam`."""
    if sleutel.startswith("xǁ"):
        klasse, naam = sleutel[2:].split("ǁ", 1)
        return klasse, naam
    return None, sleutel.removeprefix("x_")


def _bereik(bron: str, klasse: str | None, naam: str) -> tuple[int, int]:
    """The first and last line of the function in its file."""
    for knoop in ast.walk(ast.parse(bron)):
        if klasse is not None and not (isinstance(knoop, ast.ClassDef) and knoop.name == klasse):
            continue
        lichaam = knoop.body if isinstance(knoop, ast.ClassDef | ast.Module) else []
        for kind in lichaam:
            if isinstance(kind, ast.FunctionDef | ast.AsyncFunctionDef) and kind.name == naam:
                return kind.lineno, kind.end_lineno or kind.lineno
    return 1, 1


def _regel(bron: str, klasse: str | None, naam: str, origineel: str) -> int:
    """The line of the file the mutant changes: its first changed line within the function."""
    begin, eind = _bereik(bron, klasse, naam)
    eerste = origineel.splitlines()[0] if origineel else ""
    regels = bron.splitlines()
    for nummer in range(begin, eind + 1):
        if eerste and regels[nummer - 1].strip() == eerste:
            return nummer
    return begin


def lees() -> MutmutUitslag:
    """Every mutant of the last run, the survivors sorted into message text, equivalent and the rest."""
    import libcst as cst
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.mutation.diff_apply import (
        get_diff_for_mutant,
        read_functions_from_index,
        read_mutant_function,
        read_mutants_module,
        read_original_function,
    )
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    uitslag = MutmutUitslag([], [], [], [])
    for pad in sorted(walk_mutatable_files()):
        data = SourceFileMutationData(path=pad)
        data.load()
        bron = Path(pad).read_text()
        module = str(pad).removesuffix(".py").replace("/", ".")
        for naam, code in sorted(data.exit_code_by_key.items(), key=lambda item: _volgorde(item[0])):
            status = status_by_exit_code[code]
            sleutel = naam.removeprefix(f"{module}.").rsplit("__mutmut_", 1)[0]
            klasse, functie = _functie(sleutel)
            volledig = f"{module}:{klasse + '.' if klasse else ''}{functie}"
            if status in GEDOOD:
                uitslag.mutanten.append(MutmutMutant(naam, status, str(pad), volledig, 0, ""))
                continue
            diff = get_diff_for_mutant(naam, path=pad)
            regel = _regel(bron, klasse, functie, _regels(diff, "-"))
            mutant = MutmutMutant(naam, status, str(pad), volledig, regel, diff)
            uitslag.mutanten.append(mutant)
            functies = read_functions_from_index(naam, pad)
            if functies is None:
                gemuteerde_module = read_mutants_module(pad)
                functies = (
                    read_original_function(gemuteerde_module, naam),
                    read_mutant_function(gemuteerde_module, naam),
                )
            origineel, gemuteerd = (cst.Module([f]).code for f in functies)
            toegestaan = next((g for g in GELIJKWAARDIG if _past(g, mutant)), None)
            if status == "survived" and alleen_melding(origineel, gemuteerd):
                uitslag.meldingen.append(mutant)
            elif toegestaan is not None:
                uitslag.gelijkwaardig.append((mutant, toegestaan))
            else:
                uitslag.overlevend.append(mutant)
    return uitslag


def _volgorde(naam: str) -> tuple[str, int]:
    begin, _, nummer = naam.rpartition("__mutmut_")
    return begin, int(nummer) if nummer.isdigit() else 0


def _past(gelijkwaardig: Gelijkwaardig, mutant: MutmutMutant) -> bool:
    if gelijkwaardig.functie != mutant.functie:
        return False
    return gelijkwaardig.gemuteerd is None or gelijkwaardig.gemuteerd == mutant.gemuteerd
