"""`./dev mutate`: mutmut and the hand-made mutants against `tests/unit`, then the survivors and a summary.

Exit code 0: every mutant that changes behaviour was killed; 1: some survived (listed), or a run failed;
2: none survived, but hand-made mutants no longer apply (their snippet is not found, or found twice).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.mutatie.hand import Uitslag
    from tests.mutatie.mutmut_uitslag import MutmutUitslag

WORTEL = Path(__file__).resolve().parents[2]
LOG = Path("mutants/mutmut-run.log")


def _duur(seconden: float) -> str:
    return f"{int(seconden // 60)}m{int(seconden % 60):02d}s"


def _toon(diff_regels: list[str]) -> None:
    for regel in diff_regels:
        print(f"      {regel}")


def _regels_van(stukken: list[str], breedte: int = 116) -> None:
    """Prints `stukken` comma-separated, as many on a line as fit, none split."""
    regel = ""
    for stuk in stukken:
        if regel and len(regel) + len(stuk) + 2 > breedte:
            print(f"    {regel},")
            regel = ""
        regel = f"{regel}, {stuk}" if regel else stuk
    if regel:
        print(f"    {regel}")


def _hand(werkers: int) -> tuple[list[Uitslag], float] | None:
    from tests.mutatie import hand
    from tests.mutatie.handgemaakt import HANDGEMAAKT

    begin = time.monotonic()
    hand.voorladen()
    with hand.kopieen(WORTEL, werkers) as kopieen:
        code, basis = hand.basislijn(kopieen[0], WORTEL)
        if code != 0:
            print(f"hand-made: the unit tests fail without any mutant (exit {code}); nothing to measure")
            return None
        print(f"hand-made: {len(HANDGEMAAKT)} mutants, the unit tests take {basis:.1f} s per run", flush=True)
        uitslagen = hand.draai(HANDGEMAAKT, WORTEL, kopieen, limiet=max(60.0, 10 * basis))
    return uitslagen, time.monotonic() - begin


def _mutmut(werkers: int) -> tuple[MutmutUitslag, float] | None:
    from tests.mutatie import mutmut_uitslag

    begin = time.monotonic()
    print(f"mutmut: mutating domain/ against tests/unit with {werkers} workers (log: {LOG})", flush=True)
    code = mutmut_uitslag.draai(werkers, LOG)
    if code != 0:
        print(f"mutmut stopped with exit code {code}; the end of {LOG}:")
        print("\n".join(LOG.read_text(errors="replace").replace("\r", "\n").splitlines()[-20:]))
        return None
    return mutmut_uitslag.lees(), time.monotonic() - begin


def _meld_mutmut(uitslag: MutmutUitslag, duur: float) -> int:
    """Prints mutmut's summary and its behaviour-changing survivors; returns how many there are."""
    statussen = Counter(m.status for m in uitslag.mutanten)
    print(f"mutmut: {len(uitslag.mutanten)} mutants of domain/ in {_duur(duur)}")
    print(
        f"  killed {uitslag.gedood} ({statussen['timeout']} by timeout), message text only "
        f"{len(uitslag.meldingen)}, equivalent {len(uitslag.gelijkwaardig)}, "
        f"behaviour-changing survivors {len(uitslag.overlevend)}"
    )
    if uitslag.meldingen:
        plekken = Counter((m.bestand, m.regel) for m in uitslag.meldingen)
        print("  message text only (allowed: the text of a RegelGeschonden or an error, not its rule), by line:")
        regels = [f"{b}:{r}" + (f" ({n})" if n > 1 else "") for (b, r), n in sorted(plekken.items())]
        _regels_van(regels)
    if uitslag.gelijkwaardig:
        print("  equivalent (tests/mutatie/gelijkwaardig.py):")
        for (functie, reden), n in Counter((g.functie, g.reden) for _, g in uitslag.gelijkwaardig).items():
            print(f"    {functie} ({n}): {reden}")
    for ongebruikt in uitslag.ongebruikt():
        print(f"  note: no mutant matches the allow-list entry {ongebruikt.functie}: {ongebruikt.gemuteerd}")
    for mutant in uitslag.overlevend:
        print(f"  SURVIVED {mutant.bestand}:{mutant.regel} {mutant.functie.split(':')[1]} [{mutant.status}]")
        print(f"    mutmut show {mutant.naam}")
        _toon([r for r in mutant.diff.splitlines() if r[:1] in "+-" and r[:3] not in ("+++", "---")])
    return len(uitslag.overlevend)


def _meld_hand(uitslagen: list[Uitslag], duur: float) -> tuple[int, int]:
    """Prints the hand-made set's summary, survivors and stale snippets; returns (survivors, stale)."""
    telling = Counter(u.status for u in uitslagen)
    print(f"hand-made: {len(uitslagen)} mutants (tests/mutatie/handgemaakt.py) in {_duur(duur)}")
    print(
        f"  killed {sum(u.gedood for u in uitslagen)} ({telling['tijd-op']} by timeout), survived "
        f"{telling['overleefd']}, snippet not found {telling['niet-gevonden']}, "
        f"snippet found more than once {telling['dubbelzinnig']}"
    )
    for u in uitslagen:
        if u.status == "overleefd":
            print(f"  SURVIVED {u.mutant.bestand}:{u.regel} {u.mutant.waarom}")
            _toon([f"- {r}" for r in u.mutant.origineel.strip("\n").splitlines()])
            _toon([f"+ {r}" for r in u.mutant.gemuteerd.strip("\n").splitlines()])
        elif u.status in {"niet-gevonden", "dubbelzinnig"}:
            wat = "not found" if u.status == "niet-gevonden" else "found more than once"
            eerste = u.mutant.origineel.strip().splitlines()[0]
            print(f"  snippet {wat} in {u.mutant.bestand}: {eerste!r} ({u.mutant.waarom}); update the list")
    return telling["overleefd"], telling["niet-gevonden"] + telling["dubbelzinnig"]


def main() -> int:
    parser = argparse.ArgumentParser(prog="./dev mutate", description=__doc__)
    parser.add_argument("--werkers", type=int, default=os.cpu_count() or 2, help="parallel runs (default: cores)")
    parser.add_argument("--alleen", choices=("mutmut", "hand"), help="run only mutmut or only the hand-made set")
    args = parser.parse_args()
    os.chdir(WORTEL)
    begin = time.monotonic()
    mutmut = _mutmut(args.werkers) if args.alleen != "hand" else None
    hand = _hand(args.werkers) if args.alleen != "mutmut" else None
    fout = (mutmut is None and args.alleen != "hand") or (hand is None and args.alleen != "mutmut")
    overlevend = verouderd = 0
    print()
    if mutmut is not None:
        overlevend += _meld_mutmut(*mutmut)
    if hand is not None:
        aantal, verouderd = _meld_hand(*hand)
        overlevend += aantal
    uitkomst = "a run failed, see above" if fout else f"behaviour-changing survivors: {overlevend}"
    print(f"\n{uitkomst}; total time {_duur(time.monotonic() - begin)}")
    if fout or overlevend:
        return 1
    return 2 if verouderd else 0


if __name__ == "__main__":
    sys.exit(main())
