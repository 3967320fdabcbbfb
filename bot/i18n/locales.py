"""The languages Josoor speaks. Here, below the core, so domain objects and catalogs share it."""

from __future__ import annotations

SUPPORTED_LOCALES: tuple[str, ...] = ("en", "ar", "fa", "de", "nl", "uk")
RTL_LOCALES: frozenset[str] = frozenset({"ar", "fa"})
DEFAULT_LOCALE = "en"
