"""Logging as JSON lines on stderr, one configuration for the app and uvicorn."""

from __future__ import annotations

import json
import logging
import logging.config
import traceback
from datetime import UTC, datetime
from typing import Any

_STANDAARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message", "taskName"}


class JsonRegels(logging.Formatter):
    """One JSON object per record: time, level, logger, message and the record's `extra` fields.

    An exception is written as its type and stack, without its message: messages of validation and
    database errors can quote the input, and case data must not reach the logs.
    """

    def format(self, record: logging.LogRecord) -> str:
        regel: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        regel.update((k, v) for k, v in record.__dict__.items() if k not in _STANDAARD and not k.startswith("_"))
        if record.exc_info and record.exc_info[0] is not None:
            regel["exception"] = record.exc_info[0].__name__
            regel["stack"] = "".join(traceback.format_tb(record.exc_info[2]))
        return json.dumps(regel, default=str, ensure_ascii=False)


def configuratie(niveau: str = "INFO") -> dict[str, Any]:
    """A `logging.config.dictConfig` for the app and uvicorn (`uvicorn.run(log_config=...)`); uvicorn's own
    access lines are off: the app writes one per request (`adapters.http.middleware`)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonRegels}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"level": niveau, "handlers": ["stderr"]},
        "loggers": {
            "uvicorn": {"level": niveau, "handlers": [], "propagate": True},
            "uvicorn.error": {"level": niveau, "handlers": [], "propagate": True},
            "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
    }


def installeer(niveau: str = "INFO") -> None:
    logging.config.dictConfig(configuratie(niveau))
