"""Charts drawn on the server as inline SVG: horizontal bars, one per label, the number written beside each.

No chart library and no script: the page's Content-Security-Policy allows neither inline style nor script, so
the SVG uses presentation attributes only. Accessible: `role="img"` named by its `<title>` and described by its
`<desc>` (which reads out every number), and the page shows the same numbers in a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

BREEDTE = 640
LABEL = 220
RIJ = 28
MARGE = 8
KLEUR = "#154273"
NORMKLEUR = "#b00020"


@dataclass(frozen=True)
class Staaf:
    label: str
    waarde: float
    tekst: str | None = None
    """How the value reads beside the bar (default: the number)."""


def _getal(waarde: float) -> str:
    return str(int(waarde)) if float(waarde).is_integer() else f"{waarde:.1f}".replace(".", ",")


def staafdiagram(
    id_: str,
    titel: str,
    staven: Sequence[Staaf],
    *,
    maximum: float | None = None,
    norm: tuple[float, str] | None = None,
) -> Markup:
    """Bars of `staven` scaled to `maximum` (default: the largest value); `norm` (value, label) draws a
    dashed line across, e.g. the 100 % every norm aims at."""
    grootste = max([maximum or 0.0, *(s.waarde for s in staven), norm[0] if norm else 0.0]) or 1.0
    ruimte = BREEDTE - LABEL - 110
    hoogte = max(len(staven), 1) * RIJ + 2 * MARGE + (RIJ if norm else 0)
    teksten = [f"{s.label}: {s.tekst or _getal(s.waarde)}" for s in staven] or ["geen gegevens"]
    beschrijving = "; ".join(teksten) + (f". Norm: {norm[1]}." if norm else ".")
    delen = [
        f'<svg class="grafiek" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BREEDTE} {hoogte}" '
        f'width="100%" role="img" aria-labelledby="{id_}-titel {id_}-desc" focusable="false">',
        f'<title id="{id_}-titel">{escape(titel)}</title>',
        f'<desc id="{id_}-desc">{escape(beschrijving)}</desc>',
    ]
    for i, staaf in enumerate(staven):
        y = MARGE + i * RIJ
        lengte = max(staaf.waarde, 0.0) / grootste * ruimte
        delen += [
            f'<text x="{LABEL - 8}" y="{y + 18}" text-anchor="end" font-size="14" fill="#1b1b1b">'
            f"{escape(staaf.label)}</text>",
            f'<rect x="{LABEL}" y="{y + 4}" width="{lengte:.1f}" height="{RIJ - 8}" fill="{KLEUR}"></rect>',
            f'<text x="{LABEL + lengte + 6:.1f}" y="{y + 18}" font-size="14" fill="#1b1b1b">'
            f"{escape(staaf.tekst or _getal(staaf.waarde))}</text>",
        ]
    if not staven:
        delen.append(f'<text x="{LABEL}" y="{MARGE + 18}" font-size="14" fill="#1b1b1b">geen gegevens</text>')
    if norm:
        x = LABEL + norm[0] / grootste * ruimte
        onder = MARGE + max(len(staven), 1) * RIJ
        delen += [
            f'<line x1="{x:.1f}" y1="{MARGE}" x2="{x:.1f}" y2="{onder}" stroke="{NORMKLEUR}" stroke-width="2" '
            'stroke-dasharray="6 4"></line>',
            f'<text x="{x:.1f}" y="{onder + 18}" text-anchor="end" font-size="13" fill="{NORMKLEUR}">'
            f"{escape(norm[1])}</text>",
        ]
    delen.append("</svg>")
    return Markup("".join(delen))  # noqa: S704 (every text in it is escaped above)
