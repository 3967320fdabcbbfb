"""What tests read back: sent messages, calls, answered callbacks, commands, latencies, and waiting
for them."""

from __future__ import annotations

import copy
from collections.abc import Coroutine
from typing import Any

from tests.emulators.telegram_bot_api.limits import JSONDict
from tests.emulators.telegram_bot_api.records import AnsweredCallback, RecordedCall, SentMessage


class ObservationMixin:
    """What tests read back."""

    # -- observation ------------------------------------------------------------------------

    def sent_messages(self, chat_id: int) -> list[SentMessage]:
        """The bot's outgoing messages and text edits in ``chat_id``, oldest first."""
        with self._lock:
            return [message for message in self._sent if message["chat_id"] == chat_id]

    def all_sent(self) -> list[SentMessage]:
        """Every outgoing message and text edit, oldest first."""
        with self._lock:
            return list(self._sent)

    def last_message(self, chat_id: int) -> SentMessage:
        """The newest outgoing record in ``chat_id`` (``AssertionError`` if there is none)."""
        sent = self.sent_messages(chat_id)
        if not sent:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}")
        return sent[-1]

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """The current state of a message in a chat (after edits), or ``None``."""
        with self._lock:
            stored = self._messages.get((chat_id, message_id))
            return copy.deepcopy(stored) if stored is not None else None

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Every request (optionally only those to ``method``, case-insensitive), oldest first."""
        with self._lock:
            if method is None:
                return list(self._calls)
            wanted = method.lower()
            return [call for call in self._calls if call["method"].lower() == wanted]

    @property
    def answered_callbacks(self) -> list[AnsweredCallback]:
        """Successful ``answerCallbackQuery`` calls, oldest first."""
        with self._lock:
            return list(self._answered)

    @property
    def commands(self) -> dict[tuple[str, str], list[JSONDict]]:
        """Command lists by ``(scope key, language_code)``.

        Scope keys: ``"default"``, ``"all_private_chats"``, ``"all_group_chats"``,
        ``"all_chat_administrators"``, ``"chat:<id>"``, ``"chat_administrators:<id>"`` and
        ``"chat_member:<chat id>:<user id>"``; the language is ``""`` when none was given.
        """
        with self._lock:
            return {key: list(value) for key, value in self._commands.items()}

    @property
    def pending_update_count(self) -> int:
        """Updates not yet confirmed by a ``getUpdates`` offset."""
        with self._lock:
            return len(self._pending)

    def reply_latency(self, update_id: int) -> float | None:
        """Seconds from pushing ``update_id`` to the first outgoing record in its chat after it."""
        with self._lock:
            pushed = self.update_times.get(update_id)
            chat_id = self._update_chats.get(update_id)
            if pushed is None or chat_id is None:
                return None
            for message in self._sent:
                if message["chat_id"] == chat_id and message["time"] >= pushed:
                    return message["time"] - pushed
            return None

    def wait_for_messages(
        self, chat_id: int, count: int = 1, timeout: float = 5.0
    ) -> Coroutine[Any, Any, list[SentMessage]]:
        """Wait until ``chat_id`` has at least ``count`` outgoing records; return them all.

        Await the result: ``await api.wait_for_messages(chat_id, 2)``. On timeout it raises
        ``AssertionError`` listing what the chat received and the latest calls.
        """

        def ready() -> list[SentMessage] | None:
            sent = self.sent_messages(chat_id)
            return sent if len(sent) >= count else None

        def failure() -> str:
            got = [
                (message["method"], message["plain_text"])
                for message in self.sent_messages(chat_id)
            ]
            return (
                f"expected >= {count} outgoing message(s) in chat {chat_id} within {timeout}s, "
                f"got {len(got)}: {got!r}; calls: {self._call_summary()}"
            )

        return self._wait(ready, timeout, failure)

    def wait_for_calls(
        self, method: str, count: int = 1, timeout: float = 5.0
    ) -> Coroutine[Any, Any, list[RecordedCall]]:
        """Wait until ``method`` was called at least ``count`` times; return those calls.

        Await the result, like :meth:`wait_for_messages`.
        """

        def ready() -> list[RecordedCall] | None:
            calls = self.calls(method)
            return calls if len(calls) >= count else None

        def failure() -> str:
            return (
                f"expected >= {count} call(s) to {method} within {timeout}s, got "
                f"{len(self.calls(method))}; calls: {self._call_summary()}"
            )

        return self._wait(ready, timeout, failure)
