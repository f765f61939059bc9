"""A network's event store of its own cases (Netwerkcasus), apart from every region's store."""

from __future__ import annotations

from uuid import UUID

from domain.netwerkcasus import Netwerkcasus
from services.casus_store import CasusStore


class NetwerkStore(CasusStore):
    """Appends to and reads from one network's case history."""

    name = "netwerkcasussen"

    def netwerkcasus(self, casus_id: UUID) -> Netwerkcasus | None:
        """The network case as stored, read from the database."""
        casus: Netwerkcasus | None = self.lees(casus_id)
        return casus
