"""The domain of doorbraak: the regional case (Casus), the network's case (Netwerkcasus), their rules
and their norms.

Pure: the standard library, pydantic, ``eventsourcing.domain`` and the library's topic functions only; no I/O.

Invariants of the regional case, each refused with ``RegelGeschonden`` naming the rule
(``domain.fouten.Regel``):

- ``toestemming-vereist``: no registration without recorded consent (who and when).
- ``anoniem-zonder-goedkeuring``: an anonymous registration needs the chair's approval.
- ``anoniem-met-persoonsgegevens``: an anonymous registration names no young person or parent.
- ``leeftijd-buiten-bereik``: the young person is 0 to 23 years old at registration.
- ``leeftijd-klopt-niet-met-geboortedatum``: a given date of birth must match the age.
- ``gemeente-buiten-regio``: the woonplaatsgemeente belongs to the region.
- ``werkstroom-niet-aangeboden``: the region offers the werkstroom.
- ``al-getrieerd``: a case is triaged once per round.
- ``nog-niet-getrieerd``: meeting, advice and escalation need a triage first.
- ``geen-complexe-casus``: only a complex case (several worsening life areas and
  handelingsverlegenheid or failed cooperation) is admitted to the table.
- ``niet-ter-bespreking``: no meeting or advice for a case the triage did not send to the
  table, and no new meeting while the advice stands unevaluated.
- ``advies-zonder-overleg``: advice follows a planned meeting (or an advies-na-triage).
- ``evaluatiemoment-voor-advies``: the evaluation date lies after the advice.
- ``evaluatie-zonder-advies``: only an advice can be evaluated.
- ``evaluatie-onbekend-doel``: scores refer to goals of the advice.
- ``opschaling-niet-in-keten``: escalation only to a level in the region's chain.
- ``opschaling-buiten-volgorde``: escalation follows the chain's order.
- ``al-opgeschaald``: a case is escalated to a level once per round.
- ``persoonsgegevens-gewist``: a case whose personal data was erased takes no further step of its own (the
  network's answers are still recorded).
- ``persoonsgegevens-in-escalatie``: a bovenregionale escalation's free text (reden, intakevragen) carries none of
  the case's own names, date of birth, address, phone or e-mail.
- ``persoonsgegevens-in-blijvende-tekst``: neither does the free text kept in the clear after an erasure
  (knelpunten, lessons, expertise to invite, feedback, round-table participants, an erasure's reason).
- ``casus-afgesloten``: a closed case takes nothing but a reopening (closing twice included), the evaluation of
  its bestuurlijke escalation and the network's news.
- ``casus-niet-afgesloten``: only a closed case can be reopened.
- ``datum-voor-aanmelding``: a meeting or evaluation date cannot precede the registration.
- ``advies-voor-overleg``: advice is recorded once its meeting has taken place.
- ``datum-in-toekomst``: an evaluation, or the sending of an advice, is recorded after the fact; no step
  (its business date ``op``) is dated after today.
- ``datum-voor-vorige-stap``: a step is not dated before the case's previous own step (the network's answers
  do not count).
- ``aanmelding-te-lang-geleden``: a registration is dated at most a configured number of years back (5).
- ``adviessoort-niet-in-regio``: advice is zwaarwegend or bindend as the region gives it; named when it gives both.
- ``correctie-niet-toegestaan``: a correction does not change what decided the case's course (the triage outcome).
- ``correctie-ongeldig``: a corrected field exists and its new value is valid there.
- ``correctie-zonder-wijziging``: a correction changes at least one value.
- ``niets-te-corrigeren``: only a part the case has (in this round) can be corrected.
  After a correction every rule of the corrected step holds again (municipality in the region, age 0 to 23,
  consent, a complex case at the table, goals that were scored, ...).
- ``terugkoppeling-zonder-advies``: feedback (``Teruggekoppeld``) is about an advice.
- ``terugkoppeling-na-evaluatie``: feedback comes before the advice is evaluated.
- ``al-teruggekoppeld``: each role (referrer, casusregisseur) gives feedback once per advice.
- ``niet-bestuurlijk-opgeschaald``: a round-table meeting and its evaluation follow a bestuurlijke escalation of
  the current round.
- ``bestuurlijk-overleg-voor-opschaling``: the meeting is dated on or after the escalation.
- ``evaluatie-zonder-bestuurlijk-overleg``: the escalation is evaluated after a meeting was recorded.
- ``evaluatie-voor-bestuurlijk-overleg``: the evaluation is dated on or after the (last) meeting.
- ``bestuurlijk-al-geevalueerd``: the escalation is evaluated once, and no meeting follows its evaluation.

Invariants of the agenda (``domain.overlegmoment``, ``domain.agenda``):

- ``te-veel-evaluaties``: a meeting holds at most the profile's ``overleg_max_evaluaties`` (2) evaluations
  besides new cases; an evaluation is a case whose round already has its advice: its evaluatiemoment
  planned on the meeting, or the case back at the table after its evaluation.
- ``geen-overleg-op-datum``: where the region meets on fixed dates (``overleg_op_afroep = false``), a plan
  names a meeting of the cadence or one called apart.
- ``overleg-bestaat-al``: an extra meeting is called where there is none of its kind (recorded or of the
  cadence).

Invariants of the network's case (``domain.netwerkcasus``):

- ``kernteam-al-besloten``: the kernteam decides once (take up or hand back).
- ``kernteam-nog-geen-besluit``: actions, bottlenecks and escalation need a case taken up.
- ``netwerkcasus-teruggelegd``: a case handed back to the region takes nothing more.
- ``netwerkcasus-afgesloten``: a closed network case takes nothing more.
- ``afsluitchecklist-onvolledig``: closing needs the six-point checklist complete, or a reason
  to close anyway.

Norms (``domain.normen``) are due dates, never blockers: triage within 5 working days,
meeting within 14 days (werkstroom A: of placement), advice sent the next working day,
evaluation within 3 months; each overridable per region profile. A plan on a meeting after its norm is
answered with a warning (``domain.agenda.Waarschuwing``), never refused. The network's kernteam decides
within 5 working days of receiving a case, and a case taken up has a fixed contact person within
2 weeks.
"""
