"""What every command endpoint shares: the Idempotency-Key, the case id in the path, the command's origin."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Header, Path, Request, Response
from pydantic import BaseModel, Field, create_model

from adapters.http.draden import Draden
from adapters.http.problemen import niet_gevonden
from adapters.tokens import Gebruiker
from domain.waarden import Datum, Herkomst
from services.uitvoering import Resultaat

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Retrying with the same key returns the first answer and appends nothing.",
    ),
]


T = TypeVar("T")


COMMANDO_DRADEN = 8
"""Worker threads for commands at most, made as they are needed: as many as a database's stores have connections
by default (`DOORBRAAK_POOL_SIZE`); more would only wait for a connection while they contend for the GIL."""

_draden = Draden(COMMANDO_DRADEN, "doorbraak-commando")


async def in_draad(commando: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Runs a command, which blocks on the store's driver, in a worker thread of the commands' own. Apart from
    the event loop's default pool, so commands waiting on a database that is away do not hold up sign-in's
    hashing or the relays."""
    return await _draden.voer_uit(functools.partial(commando, *args, **kwargs))


SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
RegioPad = Annotated[
    str, Path(max_length=60, pattern=SLUG, description="The region's slug.", examples=["hart-van-brabant"])
]
NetwerkPad = Annotated[
    str, Path(max_length=60, pattern=SLUG, description="The network's slug.", examples=["ben-brabant-zeeland"])
]
CasusPad = Annotated[str, Path(max_length=100, description="The case's id (a UUID).")]


def casus_id_uit(casus_id: str) -> UUID:
    """The case id in a path; a malformed one answers 404 like an unknown one."""
    try:
        return UUID(casus_id)
    except ValueError:
        raise niet_gevonden(f"Casus {casus_id!r}") from None


def herkomst_van(gebruiker: Gebruiker, key: str | None, request: Request, verzoek: BaseModel) -> Herkomst:
    """Who gave the command, with the key and a fingerprint of the request so a reused key is caught."""
    vingerafdruk = hashlib.sha256(f"{request.url.path}\n{verzoek.model_dump_json()}".encode()).hexdigest()
    return Herkomst(actor=gebruiker.naam, rol=gebruiker.rol.value, idempotency_key=key, verzoek_hash=vingerafdruk)


def meld_uitvoering(resultaat: Resultaat[Any], response: Response) -> None:
    """Says in the headers whether the command was a replay and at which store position it landed."""
    if resultaat.herhaald:
        response.headers["Idempotent-Replayed"] = "true"
    if resultaat.positie is not None:
        response.headers["X-Doorbraak-Positie"] = str(resultaat.positie)


OP_BESCHRIJVING = (
    "The business date: the day the step happened, if not today (in DOORBRAAK_TIJDZONE). Not in the future, "
    "not before the case's previous step; norms, lead times and monitoring count from it."
)


def met_bedrijfsdatum(schema: type[BaseModel]) -> type[BaseModel]:
    """The request body of a step: the step's own fields, and `op`, the day it happened (default today)."""
    return create_model(
        f"{schema.__name__}Stap",
        __base__=schema,
        __doc__=schema.__doc__,
        op=(Datum | None, Field(None, description=OP_BESCHRIJVING)),
    )


def stap_en_datum(verzoek: Any, schema: type[BaseModel]) -> tuple[Any, date | None]:
    """The step's own value (without `op`) and its business date."""
    waarde = schema.model_construct(
        _fields_set=verzoek.model_fields_set - {"op"}, **{naam: getattr(verzoek, naam) for naam in schema.model_fields}
    )
    return waarde, verzoek.op
