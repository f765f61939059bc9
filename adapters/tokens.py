"""Signed bearer tokens (JWT, HS256) carrying a user's role and regions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain.rollen import Rol

ALGORITME = "HS256"


class Gebruiker(BaseModel):
    model_config = ConfigDict(frozen=True)

    naam: str = Field(min_length=1)
    rol: Rol
    regios: tuple[str, ...] = ()
    netwerken: tuple[str, ...] = ()


class OngeldigToken(Exception):
    pass


def maak_token(gebruiker: Gebruiker, sleutel: str, issuer: str, geldig: timedelta = timedelta(hours=12)) -> str:
    nu = datetime.now(UTC)
    claims = {
        "sub": gebruiker.naam,
        "rol": gebruiker.rol.value,
        "regios": list(gebruiker.regios),
        "netwerken": list(gebruiker.netwerken),
        "iss": issuer,
        "iat": nu,
        "exp": nu + geldig,
    }
    return jwt.encode(claims, sleutel, algorithm=ALGORITME)


def lees_token(token: str, sleutel: str, issuer: str) -> Gebruiker:
    try:
        claims = jwt.decode(
            token, sleutel, algorithms=[ALGORITME], issuer=issuer, options={"require": ["exp", "sub", "rol"]}
        )
        return Gebruiker(
            naam=claims["sub"],
            rol=claims["rol"],
            regios=claims.get("regios") or (),
            netwerken=claims.get("netwerken") or (),
        )
    except (jwt.PyJWTError, ValidationError, TypeError) as e:
        raise OngeldigToken(str(e)) from e
