"""The checks the WhatsApp Graph API emulator applies to a message before "sending" it.

Limits as WhatsApp documents them for the Cloud API: text body 1-4,096 characters; an
interactive body 1-1,024; reply buttons: 1-3, ids unique and ≤256, titles 1-20 and unique;
list: button text 1-20, 1-10 sections with at most 10 rows in all, section titles ≤24 (needed
when there is more than one section), row ids unique and ≤200, row titles 1-24, descriptions
≤72; media captions ≤1,024; templates need a name and a language code.
"""

from __future__ import annotations

import secrets
from typing import Any

JSONDict = dict[str, Any]

#: Media types WhatsApp accepts for upload (documents and images).
MEDIA_TYPES = frozenset(
    {
        "text/plain",
        "application/pdf",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "image/jpeg",
        "image/png",
    }
)


class ApiError(Exception):
    """A Graph API error answer."""

    def __init__(
        self,
        code: int,
        title: str,
        details: str = "",
        *,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"({code}) {title}")
        self.code = code
        self.title = title
        self.details = details
        self.retry_after = retry_after
        self.status = 401 if code == 190 else 400
        self.subcode: int | None = None

    def body(self) -> JSONDict:
        if self.code == 190:
            error: JSONDict = {"message": self.title, "type": "OAuthException", "code": 190}
        else:
            error = {
                "message": f"(#{self.code}) {self.title}",
                "type": "OAuthException",
                "code": self.code,
                "error_data": {"messaging_product": "whatsapp", "details": self.details},
            }
            if self.subcode is not None:
                error["error_subcode"] = self.subcode
        error["fbtrace_id"] = secrets.token_urlsafe(16)
        return {"error": error}

    def headers(self) -> dict[str, str] | None:
        return {"Retry-After": f"{self.retry_after:g}"} if self.retry_after is not None else None


def _invalid(details: str) -> ApiError:
    return ApiError(131009, "Parameter value is not valid", details)


def _length(value: object, low: int, high: int, what: str) -> str:
    if not isinstance(value, str) or not low <= len(value) <= high:
        size = len(value) if isinstance(value, str) else "missing"
        raise _invalid(f"{what} length invalid ({size}). Min length: {low}, Max length: {high}")
    return value


def validate_message(body: JSONDict, media_ids: set[str]) -> None:
    """Raise ApiError for a message WhatsApp would refuse."""
    if body.get("messaging_product") != "whatsapp":
        raise ApiError(100, "Invalid parameter", "messaging_product must be whatsapp")
    # A number goes in `to`, a business-scoped user id (`US.1234…`) in `recipient`.
    to, recipient = body.get("to"), body.get("recipient")
    if not (isinstance(to, str) and to) and not (isinstance(recipient, str) and recipient):
        raise ApiError(131008, "Required parameter is missing", "to or recipient is required")
    if isinstance(to, str) and "." in to:
        raise ApiError(100, "Invalid parameter", "to must be a phone number; use recipient")
    kind = body.get("type", "text")
    content = body.get(kind)
    if not isinstance(content, dict):
        raise ApiError(131008, "Required parameter is missing", f"{kind} object is required")
    if kind == "text":
        _length(content.get("body"), 1, 4096, "Text body")
    elif kind == "interactive":
        _interactive(content)
    elif kind == "template":
        _template(content)
    elif kind in ("document", "image"):
        media_id, link = content.get("id"), content.get("link")
        if media_id is None and link is None:
            raise ApiError(131008, "Required parameter is missing", "id or link is required")
        if media_id is not None and media_id not in media_ids:
            raise ApiError(131053, "Media upload error", "Unknown media id")
        if "caption" in content:
            _length(content["caption"], 1, 1024, "Caption")
    else:
        raise ApiError(131051, "Unsupported message type", f"{kind} is not supported here")


def _interactive(content: JSONDict) -> None:
    body = content.get("body")
    _length(body.get("text") if isinstance(body, dict) else None, 1, 1024, "Body text")
    action = content.get("action")
    if not isinstance(action, dict):
        raise ApiError(131008, "Required parameter is missing", "action is required")
    if content.get("type") == "button":
        buttons = action.get("buttons")
        if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
            raise _invalid("Buttons count invalid. Min: 1, Max: 3")
        replies = [b.get("reply") or {} for b in buttons if isinstance(b, dict)]
        for reply in replies:
            _length(reply.get("id"), 1, 256, "Button id")
            _length(reply.get("title"), 1, 20, "Button title")
        if len({r["id"] for r in replies}) != len(replies):
            raise _invalid("Button ids must be unique")
        if len({r["title"] for r in replies}) != len(replies):
            raise _invalid("Button titles must be unique")
    elif content.get("type") == "list":
        _length(action.get("button"), 1, 20, "Button text")
        sections = action.get("sections")
        if not isinstance(sections, list) or not 1 <= len(sections) <= 10:
            raise _invalid("Sections count invalid. Min: 1, Max: 10")
        rows = [row for s in sections for row in (s.get("rows") or [])]
        if not 1 <= len(rows) <= 10:
            raise _invalid(f"Total row count exceed max allowed count: 10 ({len(rows)})")
        for section in sections:
            if len(sections) > 1 or "title" in section:
                _length(section.get("title"), 1, 24, "Section title")
        for row in rows:
            _length(row.get("id"), 1, 200, "Row id")
            _length(row.get("title"), 1, 24, "Row title")
            if "description" in row:
                _length(row["description"], 0, 72, "Row description")
        if len({row["id"] for row in rows}) != len(rows):
            raise _invalid("Row ids must be unique")
    else:
        raise _invalid(f"Interactive type {content.get('type')!r} is not supported here")


def _template(content: JSONDict) -> None:
    language = content.get("language")
    if not isinstance(content.get("name"), str) or not isinstance(language, dict):
        raise ApiError(131008, "Required parameter is missing", "name and language are required")
    if not isinstance(language.get("code"), str):
        raise ApiError(131008, "Required parameter is missing", "language.code is required")
    for component in content.get("components") or []:
        for parameter in component.get("parameters") or []:
            if parameter.get("type") == "text":
                _length(parameter.get("text"), 1, 1024, "Parameter text")
