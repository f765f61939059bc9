"""Signed bearer tokens (JWT, HS256) carrying a user's role and regions; their claims checked at the door."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import Annotated

import jwt
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from domain.rollen import Rol

ALGORITME = "HS256"

Actor = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[\w.@:+'-]+(?: [\w.@:+'-]+)*$")]
"""Who acts, as recorded on every event: letters, digits and . @ : + ' - _, single spaces between words."""
Slug = Annotated[str, StringConstraints(max_length=60, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class Gebruiker(BaseModel):
    model_config = ConfigDict(frozen=True)

    naam: Actor
    rol: Rol
    regios: tuple[Slug, ...] = Field((), max_length=50)
    netwerken: tuple[Slug, ...] = Field((), max_length=20)


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


def lees_token(token: str, sleutel: str, issuer: str, max_geldig: timedelta) -> Gebruiker:
    """The token's user; refused when the signature, the issuer, the claims or the lifetime are wrong."""
    return _lees(token, sleutel, issuer, max_geldig)[0]


def _lees(token: str, sleutel: str, issuer: str, max_geldig: timedelta) -> tuple[Gebruiker, float]:
    """The token's user and when the token expires (seconds since the epoch)."""
    try:
        claims = jwt.decode(
            token, sleutel, algorithms=[ALGORITME], issuer=issuer, options={"require": ["exp", "iat", "sub", "rol"]}
        )
        if not all(type(claims[tijd]) in (int, float) for tijd in ("exp", "iat")):
            raise OngeldigToken("claims exp and iat are numbers: seconds since 1970")
        looptijd = claims["exp"] - claims["iat"]
        if not 0 < looptijd <= max_geldig.total_seconds():
            raise OngeldigToken(f"a token is valid for at most {max_geldig.total_seconds() / 3600:g} hours")
        gebruiker = Gebruiker(
            naam=claims["sub"],
            rol=claims["rol"],
            regios=claims.get("regios") or (),
            netwerken=claims.get("netwerken") or (),
        )
        return gebruiker, float(claims["exp"])
    except ValidationError as e:
        fout = e.errors()[0]
        claim = {"naam": "sub"}.get(str(fout["loc"][0]), str(fout["loc"][0])) if fout["loc"] else "claims"
        raise OngeldigToken(f"claim {claim}: {fout['msg']}") from None
    except jwt.InvalidSignatureError as e:
        raise OngeldigToken(str(e)) from e
    except (jwt.DecodeError, TypeError, ValueError, RecursionError) as e:  # their text tells of the parser
        raise OngeldigToken("it is not a JWT that can be read (header, claims or signature)") from e
    except jwt.PyJWTError as e:
        raise OngeldigToken(str(e)) from e


class GelezenTokens:
    """`lees_token` with a memory: a token whose signature and claims were found good is known by its text until
    it expires, so a client's next request costs no signature check. Refusals are not kept."""

    def __init__(self, max_aantal: int = 10_000) -> None:
        self.max_aantal = max_aantal
        self._tokens: OrderedDict[tuple[str, str, str, timedelta], tuple[Gebruiker, float]] = OrderedDict()
        self._slot = threading.Lock()

    def lees(self, token: str, sleutel: str, issuer: str, max_geldig: timedelta) -> Gebruiker:
        sleutel_ = (token, sleutel, issuer, max_geldig)
        with self._slot:
            bekend = self._tokens.get(sleutel_)
            if bekend is not None and time.time() < bekend[1]:
                self._tokens.move_to_end(sleutel_)
                return bekend[0]
            self._tokens.pop(sleutel_, None)
        gebruiker, verloopt = _lees(token, sleutel, issuer, max_geldig)
        with self._slot:
            self._tokens[sleutel_] = (gebruiker, verloopt)
            while len(self._tokens) > self.max_aantal:
                self._tokens.popitem(last=False)
        return gebruiker
