"""What the emulator hands to tests: sent messages, recorded calls, answered callbacks, files, and
the API error."""

from __future__ import annotations

from typing import TypedDict

from tests.emulators.telegram_bot_api.limits import JSONDict

# ---------------------------------------------------------------------------------------------
# Records handed to tests
# ---------------------------------------------------------------------------------------------


class FileInfo(TypedDict):
    """A file the bot uploaded (or referenced by ``file_id``/URL)."""

    file_id: str
    file_unique_id: str
    filename: str | None
    mime_type: str | None
    size: int
    content: bytes | None
    url: str | None


class SentMessage(TypedDict):
    """One outgoing message (``sendMessage``/``sendDocument``/``sendPhoto``) or text edit.

    ``text``/``caption`` are the raw parameters the bot sent (HTML included); ``plain_text``
    is what the user sees after entity parsing (the text or caption of the resulting message).
    """

    method: str
    chat_id: int
    message_id: int
    text: str | None
    plain_text: str | None
    caption: str | None
    parse_mode: str | None
    reply_markup: JSONDict | None
    document: FileInfo | None
    photo: FileInfo | None
    time: float
    message: JSONDict


class RecordedCall(TypedDict):
    """One HTTP request to the Bot API and what the emulator answered."""

    method: str
    params: JSONDict
    files: dict[str, FileInfo]
    status: int
    response: JSONDict
    time: float


class AnsweredCallback(TypedDict):
    """A successful ``answerCallbackQuery``."""

    callback_query_id: str
    user_id: int
    message_id: int | None
    data: str | None
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None
    time: float


class ApiError(Exception):
    """An error answer of the Bot API (raised inside handlers, turned into a response)."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JSONDict:
        """The JSON body Telegram sends for this error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(description: str) -> ApiError:
    return ApiError(400, description)
