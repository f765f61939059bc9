"""Errors of the service layer, in the domain's words."""

from __future__ import annotations

from uuid import UUID


class CasusNietGevonden(Exception):
    def __init__(self, casus_id: UUID) -> None:
        super().__init__(f"Casus {casus_id} not found")
        self.casus_id = casus_id


class RegioOnbekend(Exception):
    def __init__(self, regio: str) -> None:
        super().__init__(f"Unknown region {regio!r}")
        self.regio = regio


class NetwerkOnbekend(Exception):
    def __init__(self, netwerk: str) -> None:
        super().__init__(f"Unknown network {netwerk!r}")
        self.netwerk = netwerk


class GelijktijdigeWijziging(Exception):
    """Another command changed the case first; the command can be retried."""

    def __init__(self, casus_id: UUID, wat: str | None = None) -> None:
        super().__init__(f"{wat or f'Casus {casus_id}'} was changed by another command at the same time; retry")
        self.casus_id = casus_id


class IdempotencyKeyHergebruikt(Exception):
    """The idempotency key was already used for a different request."""

    def __init__(self, key: str) -> None:
        super().__init__(f"Idempotency-Key {key!r} was already used for a different request")
        self.key = key
