"""Mutants of what mutmut leaves alone: the aggregates' `@event` methods, properties, validators, and the
declarative bounds, defaults, tables and stored names. Each replaces one exact snippet of its file (which
must occur there once) and says which behaviour it changes; the unit tests must notice every one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    bestand: str
    origineel: str
    gemuteerd: str
    waarom: str


CASUS = "domain/casus.py"
NETWERKCASUS = "domain/netwerkcasus.py"
NETWERK = "domain/netwerk.py"
WAARDEN = "domain/waarden.py"
INVOER = "domain/invoer.py"
PROFIEL = "domain/regioprofiel.py"
NORMEN = "domain/normen.py"
EVENTS = "domain/events.py"
ROLLEN = "domain/rollen.py"
FOUTEN = "domain/fouten.py"
WERKDAGEN = "domain/werkdagen.py"
TEKST = "domain/persoonsgegevens_in_tekst.py"


def _weg(bestand: str, regel: str, waarom: str) -> Mutant:
    """The statement `regel` (a whole line with its indentation, unique in the file) left out."""
    inspringing = regel[: len(regel) - len(regel.lstrip())]
    return Mutant(bestand, f"{regel}\n", f"{inspringing}pass\n", waarom)


def _netwerkevent(naam: str) -> Mutant:
    kop = f"def {naam}(self, terugmelding: Terugmelding, op: date, herkomst: Herkomst) -> None:\n"
    return Mutant(
        CASUS,
        f"{kop}        self.netwerk.append(terugmelding)",
        f"{kop}        pass",
        f"the network's answer ({naam}) is not kept on the regional case",
    )


HANDGEMAAKT: tuple[Mutant, ...] = (
    # --- the regional case: its bounds and its @event methods ---------------------------------------
    Mutant(CASUS, "MINIMALE_LEEFTIJD = 0", "MINIMALE_LEEFTIJD = 1", "a newborn cannot be registered"),
    Mutant(CASUS, "MAXIMALE_LEEFTIJD = 23", "MAXIMALE_LEEFTIJD = 22", "a 23-year-old cannot be registered"),
    Mutant(CASUS, "MAXIMALE_LEEFTIJD = 23", "MAXIMALE_LEEFTIJD = 24", "a 24-year-old can be registered"),
    Mutant(
        CASUS,
        "        self.fase = Fase.AANGEMELD\n        self.ronde_start = op",
        "        self.fase = Fase.GETRIEERD\n        self.ronde_start = op",
        "a new case starts in the wrong phase",
    ),
    Mutant(
        CASUS,
        "        self.ronde_start = op\n        self.triage: Triage | None = None",
        "        self.ronde_start = aanmelding.plaatsingsdatum or op\n        self.triage: Triage | None = None",
        "the first round starts on the placement date, not the registration",
    ),
    Mutant(
        CASUS, "        self.heropeningen = 0\n", "        self.heropeningen = 1\n", "a new case counts as reopened"
    ),
    Mutant(CASUS, "        self.terug_op_tafel = 0\n", "        self.terug_op_tafel = 1\n", "a new case has returned"),
    Mutant(
        CASUS,
        "        self.ooit_bovenregionaal = False",
        "        self.ooit_bovenregionaal = True",
        "a case never escalated accepts the network's answers",
    ),
    Mutant(
        CASUS,
        "        self.getrieerd_op = op\n",
        "        self.getrieerd_op = None\n",
        "the triage date is lost: the triage norm is never met",
    ),
    Mutant(CASUS, "self.fase = Fase.GETRIEERD", "self.fase = Fase.AANGEMELD", "a triaged case stays aangemeld"),
    Mutant(
        CASUS,
        "        if self.fase is Fase.GEEVALUEERD:\n            self.terug_op_tafel += 1",
        "        if self.fase is not Fase.GEEVALUEERD:\n            self.terug_op_tafel += 1",
        "every meeting but the one after an evaluation counts as back on the table",
    ),
    Mutant(
        CASUS,
        "            self.terug_op_tafel += 1",
        "            self.terug_op_tafel += 2",
        "a return to the table counts twice",
    ),
    Mutant(
        CASUS,
        "        self.overleggen.append(overleg)",
        "        self.overleggen = [overleg]",
        "a second meeting replaces the first: the meeting norm is judged on the latest",
    ),
    Mutant(
        CASUS,
        "self.fase = Fase.OVERLEG_GEPLAND",
        "self.fase = Fase.GETRIEERD",
        "a planned meeting leaves the phase at getrieerd",
    ),
    Mutant(
        CASUS,
        "        self.advies_op = op\n",
        "        self.advies_op = advies.verzonden_op or op\n",
        "the evaluation norm counts from the sending, not from the advice",
    ),
    Mutant(
        CASUS,
        "self.fase = Fase.ADVIES_UITGEBRACHT",
        "self.fase = Fase.GEEVALUEERD",
        "an advice counts as evaluated at once",
    ),
    Mutant(
        CASUS,
        "        self.evaluaties.append(evaluatie)",
        "        self.evaluaties = [evaluatie]",
        "a second evaluation replaces the first: the evaluation norm is judged on the latest",
    ),
    Mutant(
        CASUS, "self.fase = Fase.GEEVALUEERD", "self.fase = Fase.ADVIES_UITGEBRACHT", "an evaluation changes no phase"
    ),
    Mutant(
        CASUS,
        "        if opschaling.niveau is Opschalingsniveau.BOVENREGIONAAL:\n"
        "            self.ooit_bovenregionaal = True",
        "        if True:\n            self.ooit_bovenregionaal = True",
        "a regional-only (bestuurlijke) escalation accepts the network's answers",
    ),
    Mutant(
        CASUS,
        "        self.opschalingen.append((opschaling, op))",
        "        self.opschalingen = [(opschaling, op)]",
        "a second escalation forgets the first",
    ),
    Mutant(
        CASUS,
        "        self.afsluiting = afsluiting\n",
        "        self.afsluiting = None\n",
        "the closing form is not kept",
    ),
    Mutant(
        CASUS,
        "        self.afgesloten_op = op\n        self.fase = Fase.AFGESLOTEN",
        "        self.afgesloten_op = None\n        self.fase = Fase.AFGESLOTEN",
        "the closing date is not kept",
    ),
    Mutant(CASUS, "self.fase = Fase.AFGESLOTEN", "self.fase = Fase.GEEVALUEERD", "a closed case stays open"),
    Mutant(CASUS, "self.heropeningen += 1", "self.heropeningen = 1", "a second reopening is not counted"),
    Mutant(
        CASUS,
        "        self.heropeningen += 1\n        self.ronde_start = op\n",
        "        self.heropeningen += 1\n",
        "a reopened case keeps the old round's start for its norms",
    ),
    Mutant(
        CASUS,
        "        self.fase = Fase.AANGEMELD\n        self.triage = None",
        "        self.fase = Fase.GETRIEERD\n        self.triage = None",
        "a reopened case is in the wrong phase",
    ),
    _weg(CASUS, "        self.triage = None", "a reopened case keeps the old round's triage"),
    _weg(CASUS, "        self.getrieerd_op = None", "a reopened case keeps the old round's triage date"),
    _weg(CASUS, "        self.overleggen = []", "a reopened case keeps the old round's meetings"),
    _weg(CASUS, "        self.advies = None", "a reopened case keeps the old round's advice"),
    _weg(CASUS, "        self.advies_op = None", "a reopened case keeps the old round's advice date"),
    _weg(CASUS, "        self.evaluaties = []", "a reopened case keeps the old round's evaluations"),
    _weg(CASUS, "        self.opschalingen = []", "a reopened case cannot escalate again"),
    _weg(CASUS, "        self.afsluiting = None", "a reopened case keeps its closing form"),
    _weg(CASUS, "        self.afgesloten_op = None", "a reopened case keeps its closing date"),
    _netwerkevent("_netwerk_besluit_event"),
    _netwerkevent("_netwerk_actie_event"),
    _netwerkevent("_netwerk_afgesloten_event"),
    Mutant(
        CASUS,
        "return self.heropeningen + self.terug_op_tafel",
        "return self.heropeningen",
        "returns to the table are not counted as terugkeer",
    ),
    # --- the network's case ---------------------------------------------------------------------------
    Mutant(NETWERKCASUS, "KERNTEAMBESLUIT_WERKDAGEN = 5", "KERNTEAMBESLUIT_WERKDAGEN = 6", "the decision norm"),
    Mutant(NETWERKCASUS, "CONTACTPERSOON_DAGEN = 14", "CONTACTPERSOON_DAGEN = 15", "the contact-person norm"),
    Mutant(
        NETWERKCASUS,
        "        self.ontvangen_op = op",
        "        self.ontvangen_op = escalatie.opgeschaald_op",
        "the decision norm counts from the escalation, not from its arrival",
    ),
    Mutant(
        NETWERKCASUS,
        "        self.status = Status.ONTVANGEN",
        "        self.status = Status.IN_BEHANDELING",
        "a received case counts as taken up",
    ),
    Mutant(
        NETWERKCASUS,
        "        self.besluit_op = op\n",
        "        self.besluit_op = None\n",
        "the decision date is lost: no contact-person deadline",
    ),
    Mutant(
        NETWERKCASUS,
        "Status.IN_BEHANDELING if besluit.opgepakt else Status.TERUGGELEGD",
        "Status.TERUGGELEGD if besluit.opgepakt else Status.IN_BEHANDELING",
        "taken up and handed back swapped",
    ),
    Mutant(
        NETWERKCASUS,
        "        self.acties.append((actie, op))",
        "        self.acties = [(actie, op)]",
        "a later action forgets the earlier ones (and the first contact person)",
    ),
    _weg(NETWERKCASUS, "        self.knelpunten.append(knelpunt)", "a bottleneck is not kept"),
    _weg(NETWERKCASUS, "        self.opschalingen.append((opschaling, op))", "an escalation is not kept"),
    Mutant(
        NETWERKCASUS,
        "        self.status = Status.AFGESLOTEN",
        "        self.status = Status.IN_BEHANDELING",
        "a closed network case stays open",
    ),
    Mutant(
        NETWERKCASUS,
        "for a, _ in reversed(self.acties) if a.contactpersoon",
        "for a, _ in self.acties if a.contactpersoon",
        "the first contact person named instead of the latest",
    ),
    Mutant(
        NETWERKCASUS,
        "next((op for a, op in self.acties if a.contactpersoon), None)",
        "next((op for a, op in reversed(self.acties) if a.contactpersoon), None)",
        "the contact person counts since the latest naming, not the first",
    ),
    # --- what travels between region and network ------------------------------------------------------
    Mutant(
        NETWERK,
        'UUID("5d0f3c3e-8f63-4d6a-9a55-0c7f1e6b2a41")',
        'UUID("5d0f3c3e-8f63-4d6a-9a55-0c7f1e6b2a42")',
        "after an upgrade a redelivered escalation becomes a second network case",
    ),
    Mutant(
        NETWERK,
        'f"{self.regio}/{self.casus_id}/{self.casus_versie}"',
        'f"{self.regio}/{self.casus_id}"',
        "a second escalation of the same case gives the same network case",
    ),
    Mutant(
        NETWERK,
        'return f"{self.netwerkcasus_id}/{self.netwerk_versie}"',
        "return str(self.netwerkcasus_id)",
        "every answer of one network case has the same message id: NATS drops all but the first",
    ),
    Mutant(
        NETWERK,
        "if self.opgepakt and self.oplossing is None:",
        "if False:",
        "a case taken up without its kind of solution",
    ),
    Mutant(NETWERK, "if not self.opgepakt and not self.reden:", "if False:", "a case handed back without a reason"),
    Mutant(
        NETWERK,
        "if not self.opgepakt and self.oplossing is not None:",
        "if False:",
        "a case handed back with a solution",
    ),
    Mutant(
        NETWERK,
        "self.besluit, self.actie, self.afsluiting)) != 1:",
        "self.besluit, self.actie, self.afsluiting)) > 1:",
        "an empty terugmelding",
    ),
    Mutant(NETWERK, "hoogstens(50, uniek=True)", "hoogstens(50)", "an evaluation moment twice"),
    Mutant(
        NETWERK, "tuple[KorteTekst, ...], hoogstens(100)]", "tuple[KorteTekst, ...], hoogstens(101)]", "101 experts"
    ),
    Mutant(NETWERK, "tuple[Afspraak, ...], hoogstens(50)]", "tuple[Afspraak, ...], hoogstens(51)]", "51 agreements"),
    Mutant(
        NETWERK,
        "financiering_garant: bool = False",
        "financiering_garant: bool = True",
        "funding counts as guaranteed unless said otherwise",
    ),
    # --- values: bounds, defaults, validators, names --------------------------------------------------
    Mutant(WAARDEN, "max_length=10_000", "max_length=10_001", "a text of 10,001 characters"),
    Mutant(WAARDEN, "max_length=200", "max_length=201", "a short text of 201 characters"),
    Mutant(
        WAARDEN,
        "strip_whitespace=True, min_length=1, max_length=10_000",
        "strip_whitespace=False, min_length=1, max_length=10_000",
        "a text of spaces only",
    ),
    Mutant(
        WAARDEN,
        "strip_whitespace=True, min_length=1, max_length=200",
        "strip_whitespace=True, min_length=0, max_length=200",
        "an empty short text",
    ),
    Mutant(WAARDEN, "Invoerregel(max_lengte=255,", "Invoerregel(max_lengte=256,", "a key of 256 characters"),
    Mutant(WAARDEN, r'patroon=r"^[\x21-\x7e]+$"', r'patroon=r"^[\x20-\x7e]+$"', "a key with a space"),
    Mutant(
        WAARDEN,
        'StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")',
        'StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,41}$")',
        "a goal code of 41 characters",
    ),
    Mutant(
        WAARDEN,
        'Invoerregel(patroon=r"^[A-Za-z0-9_-]{1,40}$")',
        'Invoerregel(patroon=r"^[A-Za-z0-9_-]{1,41}$")',
        "a score for a goal code of 41 characters",
    ),
    Mutant(WAARDEN, "tuple[Persoon, ...], hoogstens(10)]", "tuple[Persoon, ...], hoogstens(11)]", "eleven parents"),
    Mutant(
        WAARDEN,
        "hoogstens(len(Leefgebied), uniek=True)",
        "hoogstens(len(Leefgebied))",
        "a life area named twice",
    ),
    Mutant(
        WAARDEN,
        "uniek=True)] = Field(min_length=1)",
        "uniek=True)] = Field(min_length=0)",
        "a registration without life areas",
    ),
    Mutant(
        WAARDEN,
        "tuple[KorteTekst, ...], hoogstens(50)]",
        "tuple[KorteTekst, ...], hoogstens(51)]",
        "51 kinds of expertise invited",
    ),
    Mutant(
        WAARDEN,
        "    verwijzing: Tekst | None = None\n    knelpunten: Annotated[tuple[Knelpunt, ...], hoogstens(50)]",
        "    verwijzing: Tekst | None = None\n    knelpunten: Annotated[tuple[Knelpunt, ...], hoogstens(51)]",
        "51 bottlenecks in a triage",
    ),
    Mutant(
        WAARDEN,
        "    verzonden_op: Datum | None = None\n    knelpunten: Annotated[tuple[Knelpunt, ...], hoogstens(50)]",
        "    verzonden_op: Datum | None = None\n    knelpunten: Annotated[tuple[Knelpunt, ...], hoogstens(51)]",
        "51 bottlenecks in an advice",
    ),
    Mutant(
        WAARDEN,
        "    lessen: Tekst\n    knelpunten: Annotated[tuple[Knelpunt, ...], hoogstens(50)]",
        "    lessen: Tekst\n    knelpunten: Annotated[tuple[Knelpunt, ...], hoogstens(51)]",
        "51 bottlenecks in a closing form",
    ),
    Mutant(
        WAARDEN,
        "if self.uitkomst is TriageUitkomst.TERUGGELEGD and not self.reden_teruglegging:",
        "if False:",
        "teruggelegd without a reason",
    ),
    Mutant(
        WAARDEN,
        "genodigden: Annotated[tuple[KorteTekst, ...], hoogstens(100)] = Field(min_length=1)",
        "genodigden: Annotated[tuple[KorteTekst, ...], hoogstens(101)] = Field(min_length=1)",
        "101 invitees",
    ),
    Mutant(
        WAARDEN,
        "genodigden: Annotated[tuple[KorteTekst, ...], hoogstens(100)] = Field(min_length=1)",
        "genodigden: Annotated[tuple[KorteTekst, ...], hoogstens(100)] = Field(min_length=0)",
        "a meeting without invitees",
    ),
    Mutant(
        WAARDEN,
        "stappen: Annotated[tuple[Stap, ...], hoogstens(100)] = Field(min_length=1)",
        "stappen: Annotated[tuple[Stap, ...], hoogstens(101)] = Field(min_length=1)",
        "101 steps",
    ),
    Mutant(
        WAARDEN,
        "stappen: Annotated[tuple[Stap, ...], hoogstens(100)] = Field(min_length=1)",
        "stappen: Annotated[tuple[Stap, ...], hoogstens(100)] = Field(min_length=0)",
        "an advice without steps",
    ),
    Mutant(
        WAARDEN,
        "doelen: Annotated[tuple[Doel, ...], hoogstens(50)] = Field(min_length=1)",
        "doelen: Annotated[tuple[Doel, ...], hoogstens(51)] = Field(min_length=1)",
        "51 goals",
    ),
    Mutant(
        WAARDEN,
        "doelen: Annotated[tuple[Doel, ...], hoogstens(50)] = Field(min_length=1)",
        "doelen: Annotated[tuple[Doel, ...], hoogstens(50)] = Field(min_length=0)",
        "an advice without goals",
    ),
    Mutant(WAARDEN, "if len(set(codes)) != len(codes):", "if False:", "two goals with one code"),
    Mutant(WAARDEN, "Doelscore], hoogstens(50)]", "Doelscore], hoogstens(51)]", "51 scores"),
    Mutant(
        WAARDEN,
        'Field(min_length=1, description="Score per goal code.")',
        'Field(min_length=0, description="Score per goal code.")',
        "an evaluation without scores",
    ),
    Mutant(WAARDEN, "terug_op_tafel: bool = False", "terug_op_tafel: bool = True", "every evaluation sends back"),
    Mutant(
        WAARDEN,
        "if self.niveau is Opschalingsniveau.BOVENREGIONAAL and self.intakevragen is None:",
        "if False:",
        "a bovenregionale escalation without intake questions",
    ),
    Mutant(WAARDEN, "waardering_samenwerking: int = Field(ge=1,", "waardering_samenwerking: int = Field(ge=0,", "0"),
    Mutant(
        WAARDEN,
        "waardering_samenwerking: int = Field(ge=1, le=10)",
        "waardering_samenwerking: int = Field(ge=1, le=11)",
        "an appreciation of 11",
    ),
    Mutant(WAARDEN, "waardering_effect: int = Field(ge=1,", "waardering_effect: int = Field(ge=0,", "an effect of 0"),
    Mutant(
        WAARDEN,
        "waardering_effect: int = Field(ge=1, le=10)",
        "waardering_effect: int = Field(ge=1, le=11)",
        "an effect of 11",
    ),
    Mutant(
        WAARDEN, "anoniem: bool = False", "anoniem: bool = True", "a registration is anonymous unless said otherwise"
    ),
    Mutant(WAARDEN, 'extra="forbid")', 'extra="ignore")', "a value silently drops an unknown field"),
    Mutant(WAARDEN, "ConfigDict(frozen=True,", "ConfigDict(frozen=False,", "a recorded value can be changed"),
    Mutant(WAARDEN, 'GEZIN = "gezin"', 'GEZIN = "gezinnen"', "a stored life area renamed"),
    Mutant(WAARDEN, 'DEELS = "deels"', 'DEELS = "half"', "a stored score renamed"),
    Mutant(WAARDEN, 'OVERIG = "overig"', 'OVERIG = "anders"', "a stored closing reason renamed"),
    Mutant(WAARDEN, 'BESPREKEN = "bespreken"', 'BESPREKEN = "ter-tafel"', "a stored triage outcome renamed"),
    Mutant(WAARDEN, 'CRISIS = "crisis"', 'CRISIS = "acuut"', "a stored urgency renamed"),
    Mutant(WAARDEN, 'VEILIG_THUIS = "veilig-thuis"', 'VEILIG_THUIS = "vt"', "a stored referrer role renamed"),
    Mutant(WAARDEN, 'SAMENWERKING = "samenwerking"', 'SAMENWERKING = "keten"', "a stored category renamed"),
    # --- the input rules ------------------------------------------------------------------------------
    Mutant(INVOER, "EERSTE_DATUM = date(1900, 1, 1)", "EERSTE_DATUM = date(1900, 1, 2)", "1 January 1900 refused"),
    Mutant(INVOER, "LAATSTE_DATUM = date(2100, 12, 31)", "LAATSTE_DATUM = date(2100, 12, 30)", "31-12-2100 refused"),
    Mutant(INVOER, r'"\x00-\x08\x0b', r'"\x01-\x08\x0b', "NUL let through"),
    Mutant(INVOER, r"\x00-\x08\x0b\x0c", r"\x00-\x07\x0b\x0c", "backspace let through"),
    Mutant(INVOER, r"\x08\x0b\x0c", r"\x08\x0c", "vertical tab let through"),
    Mutant(INVOER, r"\x0b\x0c\x0e", r"\x0b\x0e", "form feed let through"),
    Mutant(INVOER, r"\x0e-\x1f", r"\x0f-\x1f", "shift out let through"),
    Mutant(INVOER, r"\x0e-\x1f", r"\x0e-\x1e", "unit separator let through"),
    Mutant(INVOER, r'"\ud800-\udfff"', r'"\ud801-\udfff"', "the first lone surrogate let through"),
    Mutant(INVOER, r'"\ud800-\udfff"', r'"\ud800-\udffe"', "the last lone surrogate let through"),
    Mutant(INVOER, r'"\ufdd0-\ufdef"', r'"\ufdd1-\ufdef"', "the first non-character let through"),
    Mutant(INVOER, r'"\ufdd0-\ufdef"', r'"\ufdd0-\ufdee"', "the last of the block let through"),
    Mutant(INVOER, "range(0, 0x110000, 0x10000)", "range(0, 0x100000, 0x10000)", "plane 16's non-characters"),
    Mutant(INVOER, "{chr(vlak + 0xFFFF)}", "{chr(vlak + 0xFFFE)}", "U+FFFF and its kin let through"),
    Mutant(INVOER, "TEKENS = Invoerregel(tekens=True)", "TEKENS = Invoerregel(tekens=False)", "no character check"),
    Mutant(INVOER, "DATUM = Invoerregel(datums=True)", "DATUM = Invoerregel(datums=False)", "no date range"),
    Mutant(
        INVOER,
        '{"uit_opslag": True}',
        '{"uit_opslag": False}',
        "stored events are checked against bounds added later",
    ),
    # --- region profile ----------------------------------------------------------------------------------
    Mutant(PROFIEL, "Field(5, ge=1,", "Field(6, ge=1,", "triage norm of 6 working days"),
    Mutant(PROFIEL, "Field(5, ge=1,", "Field(5, ge=0,", "a triage norm of 0 days"),
    Mutant(PROFIEL, "Field(14, ge=1,", "Field(15, ge=1,", "meeting norm of 15 days"),
    Mutant(PROFIEL, "Field(14, ge=1,", "Field(14, ge=0,", "a meeting norm of 0 days"),
    Mutant(PROFIEL, "Field(1, ge=0,", "Field(2, ge=0,", "advice sent within 2 working days"),
    Mutant(PROFIEL, "Field(1, ge=0,", "Field(1, ge=1,", "advice sent on the day of the meeting refused as norm"),
    Mutant(PROFIEL, "Field(3, ge=1,", "Field(4, ge=1,", "evaluation norm of 4 months"),
    Mutant(PROFIEL, "Field(3, ge=1,", "Field(3, ge=0,", "an evaluation norm of 0 months"),
    Mutant(
        PROFIEL,
        'slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")',
        'slug: str = Field(pattern=r"^[a-z0-9-]+$")',
        "a slug with a double or trailing hyphen",
    ),
    Mutant(
        PROFIEL,
        'Field(None, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")',
        "Field(None)",
        "a network that is no slug",
    ),
    Mutant(PROFIEL, "Field(min_length=1)", "Field(min_length=0)", "a region without municipalities"),
    Mutant(
        PROFIEL,
        "= (Werkstroom.A, Werkstroom.B)",
        "= (Werkstroom.B,)",
        "a region offers only werkstroom B unless said otherwise",
    ),
    Mutant(PROFIEL, "Field(2, ge=0,", "Field(3, ge=0,", "three evaluations per meeting"),
    Mutant(PROFIEL, "Field(2, ge=0,", "Field(2, ge=1,", "a meeting must take an evaluation"),
    Mutant(
        PROFIEL,
        "if len({g.casefold() for g in gemeenten}) != len(gemeenten):",
        "if len(set(gemeenten)) != len(gemeenten):",
        "a municipality listed twice in another case",
    ),
    Mutant(PROFIEL, 'A = "A"', 'A = "a"', "a stored werkstroom renamed"),
    Mutant(PROFIEL, 'BESTUURLIJK = "bestuurlijk"', 'BESTUURLIJK = "rto"', "a stored level renamed"),
    # --- norms, events, roles, rules, working days ------------------------------------------------------------
    Mutant(NORMEN, 'ADVIES_VERZONDEN = "advies-verzonden"', 'ADVIES_VERZONDEN = "advies"', "a norm renamed"),
    Mutant(NORMEN, "    heropend: bool = False", "    heropend: bool = True", "loose facts count as reopened"),
    Mutant(NORMEN, "    afgesloten: bool = False", "    afgesloten: bool = True", "loose facts count as closed"),
    Mutant(EVENTS, 'extra="forbid")', 'extra="ignore")', "a stored event with an unknown field loads"),
    Mutant(EVENTS, "ConfigDict(frozen=True, extra", "ConfigDict(frozen=False, extra", "a stored event can change"),
    Mutant(
        EVENTS,
        "            _onthoud_commando(aggregate, self)\n            return aggregate\n\n    class Created",
        "            return aggregate\n\n    class Created",
        "a command's idempotency key is forgotten after the first event",
    ),
    _weg(EVENTS, "            aggregate.uitgevoerde_commandos = {}", "a new case has no memory of commands"),
    Mutant(
        ROLLEN,
        "Handeling.AANMELDEN: frozenset({Rol.AANMELDER, Rol.SECRETARIS, Rol.TRIAGIST}),",
        "Handeling.AANMELDEN: frozenset({Rol.AANMELDER, Rol.SECRETARIS}),",
        "a triagist may no longer register",
    ),
    Mutant(
        ROLLEN,
        "Handeling.OPSCHALEN: frozenset({Rol.TRIAGIST, Rol.CASUSREGISSEUR}),",
        "Handeling.OPSCHALEN: frozenset({Rol.TRIAGIST, Rol.CASUSREGISSEUR, Rol.EXPERT}),",
        "an expert may escalate",
    ),
    Mutant(ROLLEN, "Handeling.LEZEN: RET_ROLLEN | {Rol.AUDITOR},", "Handeling.LEZEN: RET_ROLLEN,", "auditors read"),
    Mutant(ROLLEN, "Rol.CASUSREGISSEUR, Rol.EXPERT})", "Rol.CASUSREGISSEUR})", "experts read no case"),
    Mutant(ROLLEN, 'KERNTEAM = "kernteam"', 'KERNTEAM = "ben"', "a token's role renamed"),
    Mutant(FOUTEN, 'TOESTEMMING_VEREIST = "toestemming-vereist"', 'TOESTEMMING_VEREIST = "toestemming"', "a rule"),
    Mutant(WERKDAGEN, "index = start.month - 1 + maanden", "index = start.month + maanden", "a month too far"),
    Mutant(
        WERKDAGEN,
        "min(start.day, calendar.monthrange(jaar, maand)[1])",
        "start.day",
        "31 January plus a month fails",
    ),
    # --- personal data in text ---------------------------------------------------------------------------
    Mutant(TEKST, '{"van", "de", "der",', '{"de", "der",', "van is no longer a tussenvoegsel"),
    Mutant(TEKST, '"ing", "moeder", "vader"', '"ing", "vader"', "the word moeder in a name field is a name"),
    Mutant(TEKST, '"ben", "wil", "roos"', '"wil", "roos"', "the word ben counts as the name Ben"),
    Mutant(TEKST, '"maart": 3, "mrt": 3', '"maart": 3, "mrt": 4', "4 mrt is read as April"),
    Mutant(
        TEKST,
        r'(\d{1,2})[-/.](\d{1,2})(?!\d)")',
        r'(\d{1,2})[-/.](\d{1,2})")',
        "a date inside a longer number is read as a date",
    ),
    Mutant(TEKST, 'EMAIL = "e-mail"', 'EMAIL = "email"', "the kind of data found renamed"),
    # --- the steps added with corrections, agenda, feedback and the bestuurlijk overleg ------------------------
    _weg(
        CASUS,
        "        setattr(self, onderdeel.value, opnieuw_toegepast(CORRIGEERBAAR[onderdeel], huidig, wijzigingen))",
        "a correction changes nothing on the case",
    ),
    _weg(CASUS, "        self.evaluatiemoment = evaluatiemoment", "a planned evaluation is forgotten"),
    _weg(
        CASUS,
        "        self.alle_terugkoppelingen = (*self.alle_terugkoppelingen, gegeven)",
        "feedback is not kept",
    ),
    _weg(
        CASUS,
        "        self.alle_bestuurlijke_overleggen = (*self.alle_bestuurlijke_overleggen, gehouden)",
        "a round-table meeting is not kept",
    ),
    _weg(
        CASUS,
        "        self.alle_bestuurlijke_evaluaties = (*self.alle_bestuurlijke_evaluaties, gegeven)",
        "the round-table evaluation is not kept",
    ),
    Mutant(
        CASUS,
        "        eigen_stap = False\n\n        onderdeel: Onderdeel",
        "        onderdeel: Onderdeel",
        "a correction bounds the dates of later steps",
    ),
    Mutant(CASUS, 'legt_vast = ("afsluiting",)', "legt_vast = ()", "a correction of the closing names no step"),
    Mutant(
        "domain/correctie.py",
        "JsonValue], hoogstens(50)]",
        "JsonValue], hoogstens(51)]",
        "a correction of 51 fields is taken",
    ),
)
