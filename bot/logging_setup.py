"""Logging that never carries secrets: known secret values are masked in every record."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

#: Telegram tokens look like 123456:ABC-DEF...; mask any that slip into a message or URL.
_TOKEN_SHAPE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}\b")


LIBRARIES = (
    "httpx", "httpcore", "telegram", "aiosqlite", "sqlalchemy", "asyncpg", "apscheduler",
    "alembic", "uvicorn", "asyncio", "multipart", "python_multipart",
)  # fmt: skip


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _TOKEN_SHAPE.sub("[token]", message)
        for secret in self._secrets:
            cleaned = cleaned.replace(secret, "[secret]")
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Libraries log request URLs (Telegram URLs contain the token), SQL parameters and API
    # payloads (names, chat ids, message texts) at INFO/DEBUG: they never go below WARNING,
    # whatever our own level is.
    for library in LIBRARIES:
        logging.getLogger(library).setLevel(max(logging.WARNING, root.level))
