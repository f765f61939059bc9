"""mutmut's mutants that cannot change behaviour, each with the reason. Keep this list short and honest:
a survivor that is not truly equivalent wants a test, not an entry here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Gelijkwaardig:
    functie: str
    """The mutated function as `module:Klasse.functie`, e.g. `domain.invoer:Invoerregel._controleer`."""
    gemuteerd: str | None
    """The mutant's changed line(s), stripped, as mutmut writes them; None: every mutant of the function."""
    reden: str


_PATROON = 'if self.patroon is not None and not re.fullmatch(self.patroon.{}("{}").{}("{}"), waarde):'
_ANKERS = (
    "re.fullmatch matches the whole text whether or not the pattern keeps its ^ and $ anchors "
    "(without MULTILINE a $ before a final newline still leaves the newline unmatched)"
)

GELIJKWAARDIG: tuple[Gelijkwaardig, ...] = (
    *(
        Gelijkwaardig("domain.invoer:Invoerregel._controleer", _PATROON.format(*velden), _ANKERS)
        for velden in (
            ("removeprefix", "^", "removeprefix", "$"),
            ("removesuffix", "^", "removesuffix", "$"),
            ("removeprefix", "XX^XX", "removesuffix", "$"),
            ("removeprefix", "^", "removesuffix", "XX$XX"),
        )
    ),
    *(
        Gelijkwaardig(
            "domain.werkdagen:Werkkalender.__init__",
            regel,
            "the size of a memo cache: the same answers, only the memory it may hold differs",
        )
        for regel in (
            "self._feestdagen_van = lru_cache(maxsize=None)(lambda jaar: frozenset(feestdagen(jaar)))",
            "self._feestdagen_van = lru_cache(maxsize=65)(lambda jaar: frozenset(feestdagen(jaar)))",
            "self.plus_werkdagen = lru_cache(maxsize=None)(self._plus_werkdagen)  # type: ignore[method-assign]",
            "self.plus_werkdagen = lru_cache(maxsize=65537)(self._plus_werkdagen)  # type: ignore[method-assign]",
        )
    ),
    Gelijkwaardig(
        "domain.werkdagen:Werkkalender.plus_werkdagen",
        None,
        "never runs: __init__ puts a memoised _plus_werkdagen in its place on every instance",
    ),
    *(
        Gelijkwaardig(
            "domain.persoonsgegevens_in_tekst:_Reeks.in_",
            regel,
            "a start past len(tekst) - n gives a slice shorter than the sequence, which never equals it "
            "(every sequence has at least one word)",
        )
        for regel in ("for i in range(len(tekst) + n + 1)", "for i in range(len(tekst) - n + 2)")
    ),
    Gelijkwaardig(
        "domain.eventversies:topic_van",
        "return _topics.get(None) or _topics.setdefault(klasse, get_topic(klasse))",
        "a memo that never hits: setdefault still answers the topic stored for the class",
    ),
    Gelijkwaardig(
        "domain.regioprofiel:Overlegritme.data",
        "dag = self.eerste if achter < 0 else self.eerste + stap * -(-achter // stap.days)",
        "when van is the first meeting (achter 0) both branches give eerste",
    ),
    *(
        Gelijkwaardig(
            functie,
            regel,
            "the meeting and evaluation norms count calendar days and months, never the working-day calendar; "
            "and a deadline for no norm falls through to the evaluation's",
        )
        for functie, regel in (
            (
                "domain.agenda:waarschuwingen_evaluatiemoment",
                "uiterlijk = deadline(None, NormFeiten.van(casus), normen, kalender)",
            ),
            (
                "domain.agenda:waarschuwingen_evaluatiemoment",
                "uiterlijk = deadline(Norm.EVALUATIE, NormFeiten.van(casus), normen, None)",
            ),
            (
                "domain.agenda:waarschuwingen_overleg",
                "uiterlijk = deadline(Norm.OVERLEG, NormFeiten.van(casus), normen, None)",
            ),
        )
    ),
    Gelijkwaardig(
        "domain.agenda:kies_overleg",
        "kandidaten = [voorkeur, *(s for s in Overlegsoort if s is not voorkeur and s.neemt(None))]",
        "of the two kinds the one besides the preference is the expertteam (takes every werkstroom) or, for "
        "werkstroom B, the doorbraaktafel (takes only A): neemt(None) answers as neemt(werkstroom)",
    ),
    Gelijkwaardig(
        "domain.eventversies:naar_json",
        'return json.dumps(state, ensure_ascii=None, separators=(",", ":")).encode()',
        "json.dumps tests ensure_ascii for truth: None writes non-ASCII text as False does",
    ),
    Gelijkwaardig(
        "domain.herinneringen:herinnering",
        "te_laat = volgende_deadline <= dag",
        "a norm due on the day itself gives zero working days late and zero to go either way",
    ),
    Gelijkwaardig(
        "domain.correctie:opnieuw_toegepast",
        '_zet(data, wijziging.veld.split("."), wijziging.naar, None)',
        "the field is named only in a refusal, and a stored correction, validated when made, is never refused",
    ),
    Gelijkwaardig(
        "domain.persoonsgegevens_in_tekst:_data_in",
        "data = {(int(j), int(m), int(d)) for j, m, d in _JMD.findall(tekst)}",
        "the first union is with the empty set: assigning gives the same set",
    ),
    *(
        Gelijkwaardig(
            "domain.verificatie:_Verificatie._plaats",
            regel,
            "_plaats runs only for an entry out of step, and one in step by number is out of step by position, "
            "answered before: the entry's number never equals the one expected here",
        )
        for regel in (
            "if volgnummer >= verwacht and self.eventstroom is not None and event is not None and event[0] < positie:",
            "if volgnummer <= verwacht or self.eventstroom is None:",
        )
    ),
    Gelijkwaardig(
        "domain.verificatie:_Verificatie.__init__",
        'self.event: Eventregel | None = ""',
        "the next event is read only once the events are opened, and opening them sets it",
    ),
)
