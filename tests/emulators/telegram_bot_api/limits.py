"""Limits of the Bot API and the error descriptions the real server sends."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final, TypeVar

JSONDict = dict[str, Any]
_T = TypeVar("_T")

# ---------------------------------------------------------------------------------------------
# Limits and real error descriptions
# ---------------------------------------------------------------------------------------------

MAX_TEXT_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
MAX_CALLBACK_DATA_BYTES: Final = 64

ERR_UNAUTHORIZED: Final = "Unauthorized"
ERR_NOT_FOUND: Final = "Not Found"
ERR_CHAT_NOT_FOUND: Final = "Bad Request: chat not found"
ERR_CHAT_ID_EMPTY: Final = "Bad Request: chat_id is empty"
ERR_TEXT_EMPTY: Final = "Bad Request: message text is empty"
ERR_TEXT_TOO_LONG: Final = "Bad Request: message is too long"
ERR_CAPTION_TOO_LONG: Final = "Bad Request: message caption is too long"
ERR_PARSE_ENTITIES: Final = "Bad Request: can't parse entities: "
ERR_UNSUPPORTED_PARSE_MODE: Final = "Bad Request: unsupported parse_mode"
ERR_BUTTON_DATA_INVALID: Final = "Bad Request: BUTTON_DATA_INVALID"
ERR_TEXT_BUTTON: Final = (
    "Bad Request: can't parse InlineKeyboardButton: "
    "Text buttons are not allowed in the inline keyboard"
)
# Not verified against the live server; the closest MTProto error name.
ERR_BUTTON_TEXT_EMPTY: Final = "Bad Request: BUTTON_TEXT_INVALID"
ERR_MARKUP_JSON: Final = "Bad Request: can't parse reply keyboard markup JSON object"
ERR_MESSAGE_ID_MISSING: Final = "Bad Request: message identifier is not specified"
ERR_EDIT_NOT_FOUND: Final = "Bad Request: message to edit not found"
ERR_CANT_EDIT: Final = "Bad Request: message can't be edited"
ERR_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
ERR_DELETE_NOT_FOUND: Final = "Bad Request: message to delete not found"
ERR_QUERY_INVALID: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
ERR_BLOCKED: Final = "Forbidden: bot was blocked by the user"
ERR_POLL_CONFLICT: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
ERR_WEBHOOK_ACTIVE: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
ERR_BAD_WEBHOOK_URL: Final = "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
ERR_WRONG_FILE_ID: Final = "Bad Request: wrong file identifier/HTTP URL specified"
ERR_EMPTY_FILE: Final = "Bad Request: file must be non-empty"
ERR_IMAGE_PROCESS_FAILED: Final = "Bad Request: IMAGE_PROCESS_FAILED"
ERR_WRONG_ACTION: Final = "Bad Request: wrong parameter action in request"
ERR_COMMAND_INVALID: Final = "Bad Request: BOT_COMMAND_INVALID"
ERR_COMMANDS_JSON: Final = "Bad Request: can't parse commands JSON object"
ERR_HIDE_REQUESTER_MISSING: Final = "Bad Request: HIDE_REQUESTER_MISSING"
ERR_USER_ALREADY_PARTICIPANT: Final = "Bad Request: USER_ALREADY_PARTICIPANT"
ERR_CHAT_ADMIN_REQUIRED: Final = "Bad Request: CHAT_ADMIN_REQUIRED"
ERR_LIMIT_WITH_APPROVAL: Final = (
    "Bad Request: member limit can't be specified for links requiring administrator approval"
)
#: The user in ``from`` of messages sent by anonymous group admins.
GROUP_ANONYMOUS_BOT: Final = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}

_DEFAULT_DESCRIPTIONS: Final[Mapping[int, str]] = {
    400: "Bad Request",
    401: ERR_UNAUTHORIZED,
    403: ERR_BLOCKED,
    404: ERR_NOT_FOUND,
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

# Update types delivered when ``allowed_updates`` was never set (or set to an empty list).
_NOT_DELIVERED_BY_DEFAULT: Final = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)

_CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

# Methods whose successful calls count against the flood limits in rate-limit mode.
_RATE_LIMITED_METHODS: Final = frozenset({"sendMessage", "sendDocument", "sendPhoto"})

_COMMAND_RE: Final = re.compile(r"[a-z0-9_]{1,32}")
_BOT_COMMAND_RE: Final = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
