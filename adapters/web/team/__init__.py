"""The regional expert team's pages (aanmelder, triagist, secretaris, casusregisseur, expert), under `/team`:

- `/team`: the user's region's werkvoorraad (a user of several regions picks one);
- `/team/{regio}/werkvoorraad`: open cases by due date, with the API's filters, overdue in red with the working
  days, in pages (`werkvoorraad`);
- `/team/{regio}/aanmelden`: the registration form (`aanmelding`);
- `/team/{regio}/casussen/{casus_id}`: a case's state, norms, timeline, the network's answers and the forms of
  the steps the user's role may take now, each posting to `.../{stap}` (`casus`, `stappen`);
- `/team/{regio}/agenda`: the meetings with their cases, the waiting cases, and a form to call an extra
  meeting (`agenda`).

Each calls the same services and read-model queries as the API; refusals are pages (`toegang.TeamRoute`)."""

from __future__ import annotations

from fastapi import APIRouter

from adapters.web.team import aanmelding, agenda, casus, werkvoorraad

ROUTERS: list[APIRouter] = [werkvoorraad.router, aanmelding.router, casus.router, agenda.router]
