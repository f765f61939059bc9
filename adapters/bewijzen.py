"""Inclusion proofs of one case's events in a store's latest signed checkpoint, and their check offline.

A proof holds, per event of the case, the bytes its leaf covers (`adapters.keten.event_inhoud`: the case's
id, the version, the topic and the stored state), the leaf's index and the audit path to the checkpoint's
root, with the checkpoint itself and its signature. Whoever has the store's public key (`/audit/sleutels`)
checks it without asking the node anything: `controleer_bewijs`, or `doorbraak audit bewijs-controleer`.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

import asyncpg

from adapters.checkpoints import CHECKPOINT_KOLOMMEN, Tabellen, checkpoint_uit, deelbomen
from adapters.keten import event_inhoud
from adapters.ondertekening import handtekening_klopt
from adapters.settings import ed25519_sleutel
from domain.checkpoint import Checkpoint
from domain.keten import blad, controleer_inclusie, inclusiepad_met

UITLEG = (
    "Check the checkpoint's signature (Ed25519 over `checkpoint.ondertekend`, the UTF-8 bytes) with the public key "
    "of `checkpoint.sleutel_id` from /audit/sleutels. For each event: `blad` = SHA-256(0x00 || inhoud), where "
    "`inhoud` (base64) is the case's id (16 bytes) || the version (int64, big-endian) || the topic's length (int32) "
    "|| the topic (UTF-8) || the stored state; then `pad` (bottom up) proves leaf `index` in the tree of "
    "`checkpoint.grootte` leaves with root `checkpoint.boom` (RFC 9162 §2.1.3.2). Events without a `pad` were "
    "appended after the checkpoint: ask again once the next one is signed. `doorbraak audit bewijs-controleer "
    "FILE --sleutels KEYS.json` does all of this."
)


async def inclusiebewijs(
    conn: asyncpg.Connection, tabellen: Tabellen, bron: str, casus_id: UUID
) -> dict[str, Any] | None:
    """The proof of every event of the case in the store's latest checkpoint; None when the store has no
    event of that case."""
    events = await conn.fetch(
        f"SELECT e.notification_id, e.originator_version, e.topic, e.state, k.volgnummer "
        f"FROM {tabellen.events} e JOIN {tabellen.keten} k ON k.positie = e.notification_id "
        "WHERE e.originator_id = $1 ORDER BY e.originator_version",
        casus_id,
    )
    if not events:
        return None
    rij = await conn.fetchrow(
        f"SELECT {CHECKPOINT_KOLOMMEN}, publieke_sleutel FROM {tabellen.checkpoints} ORDER BY grootte DESC LIMIT 1"
    )
    checkpoint = checkpoint_uit(rij) if rij is not None else None
    grootte = checkpoint.grootte if checkpoint else 0
    inhouden = {
        r["volgnummer"] - 1: event_inhoud(casus_id, r["originator_version"], r["topic"], bytes(r["state"]))
        for r in events
    }
    bladen = {index: blad(inhoud) for index, inhoud in inhouden.items()}
    gedekt = sorted(i for i in bladen if i < grootte)
    paden: dict[int, list[bytes]] = {}
    if gedekt:
        deelboom = await deelbomen(
            conn, tabellen, lambda d: [inclusiepad_met(i, grootte, d) for i in gedekt], bladen=bladen
        )
        paden = {i: inclusiepad_met(i, grootte, deelboom) for i in gedekt}
    return {
        "bron": bron,
        "casus_id": casus_id,
        "checkpoint": _checkpoint_publiek(checkpoint) if checkpoint else None,
        "publieke_sleutel": base64.b64encode(bytes(rij["publieke_sleutel"])).decode() if rij else None,
        "events": [
            {
                "versie": r["originator_version"],
                "positie": r["notification_id"],
                "index": r["volgnummer"] - 1,
                "topic": r["topic"],
                "inhoud": base64.b64encode(inhouden[r["volgnummer"] - 1]).decode(),
                "blad": bladen[r["volgnummer"] - 1].hex(),
                "pad": [p.hex() for p in paden[r["volgnummer"] - 1]] if r["volgnummer"] - 1 in paden else None,
            }
            for r in events
        ],
        "na_checkpoint": sum(1 for i in bladen if i >= grootte),
        "uitleg": UITLEG,
    }


def _checkpoint_publiek(checkpoint: Checkpoint) -> dict[str, Any]:
    return {**checkpoint.als_dict(), "ondertekend": checkpoint.ondertekend().decode()}


def sleutels_voor(sleutels: Mapping[str, Any], bron: str | None, extra: Sequence[str] = ()) -> list[bytes]:
    """The public keys of `bron` in a saved answer of /audit/sleutels (the node's own keys when it signs that
    log, the keys it trusts for it as a witness), and the keys given in base64 besides."""
    gevonden = [ed25519_sleutel(s) for s in extra]
    if bron is not None and bron in sleutels.get("bronnen", []):
        for s in [sleutels.get("ondertekent"), *sleutels.get("vorige", [])]:
            if s:
                gevonden.append(ed25519_sleutel(s["publieke_sleutel"]))
    gevonden += [ed25519_sleutel(g["publieke_sleutel"]) for g in sleutels.get("getuige", []) if g.get("bron") == bron]
    return gevonden


def controleer_bewijs(bewijs: Mapping[str, Any], sleutels: Sequence[bytes]) -> tuple[list[str], list[str]]:
    """Checks a saved proof with public keys obtained elsewhere (never the one in the proof): the faults found
    (none: it holds), and what it does not prove yet (events appended after its checkpoint)."""
    fouten: list[str] = []
    if not bewijs.get("checkpoint"):
        return ["no checkpoint covers this case yet"], []
    try:
        checkpoint = Checkpoint.uit_dict(bewijs["checkpoint"])
        casus = UUID(str(bewijs["casus_id"]))
    except (ValueError, KeyError) as e:
        return [f"the proof cannot be read: {e}"], []
    if not any(handtekening_klopt(checkpoint, sleutel) for sleutel in sleutels):
        fouten.append(
            f"the checkpoint's signature does not hold for any key given (its key id: {checkpoint.sleutel_id})"
        )
    open_: list[str] = []
    for i, event in enumerate(bewijs.get("events") or []):
        try:
            fouten.extend(_controleer_event(event, casus, checkpoint, open_))
        except (ValueError, KeyError, TypeError) as e:
            fouten.append(f"event {i} cannot be read: {type(e).__name__}: {e}")
    return fouten, open_


def _controleer_event(event: Mapping[str, Any], casus: UUID, checkpoint: Checkpoint, open_: list[str]) -> list[str]:
    versie = int(event["versie"])
    inhoud = base64.b64decode(event["inhoud"], validate=True)
    verwacht = blad(inhoud)
    fouten = []
    if inhoud[:16] != casus.bytes or int.from_bytes(inhoud[16:24], "big", signed=True) != versie:
        fouten.append(f"version {versie}: its bytes are not those of this case's version {versie}")
    if bytes.fromhex(event["blad"]) != verwacht:
        fouten.append(f"version {versie}: its leaf is not the hash of its bytes")
    if event.get("pad") is None:
        open_.append(f"version {versie} was appended after checkpoint {checkpoint.grootte}")
    elif not controleer_inclusie(
        verwacht, int(event["index"]), checkpoint.grootte, [bytes.fromhex(p) for p in event["pad"]], checkpoint.boom
    ):
        fouten.append(f"version {versie}: its path does not lead to the checkpoint's root")
    return fouten
