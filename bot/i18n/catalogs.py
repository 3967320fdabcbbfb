"""Gettext catalogs read straight from `locales/<lang>/LC_MESSAGES/messages.po`.

The .po files are compiled in memory at start-up (a few milliseconds each), so there is no
separate compile step to forget and no stale .mo file to ship.

Messages use Python brace placeholders: `tr.text("Welcome to {community}!", community=...)`.
The extraction keywords are `text` and `plural` (see babel.cfg).
"""

from __future__ import annotations

import io
from functools import cached_property
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot.i18n.formatting import format_number
from bot.i18n.locales import DEFAULT_LOCALE, RTL_LOCALES, SUPPORTED_LOCALES
from bot.i18n.text import mark_commands

DOMAIN = "messages"


def default_locales_dir() -> Path:
    """The `locales/` folder at the top of the source tree."""
    return Path(__file__).resolve().parents[2] / "locales"


class Translator:
    """Translations for one locale. Numbers substituted into messages use native digits;
    commands in right-to-left messages carry direction marks (see `mark_commands`)."""

    def __init__(self, locale: str, translations: Translations) -> None:
        self.locale = locale
        self._translations = translations

    @property
    def rtl(self) -> bool:
        return self.locale in RTL_LOCALES

    def text(self, message: str, /, **values: object) -> str:
        translated = self._template(self._translations.gettext(message))
        return translated.format(**self._localise(values)) if values else translated

    def plural(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        translated = self._template(self._translations.ngettext(singular, plural, n))
        return translated.format(**self._localise({"n": n, **values}))

    def _template(self, translated: str) -> str:
        return mark_commands(translated) if self.rtl and "/" in translated else translated

    def _localise(self, values: dict[str, object]) -> dict[str, object]:
        return {
            key: format_number(value, self.locale)
            if isinstance(value, int) and not isinstance(value, bool)
            else value
            for key, value in values.items()
        }


class Catalogs:
    """All translators, loaded once. Unknown locales fall back to English."""

    def __init__(self, locales_dir: Path | None = None) -> None:
        self._dir = locales_dir or default_locales_dir()

    @cached_property
    def _translators(self) -> dict[str, Translator]:
        loaded = {}
        for locale in SUPPORTED_LOCALES:
            po_path = self._dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
            if locale == DEFAULT_LOCALE and not po_path.exists():
                translations = Translations()
            else:
                translations = _compile(po_path, locale)
            loaded[locale] = Translator(locale, translations)
        return loaded

    def get(self, locale: str | None) -> Translator:
        return (
            self._translators.get(best_locale(locale) or DEFAULT_LOCALE)
            or self._translators[DEFAULT_LOCALE]
        )

    def all(self) -> dict[str, Translator]:
        return dict(self._translators)


def best_locale(hint: str | None) -> str | None:
    """Map a platform language code (`ar`, `fa-IR`, `de_AT`, `prs`) to a supported locale."""
    if not hint:
        return None
    base = hint.replace("_", "-").split("-")[0].lower()
    base = {"prs": "fa", "pes": "fa", "ua": "uk"}.get(base, base)
    return base if base in SUPPORTED_LOCALES else None


def _compile(po_path: Path, locale: str) -> Translations:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
