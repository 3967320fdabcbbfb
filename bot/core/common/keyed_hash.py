"""Keyed hashes (HMAC-SHA256) of ids we must recognise but need not read.

Platform event ids are kept for a week so that a redelivery is answered once; WhatsApp's
message ids encode the phone number, so we keep `KeyedHash("event", id)` instead. The key is
the server's (see `bot/storage/common/server_key.py`): without it a stored hash cannot be
matched against a guessed id. The same key signs the web chat's session cookies, each use
under its own purpose so that a value made for one cannot stand for another.
"""

from __future__ import annotations

import base64
import hashlib
import hmac


class KeyedHash:
    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("the server key must have at least 32 bytes")
        self._key = key

    def __call__(self, purpose: str, value: str) -> str:
        """43 URL-safe characters (256 bits), the same for the same purpose and value."""
        message = f"{purpose}\x00{value}".encode("utf-8", "surrogatepass")
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def matches(self, purpose: str, value: str, given: str) -> bool:
        """Constant-time comparison of `given` with the hash of `value`."""
        return hmac.compare_digest(self(purpose, value).encode(), given.encode("utf-8", "replace"))
