"""Logs carry no personal data, ever (issue 16, point 1): a database error inside a dialog
logs its traceback without the member's text, name or ids, on SQLite and PostgreSQL; and the
redaction filter itself, on messages and on tracebacks."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import text

from bot.app import Core
from bot.channels.memory import MemoryMember
from bot.logging_setup import RedactSecrets, configure_logging
from bot.storage.members.conversations import SqlConversationRepository

MemberFactory = Callable[..., MemoryMember]
NAME = "Zainab Haddad"
TYPED = "Ich wohne in der Lindengasse 7"
SECRET = "987654:SECRET-never-in-logs-abcdefghij"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging("DEBUG", [SECRET], stream=stream)
    yield stream
    root.handlers[:], root.level = handlers, level


async def test_a_database_error_inside_a_dialog_logs_no_personal_data(
    member_factory: MemberFactory,
    core: Core,
    captured: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    member = member_factory("de", name=NAME)
    await member.say("/start")
    await member.press("consent:accept:de")
    async with core.uow_factory() as uow:
        stored = await uow.members.by_address(member.address)
    assert stored is not None

    async def failing_save(self: SqlConversationRepository, *_: object) -> None:
        # A real database error whose parameters are the member's text, name and ids.
        await self._session.execute(
            text("INSERT INTO no_such_table VALUES (:typed, :name, :account, :member)"),
            {"typed": TYPED, "name": NAME, "account": member.external_id, "member": stored.id},
        )

    monkeypatch.setattr(SqlConversationRepository, "save", failing_save)
    [sorry] = await member.say(TYPED)
    tr = core.catalogs.get("de")
    assert sorry.text == tr.text("Sorry, something went wrong on my side. Please try again.")
    log = captured.getvalue()
    assert "Traceback (most recent call last)" in log  # the error itself is logged...
    assert "no_such_table" in log  # the statement stays readable
    for personal in (TYPED, "Lindengasse", NAME, "Zainab", member.external_id):
        assert personal not in log, personal  # ...without what the member typed or who they are


async def test_a_value_postgresql_refuses_is_not_in_the_log(
    member_factory: MemberFactory,
    core: Core,
    captured: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """asyncpg names the value it could not bind in its message; SQLite stores any value."""
    if core.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no column types to refuse a value")
    member = member_factory("en", name=NAME)
    await member.say("/start")
    await member.press("consent:accept:en")

    async def failing_save(self: SqlConversationRepository, *_: object) -> None:
        await self._session.execute(
            text("SELECT CAST(:typed AS integer), CAST(:account AS integer)"),
            {"typed": TYPED, "account": int(member.external_id) * 10**12},
        )

    monkeypatch.setattr(SqlConversationRepository, "save", failing_save)
    await member.say(TYPED)
    log = captured.getvalue()
    assert "Traceback (most recent call last)" in log
    for personal in (TYPED, "Lindengasse", member.external_id):
        assert personal not in log, personal


def record(message: str, *args: object, error: BaseException | None = None) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets([SECRET, "hunter2"]))
    logger = logging.Logger("redaction-test")
    logger.addHandler(handler)
    exc_info = (type(error), error, error.__traceback__) if error is not None else None
    logger.error(message, *args, exc_info=exc_info)
    return stream.getvalue()


def raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


def test_the_filter_masks_secrets_tokens_and_long_numbers_in_messages() -> None:
    other_token = "1234567:AAbbCCddEEffGGhhIIjjKK-_x"
    line = record(
        "calling %s with %s for chat %d, then %s",
        f"https://api/bot{other_token}/x", "hunter2", 4366412345, SECRET,
    )  # fmt: skip
    for hidden in (other_token, "hunter2", "4366412345", SECRET):
        assert hidden not in line, hidden
    assert "[token]" in line and "[secret]" in line and "[number]" in line
    assert record("12 rows, 3 members") == "12 rows, 3 members\n"  # short numbers stay


def test_the_filter_redacts_exception_messages_and_keeps_the_traceback() -> None:
    street, name, phone = TYPED.split(" ")[-2], NAME.split()[0], 4366412345
    try:
        try:
            raise KeyError(street)
        except KeyError as first:
            raise ValueError(
                f"invalid input for query argument $1: {name!r} (expected int)\n"
                f"[SQL: INSERT INTO members VALUES ($1)]\n[parameters: ({name!r}, {phone})]\n"
                f"DETAIL:  Key (external_id)=({phone}) already exists."
            ) from first
    except ValueError as error:
        line = record("dialog failed", error=error)
    for personal in ("Zainab", "Lindengasse", "4366412345"):
        assert personal not in line, personal
    assert "Traceback (most recent call last)" in line
    assert "raise KeyError(street)" in line  # our source lines stay readable
    assert "KeyError" in line and "ValueError: invalid input for query argument $1" in line
    assert "The above exception was the direct cause of the following exception" in line
    assert line.index("KeyError:") < line.index("ValueError:")  # oldest first, like Python
    assert "[SQL: INSERT INTO members VALUES ($1)]" in line


def test_the_filter_redacts_a_preformatted_traceback() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets([]))
    logger = logging.Logger("redaction-test")
    logger.addHandler(handler)
    item = logger.makeRecord("x", logging.ERROR, "f", 1, "failed", (), None)
    item.exc_text = "Traceback…\nValueError: 'Zainab' at +4366412345"
    logger.handle(item)
    assert "Zainab" not in stream.getvalue() and "4366412345" not in stream.getvalue()
