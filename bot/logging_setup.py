"""Logging that never carries secrets or personal data, in messages or in tracebacks.

One filter on our one handler redacts every record: known secret values and token-shaped
strings, long numbers (platform ids, phone numbers) and SQL parameter lists in the message;
and the exception, if any, is formatted here with the same rules plus quoted values (where
drivers put the value they refused: `invalid input for query argument $1: 'text…'`) and
PostgreSQL's DETAIL lines (`Key (external_id)=(…)`, `Failing row contains (…)`). The source
lines of the traceback are our code and stay as they are.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Iterable, Iterator
from typing import TextIO

#: Telegram tokens look like 123456:ABC-DEF...; mask any that slip into a message or URL.
#: (Not `\b` before the digits: in URLs the token follows "/bot" directly.)
_TOKEN_SHAPE = re.compile(r"(?<![0-9])\d{5,}:[A-Za-z0-9_-]{20,}")
#: Six digits or more: Telegram ids, phone numbers, WhatsApp ids.
_LONG_NUMBER = re.compile(r"\d{6,}")
#: SQLAlchemy's "[parameters: (…)]" (engines hide them too: `hide_parameters=True`).
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$|\s*\(Background)", re.DOTALL)
_QUOTED = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\"""")
_DETAIL = re.compile(r"^(DETAIL|HINT):.*$", re.MULTILINE)

LIBRARIES = (
    "httpx", "httpcore", "telegram", "aiosqlite", "sqlalchemy", "asyncpg", "apscheduler",
    "alembic", "uvicorn", "asyncio", "multipart", "python_multipart",
)  # fmt: skip


class RedactSecrets(logging.Filter):
    """Rewrites each record so that no secret and no personal data reaches any output."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def redact(self, text: str) -> str:
        """The rules for log messages: secrets, tokens, long numbers, SQL parameters."""
        cleaned = _TOKEN_SHAPE.sub("[token]", text)
        for secret in self._secrets:
            cleaned = cleaned.replace(secret, "[secret]")
        cleaned = _SQL_PARAMETERS.sub("[parameters hidden]", cleaned)
        return _LONG_NUMBER.sub("[number]", cleaned)

    def redact_error(self, text: str) -> str:
        """The rules for exception messages: the above, quoted values and DETAIL lines."""
        cleaned = _DETAIL.sub(r"\1: [hidden]", self.redact(text))
        return _QUOTED.sub("'[…]'", cleaned)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info is not None and record.exc_info[1] is not None:
            record.exc_text = self.format_exception(record.exc_info[1])
            record.exc_info = None  # no handler may format the raw exception again
        elif record.exc_text:
            record.exc_text = self.redact_error(record.exc_text)
        return True

    def format_exception(self, error: BaseException) -> str:
        """Like Python's traceback, with every exception message redacted."""
        blocks: list[str] = []
        for link, exception in _chain(error):
            if link:
                blocks.append(f"\n{link}\n\n")
            frames = "".join(traceback.format_tb(exception.__traceback__))
            if frames:
                blocks.append("Traceback (most recent call last):\n" + frames)
            name = type(exception).__qualname__
            module = type(exception).__module__
            if module not in ("builtins", "__main__"):
                name = f"{module}.{name}"
            message = self.redact_error(str(exception))
            blocks.append(f"{name}: {message}" if message else name)
        return "".join(blocks)


_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"


def _chain(error: BaseException) -> Iterator[tuple[str, BaseException]]:
    """The exceptions of a chain, oldest first, each with the sentence that links it."""
    chain: list[tuple[str, BaseException]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((link, current))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    # Printed oldest first: each one's link sentence goes before the one that followed it.
    ordered = list(reversed(chain))
    links = [link for link, _ in chain]
    for index, (_, exception) in enumerate(ordered):
        yield (links[len(chain) - index] if index else ""), exception


def configure_logging(
    level: str, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> RedactSecrets:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    redaction = RedactSecrets(secrets)
    handler.addFilter(redaction)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Libraries log request URLs (Telegram URLs contain the token), SQL parameters and API
    # payloads (names, chat ids, message texts) at INFO/DEBUG: they never go below WARNING,
    # whatever our own level is.
    for library in LIBRARIES:
        logging.getLogger(library).setLevel(max(logging.WARNING, root.level))
    return redaction
