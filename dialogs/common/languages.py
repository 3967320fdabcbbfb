"""Language names, as each language writes itself and in the reader's language, and the
language menu."""

from __future__ import annotations

from babel import Locale

from bot.core.common.messages import Option
from bot.i18n.locales import SUPPORTED_LOCALES
from dialogs.common.turn import Turn

#: Each language in its own name and script: a person finds theirs without reading ours.
NATIVE_NAMES: dict[str, str] = {
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "de": "Deutsch",
    "nl": "Nederlands",
    "uk": "Українська",
}

#: The order of the language menu: the languages most of our members speak come first.
MENU_ORDER: tuple[str, ...] = ("ar", "fa", "en", "de", "nl", "uk")
assert set(MENU_ORDER) == set(SUPPORTED_LOCALES) == set(NATIVE_NAMES)


def language_options(prefix: str, suffix: str = "") -> list[Option]:
    """Options like `lang:ar` or `lang:ar:<nonce>` for every supported language."""
    tail = f":{suffix}" if suffix else ""
    return [Option(f"{prefix}:{code}{tail}", NATIVE_NAMES[code]) for code in MENU_ORDER]


def language_name(turn: Turn, code: str) -> str:
    """A language's name in the reader's language (CLDR), e.g. الفارسية for fa in Arabic."""
    name = Locale.parse(turn.locale).languages.get(code, code)
    return str(name)
