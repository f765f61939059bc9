"""The network kernteam's pages: the inbox (`/netwerk/{netwerk}/inbox`) and the network case page with its
forms (`/netwerk/{netwerk}/casussen/{id}`), for the kernteam of that network only. They call the same read
model, services and request schemas as the API under `/netwerken/{netwerk}`."""

from fastapi import APIRouter

from adapters.web.netwerk import casus, inbox

router = APIRouter(include_in_schema=False)
router.include_router(inbox.router)
router.include_router(casus.router)
