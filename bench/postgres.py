"""The PostgreSQL a benchmark runs against: the given URL, or a private embedded one."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from adapters.embedded import EmbeddedPostgres


@contextlib.contextmanager
def postgres(url: str | None) -> Iterator[str]:
    """Yields a database URL; starts (and afterwards stops) an embedded server when `url` is None."""
    if url:
        print(f"PostgreSQL: {url}")
        yield url
        return
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedPostgres(Path(tmp) / "postgres")
        server.start()
        try:
            print(f"PostgreSQL: embedded ({server.url})")
            yield server.url
        finally:
            server.stop()
