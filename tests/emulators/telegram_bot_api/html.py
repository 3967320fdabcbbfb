"""Telegram's HTML parse mode: the text a user sees and its entities (the parser; its pieces
are in `html_tags.py`)."""

from __future__ import annotations

from tests.emulators.telegram_bot_api.html_tags import (
    _HTML_SPACES,
    _HTML_TAGS,
    TelegramHtmlError,
    _decode_html_entity,
    _entity_for_tag,
    _OpenTag,
    _parse_html_attributes,
    _utf16_len,
)
from tests.emulators.telegram_bot_api.limits import JSONDict

# ---------------------------------------------------------------------------------------------
# Telegram HTML parse mode
# ---------------------------------------------------------------------------------------------


def parse_telegram_html(text: str, *, strict: bool = True) -> tuple[str, list[JSONDict]]:
    """Parse ``text`` the way Telegram's ``parse_mode=HTML`` does.

    Returns the plain text and its MessageEntity list (offsets in UTF-16 code units). Raises
    :class:`TelegramHtmlError` with Telegram's own wording (without the ``can't parse
    entities:`` prefix) for text the server rejects. With ``strict`` a ``&`` that starts no
    known character reference is rejected too (Telegram itself would show it literally).
    """

    def byte_offset(pos: int) -> int:
        return len(text[:pos].encode("utf-8"))

    def is_space(pos: int) -> bool:
        return pos >= n or text[pos] in _HTML_SPACES

    n = len(text)
    out: list[str] = []
    out_len = 0  # characters in ``out``
    utf16 = 0
    stack: list[_OpenTag] = []
    entities: list[JSONDict] = []
    i = 0
    while i < n:
        char = text[i]
        if char == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is not None:
                out.append(decoded[0])
                out_len += 1
                utf16 += _utf16_len(decoded[0])
                i = decoded[1]
                continue
            if strict:
                raise TelegramHtmlError(
                    f'Unescaped "&" at byte offset {byte_offset(i)} '
                    "(emulator strict mode: write &amp;)"
                )
        if char != "<":
            out.append(char)
            out_len += 1
            utf16 += 2 if ord(char) > 0xFFFF else 1
            i += 1
            continue

        begin = i
        i += 1
        if i < n and text[i] == "/":
            # An end tag.
            if not stack:
                raise TelegramHtmlError(f"Unexpected end tag at byte offset {byte_offset(begin)}")
            i += 1
            while not is_space(i) and text[i] != ">":
                i += 1
            end_name = text[begin + 2 : i].lower()
            while i < n and text[i] in _HTML_SPACES:
                i += 1
            if i >= n or text[i] != ">":
                raise TelegramHtmlError(f"Unclosed end tag at byte offset {byte_offset(begin)}")
            i += 1
            top = stack[-1]
            if end_name and end_name != top.name:
                raise TelegramHtmlError(
                    f"Unmatched end tag at byte offset {byte_offset(begin)}, "
                    f'expected "</{top.name}>", found "</{end_name}>"'
                )
            stack.pop()
            if utf16 > top.utf16_offset:
                inner = "".join(out)[top.text_start :]
                entity = _entity_for_tag(top, utf16 - top.utf16_offset, inner, entities)
                if entity is not None:
                    entities.append(entity)
            continue

        # A start tag.
        while not is_space(i) and text[i] != ">":
            i += 1
        if i >= n:
            raise TelegramHtmlError(f"Unclosed start tag at byte offset {byte_offset(begin)}")
        name = text[begin + 1 : i].lower()
        if name not in _HTML_TAGS:
            raise TelegramHtmlError(
                f'Unsupported start tag "{name}" at byte offset {byte_offset(begin)}'
            )
        argument, i = _parse_html_attributes(text, i, name, begin, byte_offset)
        if name == "span" and argument != "spoiler":
            raise TelegramHtmlError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(begin)}'
            )
        stack.append(_OpenTag(name, argument, utf16, out_len))

    if stack:
        raise TelegramHtmlError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities
