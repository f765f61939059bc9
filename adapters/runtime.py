"""Process-wide settings for long-running doorbraak processes."""

from __future__ import annotations

import gc


def stem_gc_af() -> None:
    """Fewer garbage-collector passes: projections keep a batch of objects alive, and every
    young-generation pass over them costs time. Objects from start-up are frozen out of the scans."""
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
