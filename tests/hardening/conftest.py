"""The hardening tests use the WhatsApp rig of tests/whatsapp (the real adapter and emulator)."""

from tests.whatsapp.conftest import rig

__all__ = ["rig"]
