"""Reading a Bot API request: JSON, form or multipart parameters and uploaded files."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from tests.emulators.telegram_bot_api.limits import ERR_COMMANDS_JSON, ERR_MARKUP_JSON, JSONDict
from tests.emulators.telegram_bot_api.records import _bad_request

# ---------------------------------------------------------------------------------------------
# Request parsing
# ---------------------------------------------------------------------------------------------


@dataclass
class _Upload:
    filename: str | None
    content_type: str | None
    data: bytes


_DISPOSITION_PARAM_RE: Final = re.compile(r';\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))')


def _parse_multipart(body: bytes, boundary: str) -> tuple[JSONDict, dict[str, _Upload]]:
    """Split a ``multipart/form-data`` body into text fields and uploaded files."""
    fields: JSONDict = {}
    files: dict[str, _Upload] = {}
    delimiter = b"--" + boundary.encode("latin-1")
    for section in body.split(delimiter)[1:]:
        if section.startswith(b"--"):
            break  # the closing delimiter
        section = section.removeprefix(b"\r\n")
        head, _, content = section.partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, sep, value = line.partition(":")
            if sep:
                headers[key.strip().lower()] = value.strip()
        params = {
            match.group(1).lower(): (
                match.group(2).replace('\\"', '"')
                if match.group(2) is not None
                else match.group(3)
            )
            for match in _DISPOSITION_PARAM_RE.finditer(headers.get("content-disposition", ""))
        }
        name = params.get("name")
        if name is None:
            continue
        filename = params.get("filename")
        if filename is not None:
            # Clients escape these three characters in quoted form-data names (WHATWG rules).
            for escaped, char in (("%22", '"'), ("%0D", "\r"), ("%0A", "\n")):
                filename = filename.replace(escaped, char)
            files[name] = _Upload(filename, headers.get("content-type"), content)
        else:
            fields[name] = content.decode("utf-8", "replace")
    return fields, files


_JSON_FIELD_ERRORS: Final[Mapping[str, str]] = {
    "reply_markup": ERR_MARKUP_JSON,
    "commands": ERR_COMMANDS_JSON,
    "scope": "Bad Request: can't parse BotCommandScope JSON object",
    "allowed_updates": "Bad Request: can't parse allowed updates JSON array",
    "entities": "Bad Request: can't parse entities JSON object",
    "caption_entities": "Bad Request: can't parse entities JSON object",
    "reply_parameters": "Bad Request: can't parse reply parameters JSON object",
    "link_preview_options": "Bad Request: can't parse link preview options JSON object",
}


class _Params:
    """Typed access to the parameters of one request (form values arrive as strings)."""

    def __init__(self, raw: JSONDict, files: dict[str, _Upload]) -> None:
        self.raw = raw
        self.files = files
        self.decoded: JSONDict = dict(raw)

    def has(self, name: str) -> bool:
        return self.raw.get(name) not in (None, "")

    def get_str(self, name: str) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, error: str) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise _bad_request(error)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise _bad_request(error) from None

    def get_float(self, name: str) -> float | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise _bad_request(f'Bad Request: field "{name}" must be a number') from None

    def get_bool(self, name: str) -> bool:
        value = self.raw.get(name)
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in {"true", "1"} if value is not None else False

    def get_json(self, name: str) -> Any:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                raise _bad_request(
                    _JSON_FIELD_ERRORS.get(name, f"Bad Request: can't parse {name}")
                ) from None
        self.decoded[name] = value
        return value
