"""Translations and locale-aware formatting. Every user-facing string goes through here."""

from bot.i18n.catalogs import Catalogs, Translator
from bot.i18n.text import isolate, strip_bidi_controls

__all__ = ["Catalogs", "Translator", "isolate", "strip_bidi_controls"]
