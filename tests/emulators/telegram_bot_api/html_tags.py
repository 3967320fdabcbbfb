"""The pieces of Telegram's HTML parse mode: entities (&amp;…), tags and their attributes
turned into message entities, and the error Telegram answers for bad HTML."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from tests.emulators.telegram_bot_api.limits import JSONDict


class TelegramHtmlError(ValueError):
    """Text that Telegram's HTML parse mode rejects; the message is Telegram's wording."""


_HTML_TAGS: Final = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_SIMPLE_ENTITY_TYPES: Final[Mapping[str, str]] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED_HTML_ENTITIES: Final[Mapping[str, str]] = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
# Telegram's parser treats these ASCII characters (and the end of the text) as spaces.
_HTML_SPACES: Final = frozenset(" \t\r\n\v\f")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_html_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode the character reference starting with the ``&`` at ``pos``.

    Returns the character and the position after the reference, or ``None`` when the ``&``
    does not start a reference Telegram understands (``&lt; &gt; &amp; &quot;`` and numeric
    ones; the ``;`` is optional, like in Telegram).
    """
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        digits_start = end
        base = 10
        if end < n and text[end] in "xX":
            end += 1
            digits_start = end
            base = 16
        allowed = "0123456789abcdefABCDEF" if base == 16 else "0123456789"
        while end < n and text[end] in allowed:
            end += 1
        digits = text[digits_start:end]
        if not digits or end - pos >= 10:
            return None
        code = int(digits, base)
        if code == 0 or code >= 0x10FFFF:
            return None
        char = chr(code)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        name = text[pos + 1 : end]
        if name not in _NAMED_HTML_ENTITIES:
            return None
        char = _NAMED_HTML_ENTITIES[name]
    if end < n and text[end] == ";":
        end += 1
    return char, end


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    text_start: int


def _parse_html_attributes(
    text: str, i: int, tag: str, begin: int, byte_offset: Callable[[int], int]
) -> tuple[str, int]:
    """Read the attributes of a start tag from ``i`` up to its ``>``.

    Returns the tag's argument (``href``, code language, span class, emoji id, ...) and the
    position after the ``>``.
    """
    n = len(text)
    argument = ""
    at = byte_offset(begin)
    while True:
        while i < n and text[i] in _HTML_SPACES:
            i += 1
        if i >= n:
            raise TelegramHtmlError(f'Unclosed start tag "{tag}" at byte offset {at}')
        if text[i] == ">":
            return argument, i + 1
        name_start = i
        while i < n and text[i] not in _HTML_SPACES and text[i] not in "=>/\"'":
            i += 1
        attribute = text[name_start:i]
        if not attribute:
            raise TelegramHtmlError(f'Empty attribute name in the tag "{tag}" at byte offset {at}')
        while i < n and text[i] in _HTML_SPACES:
            i += 1
        if i >= n:
            raise TelegramHtmlError(f'Unclosed start tag "{tag}" at byte offset {at}')
        if text[i] != "=":
            if tag == "blockquote" and attribute == "expandable":
                argument = "1"
            continue
        i += 1
        while i < n and text[i] in _HTML_SPACES:
            i += 1
        if i >= n:
            raise TelegramHtmlError(f'Unclosed start tag "{tag}" at byte offset {at}')
        if text[i] in "\"'":
            quote = text[i]
            i += 1
            value_chars: list[str] = []
            while i < n and text[i] != quote:
                if text[i] == "&":
                    decoded = _decode_html_entity(text, i)
                    if decoded is not None:
                        value_chars.append(decoded[0])
                        i = decoded[1]
                        continue
                value_chars.append(text[i])
                i += 1
            if i < n:
                i += 1  # the closing quote
            value = "".join(value_chars)
        else:
            token_start = i
            while i < n and text[i].isascii() and (text[i].isalnum() or text[i] in ".-"):
                i += 1
            value = text[token_start:i].lower()
            if i < n and text[i] not in _HTML_SPACES and text[i] != ">":
                raise TelegramHtmlError(
                    f"Unexpected end of name token at byte offset {byte_offset(token_start)}"
                )
        if i >= n:
            raise TelegramHtmlError(f"Unclosed start tag at byte offset {at}")
        if tag == "a" and attribute == "href":
            argument = value
        elif tag == "code" and attribute == "class" and value.startswith("language-"):
            argument = value.removeprefix("language-")
        elif tag == "span" and attribute == "class" and value.startswith("tg-"):
            argument = value.removeprefix("tg-")
        elif tag == "tg-emoji" and attribute == "emoji-id":
            argument = value
        elif tag == "blockquote" and attribute == "expandable":
            argument = "1"


def _entity_for_tag(
    tag: _OpenTag, length: int, inner_text: str, entities: list[JSONDict]
) -> JSONDict | None:
    """The MessageEntity a closed tag produces (or ``None``; may update the last entity)."""
    offset = tag.utf16_offset
    simple = _SIMPLE_ENTITY_TYPES.get(tag.name)
    if simple is not None:
        return {"type": simple, "offset": offset, "length": length}
    if tag.name == "a":
        url = tag.argument or inner_text
        if not url.strip():
            return None
        return {"type": "text_link", "offset": offset, "length": length, "url": url}
    if tag.name == "code":
        entity: JSONDict = {"type": "code", "offset": offset, "length": length}
        if tag.argument:
            entity["language"] = tag.argument  # kept only if a <pre> wraps it (see below)
        return entity
    if tag.name == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
        ):
            language = last.get("language")
            entities.pop()
            pre: JSONDict = {"type": "pre", "offset": offset, "length": length}
            if language:
                pre["language"] = language
            return pre
        return {"type": "pre", "offset": offset, "length": length}
    if tag.name == "blockquote":
        kind = "expandable_blockquote" if tag.argument else "blockquote"
        return {"type": kind, "offset": offset, "length": length}
    if tag.name == "tg-emoji":
        if not tag.argument.isdigit() or int(tag.argument) == 0:
            raise TelegramHtmlError("Invalid custom emoji identifier specified")
        return {
            "type": "custom_emoji",
            "offset": offset,
            "length": length,
            "custom_emoji_id": tag.argument,
        }
    return None  # pragma: no cover - every allowed tag is handled above


def _strip_formatted(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Trim surrounding whitespace like Telegram does, keeping entity offsets consistent."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    shift = _utf16_len(text[: len(text) - len(text.lstrip())])
    limit = _utf16_len(stripped)
    result: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, limit)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result
