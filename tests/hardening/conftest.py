"""The hardening tests use the WhatsApp rig of tests/whatsapp and the Telegram adapter and
emulator of tests/telegram (the real adapters over HTTP)."""

from tests.telegram.conftest import api, telegram
from tests.whatsapp.conftest import rig

__all__ = ["api", "rig", "telegram"]
